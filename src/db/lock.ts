// Row locks for read-check-write steps. Prisma has no SELECT … FOR UPDATE, so this is the one
// raw statement every service uses to lock a tenant's row for the rest of its transaction.
import { Prisma, type Tx } from './client.js';

type Lockable =
  | 'Agent'
  | 'AgentContext'
  | 'ApiKey'
  | 'ApprovalRequest'
  | 'Attestation'
  | 'Budget'
  | 'Deployment'
  | 'JobRole'
  | 'Policy'
  | 'Service'
  | 'Skill'
  | 'SpendReservation'
  | 'Task'
  | 'Trial'
  | 'Violation'
  | 'WebhookDelivery'
  | 'WebhookEndpoint';

/**
 * UPDATE for a row the transaction changes or decides on; SHARE for one it only relies on (a
 * context a message is posted to): shared holders do not wait for each other, and a transaction
 * that would change the row waits for all of them, as they wait for it.
 */
export type LockStrength = 'UPDATE' | 'SHARE';

/** The one statement: row `id` of `table`, if it belongs to `organizationId`, locked FOR `strength`. */
function lockStatement(
  tx: Tx,
  columns: string,
  table: Lockable,
  id: string,
  organizationId: string,
  strength: LockStrength = 'UPDATE',
) {
  return tx.$queryRaw<Record<string, unknown>[]>`
    SELECT ${Prisma.raw(columns)} FROM ${Prisma.raw(`"${table}"`)}
     WHERE id = ${id}::uuid AND "organizationId" = ${organizationId}::uuid FOR ${Prisma.raw(strength)}`;
}

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
  strength: LockStrength = 'UPDATE',
): Promise<string | null> {
  if (!id) return null;
  const [row] = await lockStatement(tx, 'id', table, id, organizationId, strength);
  return (row?.id as string | undefined) ?? null;
}

/**
 * As lockOwned, returning the whole row as it is once locked (as raw SQL reads it: enums as
 * strings, numerics as Decimal), or null when the organization has no such row.
 */
export async function lockOwnedRow<Row>(
  tx: Tx,
  table: Lockable,
  id: string | null,
  organizationId: string,
): Promise<Row | null> {
  if (!id) return null;
  const [row] = await lockStatement(tx, '*', table, id, organizationId);
  return (row as Row | undefined) ?? null;
}
