// Membership by invitation. `addMember` invites an email with a role: the answer is the same
// whether or not that email has an account (the inviter learns nothing it did not send), and
// nothing changes for the person until they accept, signed in as themselves. Each step is an
// event in the inviting organization's log.
import type { Caller, Viewer } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import type { Tx } from '../../db/client.js';
import { transact, uniquely } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { Invitation } from '../../generated/prisma/client.js';
import type { Role } from '../../generated/prisma/enums.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../graphql/errors.js';

export function inviteMember(caller: Caller, input: { email: string; name: string; role: Role }) {
  const organizationId = caller.viewer.organizationId;
  return transact(async (tx) => {
    // An email without an account gets one, named as the inviter wrote; an existing account is
    // left exactly as it is.
    const user = await tx.user.upsert({
      where: { email: input.email },
      create: { email: input.email, name: input.name },
      update: {},
    });
    const member = await tx.membership.findUnique({
      where: { organizationId_userId: { organizationId, userId: user.id } },
    });
    if (member) throw new ConflictError(`${input.email} is already a member.`);
    const pending = await tx.invitation.findFirst({
      where: { organizationId, email: input.email, status: 'PENDING', expiresAt: { gt: clock.now() } },
    });
    if (pending) throw new ConflictError(`${input.email} already has a pending invitation.`);
    const invitation = await tx.invitation.create({
      data: {
        organizationId,
        email: input.email,
        userId: user.id,
        role: input.role,
        invitedById: caller.viewer.userId,
        expiresAt: new Date(clock.now().getTime() + config().INVITATION_TTL_DAYS * 86_400_000),
      },
    });
    appendEvents(tx, caller, [
      {
        verb: 'member.invited',
        subjectType: 'Invitation',
        subjectId: invitation.id,
        payload: { email: input.email, role: input.role },
      },
    ]);
    return invitation;
  });
}

/** The invitation `viewer` may answer: theirs, pending and not expired. */
async function answerable(tx: Tx, viewer: Viewer, invitationId: string | null) {
  const invitation = invitationId
    ? await tx.invitation.findFirst({ where: { id: invitationId, userId: viewer.userId ?? undefined } })
    : null;
  // Another person's invitation reads exactly like a missing one.
  if (!invitation || viewer.actorType !== 'USER' || !viewer.userId) throw new NotFoundError('Invitation');
  if (invitation.status !== 'PENDING') throw new InvalidTransitionError('Invitation', invitation.status, 'ANSWERED');
  if (invitation.expiresAt <= clock.now())
    throw new InvalidTransitionError('Invitation', 'EXPIRED', 'ANSWERED', 'The invitation has expired.');
  return invitation;
}

/**
 * Ends a pending invitation with `status`: the one transition out of PENDING, decided by the
 * database. Accept, decline and revoke racing each other read PENDING alike; the conditional
 * update lets exactly one through (the others wait for its commit, then match nothing) and the
 * others are InvalidTransitionError, as if they had come after it.
 */
async function endInvitation(tx: Tx, invitation: Invitation, status: 'ACCEPTED' | 'DECLINED' | 'REVOKED') {
  const verb = status === 'REVOKED' ? 'REVOKED' : 'ANSWERED';
  const respondedAt = clock.now();
  const { count } = await tx.invitation.updateMany({
    where: { id: invitation.id, status: 'PENDING' },
    data: { status, respondedAt },
  });
  if (count === 1) return { ...invitation, status, respondedAt };
  const now = await tx.invitation.findUniqueOrThrow({ where: { id: invitation.id }, select: { status: true } });
  throw new InvalidTransitionError('Invitation', now.status, verb);
}

/** The person's action, recorded in the inviting organization's log. */
function inInvitingOrganization(viewer: Viewer, requestId: string, invitation: Invitation): Caller {
  return { requestId, viewer: { ...viewer, organizationId: invitation.organizationId, apiKeyId: null, agentId: null } };
}

export function acceptInvitation(viewer: Viewer, requestId: string, invitationId: string | null) {
  return transact(async (tx) => {
    const invitation = await answerable(tx, viewer, invitationId);
    await endInvitation(tx, invitation, 'ACCEPTED');
    const membership = await uniquely(
      tx.membership.create({
        data: { organizationId: invitation.organizationId, userId: invitation.userId, role: invitation.role },
      }),
      'You are already a member.',
    );
    appendEvents(tx, inInvitingOrganization(viewer, requestId, invitation), [
      {
        verb: 'member.added',
        subjectType: 'Membership',
        subjectId: membership.id,
        payload: { userId: invitation.userId, role: invitation.role, invitationId: invitation.id },
      },
    ]);
    return membership;
  });
}

export function declineInvitation(viewer: Viewer, requestId: string, invitationId: string | null) {
  return transact(async (tx) => {
    const invitation = await answerable(tx, viewer, invitationId);
    const declined = await endInvitation(tx, invitation, 'DECLINED');
    appendEvents(tx, inInvitingOrganization(viewer, requestId, invitation), [
      { verb: 'member.invitation_declined', subjectType: 'Invitation', subjectId: invitation.id, payload: {} },
    ]);
    return declined;
  });
}

export function revokeInvitation(caller: Caller, invitationId: string | null) {
  return transact(async (tx) => {
    const invitation = invitationId
      ? await tx.invitation.findFirst({ where: { id: invitationId, organizationId: caller.viewer.organizationId } })
      : null;
    if (!invitation) throw new NotFoundError('Invitation');
    if (invitation.status !== 'PENDING') throw new InvalidTransitionError('Invitation', invitation.status, 'REVOKED');
    const revoked = await endInvitation(tx, invitation, 'REVOKED');
    appendEvents(tx, caller, [
      { verb: 'member.invitation_revoked', subjectType: 'Invitation', subjectId: invitation.id, payload: {} },
    ]);
    return revoked;
  });
}

/**
 * Invites a person and accepts on their behalf: for seeding the demo and tests only, never
 * reachable through the API. Returns the membership.
 */
export async function seedMember(caller: Caller, input: { email: string; name: string; role: Role }) {
  const invitation = await inviteMember(caller, input);
  const invitee: Viewer = {
    organizationId: caller.viewer.organizationId,
    actorType: 'USER',
    actorId: invitation.userId,
    userId: invitation.userId,
    apiKeyId: null,
    agentId: null,
    role: null,
    scopes: new Set(),
  };
  return acceptInvitation(invitee, caller.requestId, invitation.id);
}
