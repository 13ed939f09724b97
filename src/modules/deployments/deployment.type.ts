import { DeploymentStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const DeploymentStatusEnum = builder.enumType(DeploymentStatus, {
  name: 'DeploymentStatus',
  description:
    'PENDING until the first good health check; then LIVE, DEGRADED (slow, or failing fewer than DEPLOYMENT_DOWN_AFTER_FAILURES checks in a row) or DOWN, by each check; RETIRED is final.',
});

export const DeploymentType = builder.prismaNode('Deployment', {
  id: { field: 'id' },
  nullable: true,
  description: 'A published agent version running in an environment, its health checked on a schedule.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'agents:read') }),
  authScopes: { scope: 'agents:read' },
  fields: (t) => ({
    agent: t.relation('agent'),
    version: t.relation('version'),
    environment: t.exposeString('environment'),
    endpointUrl: t.exposeString('endpointUrl'),
    healthCheckUrl: t.exposeString('healthCheckUrl'),
    status: t.expose('status', { type: DeploymentStatusEnum }),
    statusChangedAt: t.expose('statusChangedAt', { type: 'DateTime' }),
    consecutiveFailures: t.exposeInt('consecutiveFailures'),
    checks: t.exposeInt('checks', { description: 'Health checks made so far.' }),
    lastCheckedAt: t.expose('lastCheckedAt', { type: 'DateTime', nullable: true }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    lastLatencyMs: t.exposeInt('lastLatencyMs', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last check was not healthy.' }),
    nextCheckAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the next health check is due (null once retired).',
      resolve: (d) => (d.status === 'RETIRED' ? null : d.nextCheckAt),
    }),
    retiredAt: t.expose('retiredAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
