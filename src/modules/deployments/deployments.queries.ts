import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { tenantOf } from '../../graphql/tenant.js';
import { DeploymentStatusEnum, DeploymentType } from './deployment.type.js';

const DeploymentsFilter = builder.inputType('DeploymentsFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false }),
    environment: t.string({ required: false }),
    status: t.field({ type: [DeploymentStatusEnum], required: false, description: 'Any of these statuses.' }),
    includeRetired: t.boolean({ required: false, defaultValue: false }),
  }),
});

builder.queryField('deployments', (t) =>
  t.prismaConnection({
    type: DeploymentType,
    cursor: 'id',
    description: 'Your deployments, newest first (retired ones only when asked).',
    authScopes: { scope: 'agents:read' },
    args: { filter: t.arg({ type: DeploymentsFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) => {
      const where: Prisma.DeploymentWhereInput = {
        organizationId: tenantOf(ctx),
        ...(filter?.agentId
          ? { agentId: idFor('Agent', filter.agentId) ?? '00000000-0000-0000-0000-000000000000' }
          : {}),
        ...(filter?.environment ? { environment: filter.environment } : {}),
        // Statuses asked for are answered as asked; otherwise retired ones only with includeRetired.
        ...(filter?.status?.length
          ? { status: { in: filter.status } }
          : filter?.includeRetired
            ? {}
            : { status: { not: 'RETIRED' } }),
      };
      return prisma.deployment.findMany({ ...query, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    },
  }),
);

builder.prismaObjectField('Agent', 'deployments', (t) =>
  t.relatedConnection('deployments', {
    description: 'Where the agent runs: its open deployments, newest first.',
    cursor: 'id',
    query: { where: { status: { not: 'RETIRED' } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
  }),
);
