import { prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { callerOf, viewerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { encodeGlobalId, idFor } from '../../graphql/global-id.js';
import { parseInput } from '../../graphql/validation.js';
import { InvitationType } from './invitation.type.js';
import { acceptInvitation, declineInvitation, inviteMember, revokeInvitation } from './invitations.service.js';
import { changeMemberRole, removeMember } from './members.service.js';
import { addMemberInput, changeMemberRoleInput } from './members.validation.js';
import { MembershipType, RoleEnum } from './membership.type.js';

const MembershipPayload = builder.simpleObject('MembershipPayload', {
  fields: (t) => ({ membership: t.field({ type: MembershipType }) }),
});

const RemoveMemberPayload = builder.simpleObject('RemoveMemberPayload', {
  fields: (t) => ({ removedMembershipId: t.id({ description: 'Global ID of the removed membership.' }) }),
});

const InvitationPayload = builder.simpleObject('InvitationPayload', {
  fields: (t) => ({ invitation: t.field({ type: InvitationType }) }),
});

builder.mutationField('addMember', (t) =>
  t.fieldWithInput({
    description:
      'Invite a person, by email, to your organization with a role. They become a member when they accept (acceptInvitation), signed in as themselves. The answer is the same whether or not the email has an account.',
    authScopes: { scope: 'members:write' },
    errors: { types: commonErrors },
    input: {
      email: t.input.string(),
      name: t.input.string({ description: 'How to call them if they have no account yet.' }),
      role: t.input.field({ type: RoleEnum }),
    },
    type: InvitationPayload,
    resolve: async (_root, { input }, ctx) => ({
      invitation: await inviteMember(callerOf(ctx), parseInput(addMemberInput, input)),
    }),
  }),
);

builder.mutationField('acceptInvitation', (t) =>
  t.fieldWithInput({
    description: 'Accept an invitation made to you: you become a member with its role.',
    authScopes: { authenticated: true },
    errors: { types: commonErrors },
    input: { invitationId: t.input.globalID() },
    type: InvitationPayload,
    resolve: async (_root, { input }, ctx) => {
      const viewer = viewerOf(ctx);
      await acceptInvitation(viewer, ctx.requestId, idFor('Invitation', input.invitationId));
      return {
        invitation: await prisma.invitation.findUniqueOrThrow({ where: { id: input.invitationId.id } }),
      };
    },
  }),
);

builder.mutationField('declineInvitation', (t) =>
  t.fieldWithInput({
    description: 'Decline an invitation made to you.',
    authScopes: { authenticated: true },
    errors: { types: commonErrors },
    input: { invitationId: t.input.globalID() },
    type: InvitationPayload,
    resolve: async (_root, { input }, ctx) => ({
      invitation: await declineInvitation(viewerOf(ctx), ctx.requestId, idFor('Invitation', input.invitationId)),
    }),
  }),
);

builder.mutationField('revokeInvitation', (t) =>
  t.fieldWithInput({
    description: "Withdraw your organization's pending invitation.",
    authScopes: { scope: 'members:write' },
    errors: { types: commonErrors },
    input: { invitationId: t.input.globalID() },
    type: InvitationPayload,
    resolve: async (_root, { input }, ctx) => ({
      invitation: await revokeInvitation(callerOf(ctx), idFor('Invitation', input.invitationId)),
    }),
  }),
);

builder.mutationField('changeMemberRole', (t) =>
  t.fieldWithInput({
    description: 'Change the role of a member. The last OWNER cannot be demoted.',
    authScopes: { scope: 'members:write' },
    errors: { types: commonErrors },
    input: {
      membershipId: t.input.globalID(),
      role: t.input.field({ type: RoleEnum }),
    },
    type: MembershipPayload,
    resolve: async (_root, { input }, ctx) => {
      const { role } = parseInput(changeMemberRoleInput, { role: input.role });
      return { membership: await changeMemberRole(callerOf(ctx), idFor('Membership', input.membershipId), role) };
    },
  }),
);

builder.mutationField('removeMember', (t) =>
  t.fieldWithInput({
    description: 'Remove a member. The last OWNER, and anyone still governing agents, cannot be removed.',
    authScopes: { scope: 'members:write' },
    errors: { types: commonErrors },
    input: { membershipId: t.input.globalID() },
    type: RemoveMemberPayload,
    resolve: async (_root, { input }, ctx) => {
      const removed = await removeMember(callerOf(ctx), idFor('Membership', input.membershipId));
      return { removedMembershipId: encodeGlobalId('Membership', removed.id) };
    },
  }),
);
