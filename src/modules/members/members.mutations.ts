import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { encodeGlobalId, idFor } from '../../graphql/global-id.js';
import { parseInput } from '../../graphql/validation.js';
import { addMember, changeMemberRole, removeMember } from './members.service.js';
import { addMemberInput, changeMemberRoleInput } from './members.validation.js';
import { MembershipType, RoleEnum } from './membership.type.js';

const MembershipPayload = builder.simpleObject('MembershipPayload', {
  fields: (t) => ({ membership: t.field({ type: MembershipType }) }),
});

const RemoveMemberPayload = builder.simpleObject('RemoveMemberPayload', {
  fields: (t) => ({ removedMembershipId: t.id({ description: 'Global ID of the removed membership.' }) }),
});

builder.mutationField('addMember', (t) =>
  t.fieldWithInput({
    description: 'Add a person (created if new, by email) to your organization with a role.',
    authScopes: { scope: 'members:write' },
    errors: { types: commonErrors },
    input: {
      email: t.input.string(),
      name: t.input.string(),
      role: t.input.field({ type: RoleEnum }),
    },
    type: MembershipPayload,
    resolve: async (_root, { input }, ctx) => ({
      membership: await addMember(callerOf(ctx), parseInput(addMemberInput, input)),
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
