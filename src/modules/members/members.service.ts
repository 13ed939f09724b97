// Members: OWNER/ADMIN only (the members:write scope); the last OWNER can be neither removed
// nor demoted, so an organization always has someone who can manage it.
import type { Caller } from '../../auth/viewer.js';
import type { Tx } from '../../db/client.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { Role } from '../../generated/prisma/enums.js';
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../graphql/errors.js';

/**
 * The membership, read after locking it together with the organization's owners, in id order
 * (the subject row and the rows the last-OWNER rule reads, in one statement): two changes of one
 * member, or a change and a removal, run one after the other and the second sees the first.
 */
async function findMembership(tx: Tx, caller: Caller, membershipId: string | null) {
  const locked = membershipId
    ? await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Membership"
         WHERE "organizationId" = ${caller.viewer.organizationId}::uuid AND (id = ${membershipId}::uuid OR role = 'OWNER')
         ORDER BY id FOR UPDATE`
    : [];
  const membership = locked.some((row) => row.id === membershipId)
    ? await tx.membership.findUnique({ where: { id: membershipId as string } })
    : null;
  if (!membership) throw new NotFoundError('Membership');
  return membership;
}

async function assertAnotherOwner(tx: Tx, caller: Caller, membershipId: string, action: string) {
  // Lock the organization's owners so two concurrent demotions cannot both pass the check.
  const owners = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Membership"
     WHERE "organizationId" = ${caller.viewer.organizationId}::uuid AND role = 'OWNER' ORDER BY id FOR UPDATE`;
  if (!owners.some((o) => o.id !== membershipId)) {
    throw new InvalidTransitionError(
      'Membership',
      'OWNER',
      action,
      `The last OWNER cannot be ${action === 'REMOVED' ? 'removed' : 'demoted'}.`,
    );
  }
}

export function changeMemberRole(caller: Caller, membershipId: string | null, role: Role) {
  return transact(async (tx) => {
    const membership = await findMembership(tx, caller, membershipId);
    if (membership.role === role) throw new ConflictError(`The member already has role ${role}.`);
    if (membership.role === 'OWNER') await assertAnotherOwner(tx, caller, membership.id, role);
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role } });
    appendEvents(tx, caller, [
      {
        verb: 'member.role_changed',
        subjectType: 'Membership',
        subjectId: membership.id,
        payload: { from: membership.role, to: role },
      },
    ]);
    return updated;
  });
}

export function removeMember(caller: Caller, membershipId: string | null) {
  return transact(async (tx) => {
    const membership = await findMembership(tx, caller, membershipId);
    if (membership.role === 'OWNER') await assertAnotherOwner(tx, caller, membership.id, 'REMOVED');
    const governed = await tx.agent.count({
      where: {
        organizationId: caller.viewer.organizationId,
        governorId: membership.userId,
        status: { not: 'RETIRED' },
      },
    });
    if (governed > 0) {
      throw new ConflictError(`The member governs ${governed} agent(s); assign another governor first.`);
    }
    await tx.membership.delete({ where: { id: membership.id } });
    appendEvents(tx, caller, [
      {
        verb: 'member.removed',
        subjectType: 'Membership',
        subjectId: membership.id,
        payload: { userId: membership.userId, role: membership.role },
      },
    ]);
    return membership;
  });
}
