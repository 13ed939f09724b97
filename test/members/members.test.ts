import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

const AddMember = graphql(`
  mutation AddMember($input: AddMemberInput!) {
    addMember(input: $input) {
      __typename
      ... on MembershipPayload { membership { id role user { email } } }
      ... on ValidationError { issues { path } }
      ... on ConflictError { message }
    }
  }
`);
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
  it('an OWNER adds, re-roles and removes a member, each with an event', async () => {
    const t = await newTenant();
    const added = await api.ok(
      AddMember,
      { input: { email: 'New@Example.com', name: 'New', role: 'VIEWER' } },
      t.ownerJwt,
    );
    if (added.addMember.__typename !== 'MembershipPayload') throw new Error(added.addMember.__typename);
    expect(added.addMember.membership).toMatchObject({ role: 'VIEWER', user: { email: 'new@example.com' } });
    const membershipId = added.addMember.membership.id;
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
    expect(verbs.slice(-3)).toEqual(['member.added', 'member.role_changed', 'member.removed']);
  });

  it('adding someone twice is a ConflictError; a bad email is a ValidationError', async () => {
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
