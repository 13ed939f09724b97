import { actorGlobalId } from '../../events/record.js';
import { InstallationStatus, InstallState } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';
import type { CompatibilityItem } from './compatibility.js';
import { runtimeOf } from './compatibility.js';

export const InstallationStatusEnum = builder.enumType(InstallationStatus, {
  name: 'InstallationStatus',
  description:
    'PENDING_GRANT until a governor grants the requested scopes (all or some); ACTIVE (its version is current, its grants are the agent’s scopes); SUPERSEDED by a later install; REFUSED; UNINSTALLED.',
});
export const InstallStateEnum = builder.enumType(InstallState, { name: 'InstallState' });

export const CompatibilityItemType = builder.objectRef<CompatibilityItem>('CompatibilityItem').implement({
  description: 'One requirement of a manifest and what the organization provides for it.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'DEPENDENCY (a semver range) or SERVICE.' }),
    name: t.exposeString('name'),
    required: t.exposeString('required'),
    provided: t.exposeString('provided', { nullable: true }),
    ok: t.exposeBoolean('ok'),
  }),
});

export const InstallationType = builder.prismaNode('Installation', {
  id: { field: 'id' },
  nullable: true,
  description:
    'An install of a published agent version in your organization, with its compatibility check and the scopes granted.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'agents:read') }),
  authScopes: { scope: 'agents:read' },
  fields: (t) => ({
    agent: t.relation('agent'),
    version: t.relation('version'),
    status: t.expose('status', { type: InstallationStatusEnum }),
    requestedScopes: t.exposeStringList('requestedScopes', {
      description: 'What the manifest asks for (permissions and tools).',
    }),
    grantedScopes: t.exposeStringList('grantedScopes'),
    compatibility: t.field({
      type: [CompatibilityItemType],
      resolve: (i) => i.compatibility as unknown as CompatibilityItem[],
    }),
    requestedById: t.string({
      nullable: true,
      resolve: (i) => actorGlobalId({ actorType: i.requestedByType, actorId: i.requestedById }),
    }),
    decidedById: t.string({
      nullable: true,
      resolve: (i) => (i.decidedByType ? actorGlobalId({ actorType: i.decidedByType, actorId: i.decidedById }) : null),
    }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const RuntimeDependency = builder.objectRef<{ name: string; version: string }>('RuntimeDependency').implement({
  fields: (t) => ({ name: t.exposeString('name'), version: t.exposeString('version') }),
});
const RuntimeType = builder
  .objectRef<{ dependencies: { name: string; version: string }[]; services: string[] }>('Runtime')
  .implement({
    description: 'What the organization provides to the agents it installs.',
    fields: (t) => ({
      dependencies: t.field({ type: [RuntimeDependency], resolve: (r) => r.dependencies }),
      services: t.exposeStringList('services', { description: 'Besides the service catalog’s keys.' }),
    }),
  });

builder.prismaObjectFields('Organization', (t) => ({
  runtime: t.field({
    type: RuntimeType,
    authScopes: { scope: 'org:read' },
    select: { runtime: true },
    resolve: (o) => {
      const r = runtimeOf(o.runtime);
      return {
        dependencies: Object.entries(r.dependencies).map(([name, version]) => ({ name, version })),
        services: r.services,
      };
    },
  }),
}));

builder.prismaObjectFields('Agent', (t) => ({
  installState: t.expose('installState', {
    type: InstallStateEnum,
    nullable: true,
    description: 'Null until first installed; then only its grantedScopes count, and UNINSTALLED may not act.',
  }),
  grantedScopes: t.exposeStringList('grantedScopes'),
  installations: t.relatedConnection('installations', {
    cursor: 'id',
    description: 'Its installs, newest first.',
    query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
  }),
}));
