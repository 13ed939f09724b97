import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const ApiKeyType = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description: 'An API key. The secret is shown once, when the key is created, and stored hashed.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'org:read') }),
  authScopes: { scope: 'org:read' },
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The public part of the key, to recognise it: agk_<prefix>_…' }),
    scopes: t.exposeStringList('scopes'),
    agent: t.relation('agent', { nullable: true, description: 'The agent this key acts as, if it is bound to one.' }),
    createdBy: t.relation('createdBy', { nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Updated at most once a minute.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    active: t.boolean({
      description: 'Neither revoked nor expired.',
      select: { revokedAt: true, expiresAt: true },
      resolve: (key) => !key.revokedAt && (!key.expiresAt || key.expiresAt > new Date()),
    }),
  }),
});
