// The shared rate-limit counter: cost points per caller per fixed window, in PostgreSQL so that
// every server process draws on the same budget. One statement adds a cost only if the total
// stays within the limit, so a refused operation spends nothing. Operations of one caller that
// arrive while that caller's statement is in flight wait in a lane and are spent together by
// the next statement (all or nothing; if the sum does not fit, each is tried alone, in order),
// so a busy key costs one statement per round trip rather than one per operation.
import type { Viewer } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { prisma } from '../../db/client.js';

export interface RateLimitState {
  /** What this operation cost (or would have cost, when refused). */
  cost: number;
  limit: number;
  /** Points spent in the window, this operation included when it was allowed. */
  used: number;
  remaining: number;
  resetAt: Date;
  allowed: boolean;
}

/** Whose budget an operation spends: the API key, the user, the customer, or the client address. */
export function rateLimitSubject(viewer: Viewer | null, clientAddress: string): string {
  if (!viewer) return `address:${clientAddress}`;
  if (viewer.apiKeyId) return `key:${viewer.apiKeyId}`;
  if (viewer.customerId) return `customer:${viewer.customerId}`;
  return `user:${viewer.userId ?? viewer.actorId}`;
}

export function windowOf(now: Date, windowSeconds: number): { start: Date; resetAt: Date } {
  const size = windowSeconds * 1000;
  const start = Math.floor(now.getTime() / size) * size;
  return { start: new Date(start), resetAt: new Date(start + size) };
}

/** Spends `cost` points of `subject`'s window if they fit within `limit`. */
async function spend(subject: string, cost: number, limit: number, windowSeconds: number): Promise<RateLimitState> {
  const { start, resetAt } = windowOf(clock.now(), windowSeconds);
  // The insert or the guarded update returns the new total; no row means it did not fit, and
  // the second branch reads what is spent without changing it.
  const rows = await prisma.$queryRaw<{ used: bigint; allowed: boolean }[]>`
    WITH spent AS (
      INSERT INTO "RateLimitWindow" (subject, "windowStart", used)
      SELECT ${subject}, ${start}, ${cost}::bigint WHERE ${cost}::bigint <= ${limit}::bigint
      ON CONFLICT (subject, "windowStart") DO UPDATE SET used = "RateLimitWindow".used + EXCLUDED.used
        WHERE "RateLimitWindow".used + EXCLUDED.used <= ${limit}::bigint
      RETURNING used
    )
    SELECT used, true AS allowed FROM spent
    UNION ALL
    SELECT coalesce((SELECT used FROM "RateLimitWindow" WHERE subject = ${subject} AND "windowStart" = ${start}), 0), false
    WHERE NOT EXISTS (SELECT 1 FROM spent)`;
  const row = rows[0] ?? { used: 0n, allowed: false };
  const used = Number(row.used);
  return { cost, limit, used, remaining: Math.max(0, limit - used), resetAt, allowed: row.allowed };
}

/** Deletes the counts of windows that have ended. */
export async function sweepRateLimitWindows(windowSeconds: number): Promise<number> {
  const { start } = windowOf(clock.now(), windowSeconds);
  return prisma.$executeRaw`DELETE FROM "RateLimitWindow" WHERE "windowStart" < ${start}`;
}

interface Waiter {
  cost: number;
  resolve: (state: RateLimitState) => void;
  reject: (error: unknown) => void;
}

const lanes = new Map<string, Waiter[]>();
const MAX_BATCH = 256;

async function drain(subject: string, queue: Waiter[], limit: number, windowSeconds: number) {
  while (queue.length) {
    const batch = queue.splice(0, MAX_BATCH);
    try {
      const total = batch.reduce((n, w) => n + w.cost, 0);
      const together = await spend(subject, total, limit, windowSeconds);
      if (together.allowed) {
        let used = together.used - total;
        for (const w of batch) {
          used += w.cost;
          w.resolve({ ...together, cost: w.cost, used, remaining: Math.max(0, limit - used) });
        }
      } else if (batch.length === 1) {
        batch[0]?.resolve(together);
      } else {
        for (const w of batch) w.resolve(await spend(subject, w.cost, limit, windowSeconds));
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
  lanes.delete(subject);
}

/** Spends `cost` points of `subject`'s window if they fit within `limit` (see the lanes above). */
export function consumeRateLimit(
  subject: string,
  cost: number,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitState> {
  return new Promise((resolve, reject) => {
    const queue = lanes.get(subject);
    if (queue) {
      queue.push({ cost, resolve, reject });
      return;
    }
    const fresh: Waiter[] = [{ cost, resolve, reject }];
    lanes.set(subject, fresh);
    void drain(subject, fresh, limit, windowSeconds);
  });
}
