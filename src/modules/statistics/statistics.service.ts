// The organization's statistics for a time range: one grouped SQL statement per part, so a
// dashboard costs the same number of statements whatever the organization's size. Counts of
// things that happened (decisions, spend decisions, violations raised, tasks created, trials
// started) are for the range; agents are counted as they are now.
import { clock } from '../../clock.js';
import { type Prisma, prisma } from '../../db/client.js';

export interface Range {
  organizationId: string;
  from: Date;
  to: Date;
}

export interface Count {
  key: string;
  count: number;
}

const counts = (rows: { key: string | null; count: number }[]): Count[] =>
  rows.map((r) => ({ key: r.key ?? 'NONE', count: Number(r.count) }));

export const statistics = {
  agentsByStatus: async ({ organizationId }: Range) =>
    counts(
      await prisma.$queryRaw`
        SELECT status::text AS key, count(*)::int AS count FROM "Agent"
         WHERE "organizationId" = ${organizationId}::uuid GROUP BY 1 ORDER BY 1`,
    ),
  agentsByTrustTier: async ({ organizationId }: Range) =>
    counts(
      await prisma.$queryRaw`
        SELECT ts.tier::text AS key, count(*)::int AS count FROM "Agent" a
          LEFT JOIN "TrustScore" ts ON ts.id = a."currentTrustScoreId"
         WHERE a."organizationId" = ${organizationId}::uuid GROUP BY 1 ORDER BY 1`,
    ),
  /** Policy decisions (evaluateAction, reportAction, messages) by outcome. */
  decisions: async ({ organizationId, from, to }: Range) =>
    counts(
      await prisma.$queryRaw`
        SELECT payload->>'outcome' AS key, count(*)::int AS count FROM "ActivityEvent"
         WHERE "organizationId" = ${organizationId}::uuid
           AND verb IN ('decision.recorded', 'action.reported', 'context.message_posted', 'context.message_blocked')
           AND "occurredAt" >= ${from} AND "occurredAt" < ${to}
         GROUP BY 1 ORDER BY 1`,
    ),
  spendDecisions: async ({ organizationId, from, to }: Range) =>
    counts(
      await prisma.$queryRaw`
        SELECT outcome AS key, count(*)::int AS count FROM "SpendReservation"
         WHERE "organizationId" = ${organizationId}::uuid AND "createdAt" >= ${from} AND "createdAt" < ${to}
         GROUP BY 1 ORDER BY 1`,
    ),
  /** Settled spend in the range by agent, service and day (the organization's time zone). */
  spend: async ({ organizationId, from, to }: Range) =>
    (
      await prisma.$queryRaw<
        { agentId: string; service: string; day: string; amount: Prisma.Decimal; count: number }[]
      >`
        SELECT r."agentId", r.service, to_char(date_trunc('day', r."settledAt" AT TIME ZONE o."timeZone"), 'YYYY-MM-DD') AS day,
               sum(r."actualAmount") AS amount, count(*)::int AS count
          FROM "SpendReservation" r JOIN "Organization" o ON o.id = r."organizationId"
         WHERE r."organizationId" = ${organizationId}::uuid AND r.status = 'SETTLED'
           AND r."settledAt" >= ${from} AND r."settledAt" < ${to}
         GROUP BY 1, 2, 3 ORDER BY 3, 1, 2`
    ).map((r) => ({ ...r, amount: r.amount.toString(), count: Number(r.count) })),
  /** The treasury's totals: settled and adjusted in the range, and what open reservations hold now. */
  treasury: async ({ organizationId, from, to }: Range) => {
    const [row] = await prisma.$queryRaw<
      {
        settled: Prisma.Decimal | null;
        settlements: number;
        adjusted: Prisma.Decimal | null;
        reserved: Prisma.Decimal | null;
      }[]
    >`
      SELECT (SELECT sum("actualAmount") FROM "SpendReservation"
               WHERE "organizationId" = ${organizationId}::uuid AND status = 'SETTLED'
                 AND "settledAt" >= ${from} AND "settledAt" < ${to}) AS settled,
             (SELECT count(*)::int FROM "SpendReservation"
               WHERE "organizationId" = ${organizationId}::uuid AND status = 'SETTLED'
                 AND "settledAt" >= ${from} AND "settledAt" < ${to}) AS settlements,
             (SELECT sum("spentDelta") FROM "SpendEntry"
               WHERE "organizationId" = ${organizationId}::uuid AND kind = 'ADJUST'
                 AND "createdAt" >= ${from} AND "createdAt" < ${to}) AS adjusted,
             (SELECT sum(amount) FROM "SpendReservation"
               WHERE "organizationId" = ${organizationId}::uuid AND status = 'PENDING' AND "expiresAt" > ${clock.now()}) AS reserved`;
    const money = (d: Prisma.Decimal | null | undefined) => (d ?? 0).toString();
    return {
      settled: money(row?.settled),
      settlements: Number(row?.settlements ?? 0),
      adjusted: money(row?.adjusted),
      reserved: money(row?.reserved),
    };
  },
  violations: async ({ organizationId, from, to }: Range) =>
    (
      await prisma.$queryRaw<{ severity: string; category: string; status: string; count: number }[]>`
        SELECT severity::text, category::text, status::text, count(*)::int AS count FROM "Violation"
         WHERE "organizationId" = ${organizationId}::uuid AND "raisedAt" >= ${from} AND "raisedAt" < ${to}
         GROUP BY 1, 2, 3`
    ).map((r) => ({ ...r, count: Number(r.count) })),
  tasksByStatus: async ({ organizationId, from, to }: Range) =>
    counts(
      await prisma.$queryRaw`
        SELECT status::text AS key, count(*)::int AS count FROM "Task"
         WHERE "organizationId" = ${organizationId}::uuid AND "createdAt" >= ${from} AND "createdAt" < ${to}
         GROUP BY 1 ORDER BY 1`,
    ),
  trials: async ({ organizationId, from, to }: Range) => {
    const [row] = await prisma.$queryRaw<{ started: number; converted: number }[]>`
      SELECT count(*)::int AS started, count(*) FILTER (WHERE status = 'CONVERTED')::int AS converted FROM "Trial"
       WHERE "organizationId" = ${organizationId}::uuid AND "startedAt" >= ${from} AND "startedAt" < ${to}`;
    const started = Number(row?.started ?? 0);
    const converted = Number(row?.converted ?? 0);
    return { started, converted, conversionRate: started ? converted / started : 0 };
  },
};

/** Sums of the violation rows by one of their columns. */
export function tally<T extends Record<string, unknown> & { count: number }>(rows: T[], by: keyof T): Count[] {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(String(r[by]), (sums.get(String(r[by])) ?? 0) + r.count);
  return [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, count]) => ({ key, count }));
}
