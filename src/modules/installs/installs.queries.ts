import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { tenantOf } from '../../graphql/tenant.js';
import { CompatibilityItemType, InstallationStatusEnum, InstallationType } from './installation.type.js';
import { checkCompatibility } from './installs.service.js';

const InstallationsFilter = builder.inputType('InstallationsFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false }),
    status: t.field({ type: [InstallationStatusEnum], required: false }),
  }),
});

builder.queryField('installations', (t) =>
  t.prismaConnection({
    type: InstallationType,
    cursor: 'id',
    description: 'Installs in your organization, newest first.',
    authScopes: { scope: 'agents:read' },
    args: { filter: t.arg({ type: InstallationsFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) => {
      const where: Prisma.InstallationWhereInput = {
        organizationId: tenantOf(ctx),
        ...(filter?.agentId
          ? { agentId: idFor('Agent', filter.agentId) ?? '00000000-0000-0000-0000-000000000000' }
          : {}),
        ...(filter?.status?.length ? { status: { in: filter.status } } : {}),
      };
      return prisma.installation.findMany({ ...query, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    },
  }),
);

const InstallCheck = builder.simpleObject('InstallCheck', {
  description: 'What installing a version would need and ask for (nothing is installed).',
  fields: (t) => ({
    compatible: t.boolean(),
    items: t.field({ type: [CompatibilityItemType] }),
    requestedScopes: t.stringList(),
  }),
});

builder.queryField('installCheck', (t) =>
  t.field({
    type: InstallCheck,
    nullable: true,
    description:
      'Check a version against your runtime and list the scopes it requests, without installing it; null when there is no such version.',
    authScopes: { scope: 'agents:read' },
    args: { versionId: t.arg.globalID() },
    resolve: async (_root, { versionId }, ctx) => {
      const organizationId = tenantOf(ctx);
      const id = idFor('AgentVersion', versionId);
      const version = id ? await prisma.agentVersion.findFirst({ where: { id, organizationId } }) : null;
      if (!version) return null;
      const { items, requestedScopes } = await checkCompatibility(prisma, organizationId, version);
      return { compatible: items.every((i) => i.ok), items, requestedScopes };
    },
  }),
);
