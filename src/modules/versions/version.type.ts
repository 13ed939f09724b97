import { VersionStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';
import type { Manifest } from './manifest.js';

export const VersionStatusEnum = builder.enumType(VersionStatus, {
  name: 'VersionStatus',
  description: 'DRAFT (editable) → PUBLISHED → ARCHIVED.',
});

const ManifestConfig = builder.simpleObject('ManifestConfig', {
  description: 'Runtime limits from the manifest.',
  fields: (t) => ({
    timeout: t.int({ description: 'Milliseconds (the CapeControl form’s seconds × 1000).' }),
    retries: t.int(),
    memoryLimit: t.int({ description: 'MiB.' }),
    cpuLimit: t.float({ description: 'CPU cores.' }),
    concurrentTasks: t.int(),
  }),
});

const ManifestPermissions = builder.simpleObject('ManifestPermissions', {
  fields: (t) => ({
    scopes: t.stringList(),
    requiredRoles: t.stringList(),
    dataAccess: t.string({ description: 'NONE, READ or READ_WRITE.' }),
    dataCategories: t.stringList({
      description: 'The data it accesses, by name (the CapeControl form’s data_access).',
    }),
  }),
});

const ManifestTool = builder.simpleObject('ManifestTool', {
  fields: (t) => ({
    name: t.string(),
    description: t.string({ nullable: true }),
    scopes: t.stringList(),
  }),
});

const ManifestTrigger = builder.simpleObject('ManifestTrigger', {
  fields: (t) => ({ type: t.string(), value: t.string({ nullable: true }) }),
});

const manifestOf = (v: { manifest: unknown }) => v.manifest as Manifest;

export const AgentVersionType = builder.prismaNode('AgentVersion', {
  id: { field: 'id' },
  // Select mode: a query loads only the columns its fields need.
  select: { id: true },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description: 'A version of an agent: a semver and a validated manifest.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'agents:read') }),
  authScopes: { scope: 'agents:read' },
  fields: (t) => ({
    semver: t.exposeString('semver'),
    status: t.expose('status', { type: VersionStatusEnum }),
    changelog: t.exposeString('changelog'),
    agent: t.relation('agent'),
    createdBy: t.relation('createdBy', { nullable: true }),
    manifest: t.expose('manifest', { type: 'JSON', description: 'The whole manifest, as validated.' }),
    placement: t.string({ select: { manifest: true }, resolve: (v) => manifestOf(v).placement }),
    config: t.field({ type: ManifestConfig, select: { manifest: true }, resolve: (v) => manifestOf(v).config }),
    permissions: t.field({
      type: ManifestPermissions,
      select: { manifest: true },
      // Versions stored before dataCategories existed have none.
      resolve: (v) => {
        const p = manifestOf(v).permissions;
        return { ...p, dataCategories: p.dataCategories ?? [] };
      },
    }),
    dependencies: t.field({
      type: 'JSON',
      select: { manifest: true },
      description: 'Package or runtime → version range.',
      resolve: (v) => manifestOf(v).dependencies,
    }),
    services: t.stringList({
      select: { manifest: true },
      description: 'Services it needs (the CapeControl form’s dependencies.services).',
      resolve: (v) => manifestOf(v).services ?? [],
    }),
    tools: t.field({ type: [ManifestTool], select: { manifest: true }, resolve: (v) => manifestOf(v).tools }),
    triggers: t.field({ type: [ManifestTrigger], select: { manifest: true }, resolve: (v) => manifestOf(v).triggers }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
