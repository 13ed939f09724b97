// Row locks for read-check-write steps. Prisma has no SELECT … FOR UPDATE, so this is the one
// raw statement every service uses to lock a tenant's row for the rest of its transaction.
import { Prisma, type Tx } from './client.js';

type Lockable =
  | 'Agent'
  | 'AgentContext'
  | 'ApiKey'
  | 'Attestation'
  | 'Budget'
  | 'Policy'
  | 'SpendReservation'
  | 'Task'
  | 'Trial'
  | 'Violation';

/**
 * Locks row `id` of `table` if it belongs to `organizationId`; its id, or null when there is none.
 * Read the row after this, never before: what was read before the lock may already be changed by
 * the transaction that held it (two revocations of one key both seeing it unrevoked).
 */
export async function lockOwned(
  tx: Tx,
  table: Lockable,
  id: string | null,
  organizationId: string,
): Promise<string | null> {
  if (!id) return null;
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM ${Prisma.raw(`"${table}"`)}
     WHERE id = ${id}::uuid AND "organizationId" = ${organizationId}::uuid FOR UPDATE`;
  return row?.id ?? null;
}
