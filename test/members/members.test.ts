import { describe, expect, it } from 'vitest';
import { decodeGlobalId, encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { send } from '../schema-calls.js';
import { newTenant, signJwt } from '../seed.js';

const api = useTestApi();

const AddMember = graphql(`
  mutation AddMember($input: AddMemberInput!) {
    addMember(input: $input) {
      __typename
      ... on InvitationPayload { invitation { id email role status } }
      ... on ValidationError { issues { path } }
      ... on ConflictError { message }
    }
  }
`);
const AcceptInvitation = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      __typename
      ... on InvitationPayload { invitation { status } }
      ... on NotFoundError { message }
      ... on InvalidTransitionError { message }
    }
  }
`);
const DeclineInvitation = graphql(`
  mutation DeclineInvitation($input: DeclineInvitationInput!) {
    declineInvitation(input: $input) { __typename ... on InvitationPayload { invitation { status } } }
  }
`);
const MyInvitations = graphql(`query MyInvitations { viewer { invitations { id organizationName role } scopes } }`);
const ChangeRole = graphql(`
  mutation ChangeRole($input: ChangeMemberRoleInput!) {
    changeMemberRole(input: $input) {
      __typename
      ... on MembershipPayload { membership { role } }
      ... on InvalidTransitionError { message }
      ... on NotFoundError { message }
    }
  }
`);
const RemoveMember = graphql(`
  mutation RemoveMember($input: RemoveMemberInput!) {
    removeMember(input: $input) {
      __typename
      ... on RemoveMemberPayload { removedMembershipId }
      ... on InvalidTransitionError { message }
      ... on ConflictError { message }
    }
  }
`);

const ownerMembershipId = async (organizationId: string) =>
  encodeGlobalId(
    'Membership',
    (await prisma.membership.findFirstOrThrow({ where: { organizationId, role: 'OWNER' } })).id,
  );

describe('members', () => {
  it('an OWNER invites, the person accepts, then is re-roled and removed, each with an event', async () => {
    const t = await newTenant();
    const added = await api.ok(
      AddMember,
      { input: { email: 'New@Example.com', name: 'New', role: 'VIEWER' } },
      t.ownerJwt,
    );
    if (added.addMember.__typename !== 'InvitationPayload') throw new Error(added.addMember.__typename);
    expect(added.addMember.invitation).toMatchObject({ email: 'new@example.com', role: 'VIEWER', status: 'PENDING' });
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'new@example.com' } });
    const jwt = await signJwt({ sub: user.id, org: t.organization.id });
    // Invited, not yet a member: they see their invitation and nothing else.
    const mine = await api.ok(MyInvitations, {}, jwt);
    expect(mine.viewer).toEqual({
      invitations: [{ id: added.addMember.invitation.id, organizationName: t.organization.name, role: 'VIEWER' }],
      scopes: [],
    });
    const accepted = await api.ok(AcceptInvitation, { input: { invitationId: added.addMember.invitation.id } }, jwt);
    expect(accepted.acceptInvitation).toEqual({ __typename: 'InvitationPayload', invitation: { status: 'ACCEPTED' } });
    const membershipId = encodeGlobalId(
      'Membership',
      (await prisma.membership.findFirstOrThrow({ where: { organizationId: t.organization.id, userId: user.id } })).id,
    );
    expect(
      (await api.ok(ChangeRole, { input: { membershipId, role: 'GOVERNOR' } }, t.ownerJwt)).changeMemberRole,
    ).toEqual({ __typename: 'MembershipPayload', membership: { role: 'GOVERNOR' } });
    expect((await api.ok(RemoveMember, { input: { membershipId } }, t.ownerJwt)).removeMember).toEqual({
      __typename: 'RemoveMemberPayload',
      removedMembershipId: membershipId,
    });
    const verbs = (
      await prisma.activityEvent.findMany({
        where: { organizationId: t.organization.id },
        orderBy: { sequence: 'asc' },
      })
    ).map((e) => e.verb);
    expect(verbs.slice(-4)).toEqual(['member.invited', 'member.added', 'member.role_changed', 'member.removed']);
  });

  it("inviting another organization's user reveals nothing and changes nothing for them until they accept", async () => {
    const a = await newTenant('Org A');
    const b = await newTenant('Org B');
    const aUser = await a.member('VIEWER');
    const email = (await prisma.user.findUniqueOrThrow({ where: { id: aUser.userId } })).email;
    const invited = await api.ok(AddMember, { input: { email, name: 'Anything', role: 'VIEWER' } }, b.ownerKey);
    const stranger = await api.ok(
      AddMember,
      { input: { email: 'nobody-at-all@example.com', name: 'Anything', role: 'VIEWER' } },
      b.ownerKey,
    );
    // The same shape for an existing account and an unknown email; the real name never shows.
    expect(invited.addMember.__typename).toBe('InvitationPayload');
    expect(stranger.addMember.__typename).toBe('InvitationPayload');
    expect(JSON.stringify(invited)).not.toContain('A VIEWER');
    expect(await prisma.membership.count({ where: { organizationId: b.organization.id, userId: aUser.userId } })).toBe(
      0,
    );
    expect((await prisma.user.findUniqueOrThrow({ where: { id: aUser.userId } })).name).toBe('A VIEWER');
    if (invited.addMember.__typename !== 'InvitationPayload') throw new Error('not invited');
    // B cannot accept for them; they decline with their own token.
    const byB = await api.ok(
      AcceptInvitation,
      { input: { invitationId: invited.addMember.invitation.id } },
      b.ownerJwt,
    );
    expect(byB.acceptInvitation.__typename).toBe('NotFoundError');
    const declined = await api.ok(
      DeclineInvitation,
      { input: { invitationId: invited.addMember.invitation.id } },
      aUser.jwt,
    );
    expect(declined.declineInvitation).toEqual({ __typename: 'InvitationPayload', invitation: { status: 'DECLINED' } });
    expect(await prisma.membership.count({ where: { organizationId: b.organization.id, userId: aUser.userId } })).toBe(
      0,
    );
  });

  it('inviting someone twice is a ConflictError; a bad email is a ValidationError', async () => {
    const t = await newTenant();
    await api.ok(AddMember, { input: { email: 'twice@example.com', name: 'T', role: 'VIEWER' } }, t.ownerKey);
    expect(
      (await api.ok(AddMember, { input: { email: 'twice@example.com', name: 'T', role: 'ADMIN' } }, t.ownerKey))
        .addMember.__typename,
    ).toBe('ConflictError');
    expect(
      (await api.ok(AddMember, { input: { email: 'not-an-email', name: 'T', role: 'ADMIN' } }, t.ownerKey)).addMember,
    ).toEqual({ __typename: 'ValidationError', issues: [{ path: ['input', 'email'] }] });
  });

  it('the last OWNER can be neither demoted nor removed; with a second OWNER they can', async () => {
    const t = await newTenant();
    const membershipId = await ownerMembershipId(t.organization.id);
    expect(
      (await api.ok(ChangeRole, { input: { membershipId, role: 'ADMIN' } }, t.ownerKey)).changeMemberRole.__typename,
    ).toBe('InvalidTransitionError');
    expect((await api.ok(RemoveMember, { input: { membershipId } }, t.ownerKey)).removeMember.__typename).toBe(
      'InvalidTransitionError',
    );
    await t.member('OWNER');
    expect(
      (await api.ok(ChangeRole, { input: { membershipId, role: 'ADMIN' } }, t.ownerKey)).changeMemberRole.__typename,
    ).toBe('MembershipPayload');
  });

  it('a member who governs agents cannot be removed', async () => {
    const t = await newTenant();
    await t.agent();
    await t.member('OWNER');
    const membershipId = await ownerMembershipId(t.organization.id);
    expect((await api.ok(RemoveMember, { input: { membershipId } }, t.ownerKey)).removeMember.__typename).toBe(
      'ConflictError',
    );
  });

  it.each(['GOVERNOR', 'OPERATOR', 'VIEWER'] as const)('a %s cannot manage members (FORBIDDEN)', async (role) => {
    const t = await newTenant();
    const member = await t.member(role);
    const result = await api.gql(
      AddMember,
      { input: { email: 'x@example.com', name: 'X', role: 'OWNER' } },
      member.jwt,
    );
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it("another organization's membership is NotFoundError", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const membershipId = await ownerMembershipId(other.organization.id);
    expect(
      (await api.ok(ChangeRole, { input: { membershipId, role: 'VIEWER' } }, t.ownerKey)).changeMemberRole.__typename,
    ).toBe('NotFoundError');
  });
});

describe('an invitation is answered once', () => {
  const answer = (field: string, input: Record<string, unknown>, token: string) =>
    send(
      api.url,
      `mutation($input: ${field[0]?.toUpperCase()}${field.slice(1)}Input!) { ${field}(input: $input) { __typename } }`,
      { input },
      token,
    ).then(
      ({ body }) =>
        (body.data as Record<string, { __typename: string }> | null)?.[field]?.__typename ??
        JSON.stringify(body.errors),
    );

  it('changing a member’s role and removing them at the same moment: one of each outcome holds, never an internal error', async () => {
    const t = await newTenant();
    for (let round = 0; round < 10; round++) {
      const member = await t.member('VIEWER');
      const membershipId = encodeGlobalId('Membership', member.membership.id);
      const answers = await Promise.all([
        answer('changeMemberRole', { membershipId, role: 'ADMIN' }, t.ownerJwt),
        answer('changeMemberRole', { membershipId, role: 'ADMIN' }, t.ownerJwt),
        answer('removeMember', { membershipId }, t.ownerJwt),
      ]);
      const [first, second, removed] = answers;
      // The two identical changes: one makes it, the other finds it made (or the member gone).
      expect(
        [first, second].filter((a) => a === 'MembershipPayload').length,
        JSON.stringify(answers),
      ).toBeLessThanOrEqual(1);
      for (const a of [first, second]) expect(['MembershipPayload', 'ConflictError', 'NotFoundError']).toContain(a);
      expect(removed).toBe('RemoveMemberPayload');
      const events = await prisma.activityEvent.count({
        where: { organizationId: t.organization.id, verb: 'member.role_changed', subjectId: member.membership.id },
      });
      expect(events).toBe([first, second].filter((a) => a === 'MembershipPayload').length);
    }
  });

  it('an invitation that ended answers its invitee InvalidTransitionError (not UNAUTHENTICATED); a removed member is UNAUTHENTICATED', async () => {
    const t = await newTenant();
    for (const ending of ['revokeInvitation', 'declineInvitation'] as const) {
      const email = `ended-by-${ending.toLowerCase()}@example.com`;
      const added = await api.ok(AddMember, { input: { email, name: 'Ended', role: 'VIEWER' } }, t.ownerJwt);
      if (added.addMember.__typename !== 'InvitationPayload') throw new Error(added.addMember.__typename);
      const invitationId = added.addMember.invitation.id;
      const user = await prisma.user.findUniqueOrThrow({ where: { email } });
      const jwt = await signJwt({ sub: user.id, org: t.organization.id });
      expect(await answer(ending, { invitationId }, ending === 'revokeInvitation' ? t.ownerJwt : jwt)).toBe(
        'InvitationPayload',
      );
      // Whichever came first, the invitee's answer says the invitation is over.
      expect(await answer('acceptInvitation', { invitationId }, jwt)).toBe('InvalidTransitionError');
      expect(await answer('declineInvitation', { invitationId }, jwt)).toBe('InvalidTransitionError');
      // Still nothing else: no scopes, no pending invitations.
      const mine = await api.ok(MyInvitations, {}, jwt);
      expect(mine.viewer).toEqual({ invitations: [], scopes: [] });
    }
    const removed = await t.member('VIEWER');
    await api.ok(
      RemoveMember,
      { input: { membershipId: encodeGlobalId('Membership', removed.membership.id) } },
      t.ownerJwt,
    );
    expect(await answer('declineInvitation', { invitationId: 'x' }, removed.jwt)).toContain('UNAUTHENTICATED');
  });

  it('accepting, declining and revoking it at the same moment: exactly one wins, and what it says is what holds', async () => {
    const t = await newTenant();
    for (let round = 0; round < 12; round++) {
      const email = `race-${round}@example.com`;
      const added = await api.ok(AddMember, { input: { email, name: 'Racer', role: 'VIEWER' } }, t.ownerJwt);
      if (added.addMember.__typename !== 'InvitationPayload') throw new Error(added.addMember.__typename);
      const invitationId = added.addMember.invitation.id;
      const user = await prisma.user.findUniqueOrThrow({ where: { email } });
      const jwt = await signJwt({ sub: user.id, org: t.organization.id });
      const calls = [
        ['acceptInvitation', jwt],
        ['declineInvitation', jwt],
        ['revokeInvitation', t.ownerJwt],
      ] as const;
      const answers = await Promise.all(calls.map(([field, token]) => answer(field, { invitationId }, token)));
      const won = calls.filter((_, i) => answers[i] === 'InvitationPayload').map(([field]) => field);
      expect(won, JSON.stringify(answers)).toHaveLength(1);
      for (const [i, a] of answers.entries())
        if (a !== 'InvitationPayload') expect(a, calls[i]?.[0]).toBe('InvalidTransitionError');
      const stored = await prisma.invitation.findUniqueOrThrow({ where: { id: decodeGlobalId(invitationId).id } });
      const member = await prisma.membership.findFirst({
        where: { organizationId: t.organization.id, userId: user.id },
      });
      const expected = { acceptInvitation: 'ACCEPTED', declineInvitation: 'DECLINED', revokeInvitation: 'REVOKED' }[
        won[0] as string
      ];
      expect(stored.status).toBe(expected);
      expect(member !== null).toBe(won[0] === 'acceptInvitation');
    }
  });
});
