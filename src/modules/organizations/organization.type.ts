import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';
import { trustSettingsOf } from '../trust/trust.service.js';

export const OrganizationType = builder.prismaNode('Organization', {
  id: { field: 'id' },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description: 'A tenant. Everything you can see belongs to your organization.',
  // Only the caller's own organization resolves.
  findUnique: (id, ctx) => ({ id, AND: [{ id: tenantOf(ctx) }] }),
  authScopes: { authenticated: true },
  // Its name, slug, time zone and creation date are for anyone signed in to it (an invitee, a
  // customer); what it keeps — members, keys, halts, trust and runtime settings — needs org:read.
  fields: (t) => ({
    name: t.exposeString('name'),
    haltedAt: t.expose('haltedAt', {
      type: 'DateTime',
      nullable: true,
      authScopes: { scope: 'org:read' },
      description: 'Set while halted (haltAgents): every decision, spend, task start and message is refused.',
    }),
    haltReason: t.exposeString('haltReason', { nullable: true, authScopes: { scope: 'org:read' } }),
    slug: t.exposeString('slug'),
    timeZone: t.exposeString('timeZone', { description: 'IANA time zone used for budget windows.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    trustSettings: t.field({
      type: 'JSON',
      description: 'The trust formula settings in force, defaults filled in (see README, Trust).',
      authScopes: { scope: 'org:read' },
      select: { trustSettings: true },
      resolve: (org) => trustSettingsOf(org.trustSettings),
    }),
    members: t.relatedConnection('memberships', {
      description: 'Members and their roles, oldest first.',
      authScopes: { scope: 'org:read' },
      cursor: 'id',
      totalCount: true,
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    apiKeys: t.relatedConnection('apiKeys', {
      description: 'API keys of the organization, newest first (secrets are never shown again).',
      authScopes: { scope: 'org:read' },
      cursor: 'id',
      totalCount: true,
      query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
    }),
  }),
});
