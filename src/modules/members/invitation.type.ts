import { InvitationStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { RoleEnum } from './membership.type.js';

export const InvitationStatusEnum = builder.enumType(InvitationStatus, { name: 'InvitationStatus' });

export const InvitationType = builder.prismaNode('Invitation', {
  id: { field: 'id' },
  nullable: true,
  description:
    'An invitation to become a member of an organization with a role. The person accepts (or declines) it signed in as themselves; until then nothing changes for them.',
  // Visible to the inviting organization's readers and to the person invited; null to anyone else.
  findUnique: (id, ctx) => ({
    id,
    OR: [{ organizationId: tenantOf(ctx, 'org:read') }, { userId: ctx.viewer?.userId ?? NIL_UUID }],
  }),
  authScopes: { authenticated: true },
  fields: (t) => ({
    email: t.exposeString('email'),
    role: t.expose('role', { type: RoleEnum }),
    status: t.expose('status', { type: InvitationStatusEnum }),
    organizationName: t.string({
      description: 'The organization that invites.',
      select: { organization: { select: { name: true } } },
      resolve: (i) => i.organization.name,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});
