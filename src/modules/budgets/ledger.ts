// Moving a budget's money, in the caller's transaction. A Ledger locks the budgets it will touch
// (all at once, in id order: lock order step 3, src/db/transaction.ts), reads their windows,
// applies entries in memory (so a batch of decisions sees each other's holds), and writes the
// entries, the windows' running totals and the events in a few statements at the end (flush).
// Thresholds crossed are announced once per window; a new window records a RESET.
import { v7 as uuidv7 } from 'uuid';
import { type Caller, systemCaller } from '../../auth/viewer.js';
import { bulkInsertSql } from '../../db/bulk-insert.js';
import { Decimal, type Money, Prisma, type Tx } from '../../db/client.js';
import { appendEvents, type NewEvent } from '../../events/append.js';
import type { Budget } from '../../generated/prisma/client.js';
import type { SpendKind } from '../../generated/prisma/enums.js';
import { ValidationError } from '../../graphql/errors.js';
import { currentWindow } from './windows.js';

const D = (x: Money) => new Decimal(x);

/** What money the ledger can hold (Decimal(18,6)): an amount, and a window's spent or reserved. */
export const MAX_AMOUNT = new Decimal('999999999999.999999');

/** A window's running totals, as the ledger holds them during a transaction. */
export interface WindowUsage {
  budgetId: string;
  windowStart: Date;
  windowEnd: Date | null;
  spent: Decimal;
  reserved: Decimal;
  thresholdsCrossed: number[];
}

export interface LedgerEntry {
  kind: SpendKind;
  spentDelta: Money;
  reservedDelta: Money;
  reservationId?: string | null;
  reason: string;
  /** The argument the amount came from: named if a total would go past MAX_AMOUNT. */
  inputPath?: string[];
}

const RESERVATION_COLUMNS = {
  id: 'uuid',
  organizationId: 'uuid',
  agentId: 'uuid',
  requestKey: 'text',
  outcome: 'text',
  amount: 'numeric',
  priority: '"SpendPriority"',
  service: 'text',
  versionId: 'uuid',
  quantity: 'numeric',
  unitPrice: 'numeric',
  contextId: 'uuid',
  status: '"ReservationStatus"',
  budgets: 'jsonb',
  decision: 'jsonb',
  expiresAt: 'timestamptz',
};

const ENTRY_COLUMNS = {
  id: 'uuid',
  organizationId: 'uuid',
  budgetId: 'uuid',
  reservationId: 'uuid',
  kind: '"SpendKind"',
  spentDelta: 'numeric',
  reservedDelta: 'numeric',
  windowStart: 'timestamptz',
  actorType: '"ActorType"',
  actorId: 'text',
  reason: 'text',
};

/** A window's totals as JSON (numbers as text, so no precision is lost on the way). */
export interface LatestWindowJson {
  budgetId: string;
  windowStart: string;
  windowEnd: string | null;
  spent: string;
  reserved: string;
  thresholdsCrossed: number[];
}

const fromJson = (r: LatestWindowJson): WindowUsage => ({
  ...r,
  windowStart: new Date(r.windowStart),
  windowEnd: r.windowEnd ? new Date(r.windowEnd) : null,
  spent: D(r.spent),
  reserved: D(r.reserved),
});

/** The latest window opened at or before `now` of each budget, as a JSON array (for one statement). */
export function latestWindowsSql(budgetIds: string[], now: Date): Prisma.Sql {
  return Prisma.sql`coalesce((
    SELECT json_agg(json_build_object('budgetId', u."budgetId", 'windowStart', u."windowStart",
             'windowEnd', u."windowEnd", 'spent', u.spent::text, 'reserved', u.reserved::text,
             'thresholdsCrossed', u."thresholdsCrossed"))
      FROM (SELECT DISTINCT ON ("budgetId") * FROM "BudgetUsage"
             WHERE "budgetId" = ANY(${budgetIds}::uuid[]) AND "windowStart" <= ${now}
             ORDER BY "budgetId", "windowStart" DESC) u), '[]'::json)`;
}

const key = (budgetId: string, windowStart: Date) => `${budgetId}|${windowStart.toISOString()}`;

/** What an entry does to a window's totals, and the thresholds it crosses (the one formula). */
export function applyEntry(budget: Budget, usage: WindowUsage, entry: LedgerEntry) {
  const spent = usage.spent.plus(D(entry.spentDelta));
  const reserved = usage.reserved.plus(D(entry.reservedDelta));
  const limit = D(budget.limit);
  const utilization = limit.isZero() ? 1 : spent.plus(reserved).div(limit).toNumber();
  const crossed = budget.thresholds.filter((t) => utilization >= t && !usage.thresholdsCrossed.includes(t));
  return { spent, reserved, utilization, crossed };
}

export class Ledger {
  readonly budgets = new Map<string, Budget>();
  private readonly usages = new Map<string, WindowUsage & { dirty: boolean }>();
  private readonly entries: Prisma.SpendEntryCreateManyInput[] = [];
  private readonly events: { caller: Caller; event: NewEvent }[] = [];

  constructor(
    private readonly tx: Tx,
    private readonly caller: Caller,
  ) {}

  /** Locks budgets by id, in id order, and keeps them; call once per transaction, with every id. */
  async lock(ids: string[]): Promise<Budget[]> {
    const wanted = [...new Set(ids)].filter((id) => !this.budgets.has(id)).sort();
    if (wanted.length > 0) {
      if (this.budgets.size > 0 && wanted[0] && wanted[0] < ([...this.budgets.keys()].sort().at(-1) ?? ''))
        throw new Error('Ledger.lock: budgets must be locked in id order, all at once');
      const rows = await this.tx.$queryRaw<Budget[]>`
        SELECT * FROM "Budget" WHERE id = ANY(${wanted}::uuid[]) ORDER BY id FOR UPDATE`;
      for (const row of rows) this.budgets.set(row.id, row);
    }
    return ids.map((id) => this.budgets.get(id)).filter((b): b is Budget => !!b);
  }

  /** The current windows of locked budgets (a new window is opened, with a RESET if one came before). */
  async currentWindows(
    budgets: Budget[],
    timeZone: string,
    now: Date,
    /** The latest windows, when the caller read them in its own statement (latestWindowsSql). */
    preloaded?: LatestWindowJson[],
  ): Promise<WindowUsage[]> {
    if (budgets.length === 0) return [];
    const rows =
      preloaded ??
      (
        await this.tx.$queryRaw<{ windows: LatestWindowJson[] }[]>`
          SELECT ${latestWindowsSql(
            budgets.map((b) => b.id),
            now,
          )} AS windows`
      )[0]?.windows ??
      [];
    const latest = rows.map(fromJson);
    return budgets.map((budget) => {
      const last = latest.find((u) => u.budgetId === budget.id) ?? null;
      const window = currentWindow(budget.window, timeZone, now, last);
      if (last && last.windowStart.getTime() === window.start.getTime()) return this.keep(last);
      const opened = this.keep({
        budgetId: budget.id,
        windowStart: window.start,
        windowEnd: window.end,
        spent: D(0),
        reserved: D(0),
        thresholdsCrossed: [],
      });
      this.usages.get(key(budget.id, window.start))!.dirty = true;
      if (last) {
        this.entries.push(
          this.entryRow(
            budget,
            opened,
            { kind: 'RESET', spentDelta: 0, reservedDelta: 0, reason: `new ${budget.window.toLowerCase()} window` },
            systemCaller(budget.organizationId),
          ),
        );
        this.events.push({
          caller: systemCaller(budget.organizationId, this.caller.requestId),
          event: {
            verb: 'budget.reset',
            subjectType: 'Budget',
            subjectId: budget.id,
            agentId: budget.agentId,
            payload: { budgetIds: [budget.id], windowStart: window.start.toISOString() },
          },
        });
      }
      return opened;
    });
  }

  /** The windows reservations hold money in (a reservation keeps counting where it was made). */
  async windowsAt(holds: { budgetId: string; windowStart: Date }[]): Promise<void> {
    const missing = holds.filter((h) => !this.usages.has(key(h.budgetId, h.windowStart)));
    if (missing.length === 0) return;
    const rows = await this.tx.$queryRaw<WindowUsage[]>`
      SELECT u."budgetId", u."windowStart", u."windowEnd", u.spent, u.reserved, u."thresholdsCrossed"
        FROM "BudgetUsage" u
        JOIN unnest(${missing.map((h) => h.budgetId)}::uuid[], ${missing.map((h) => h.windowStart)}::timestamptz[])
             AS h(b, w) ON u."budgetId" = h.b AND u."windowStart" = h.w`;
    for (const row of rows) this.keep(row);
  }

  /** Records one entry against a window (in memory until flush) and announces thresholds crossed. */
  post(budget: Budget, windowStart: Date, entry: LedgerEntry, caller: Caller = this.caller): WindowUsage {
    const usage = this.usages.get(key(budget.id, windowStart));
    if (!usage) throw new Error(`Ledger.post: window ${key(budget.id, windowStart)} was not loaded`);
    const { spent, reserved, utilization, crossed } = applyEntry(budget, usage, entry);
    // The caller went too far (a debit or a settlement on top of a large spend): refused at its
    // argument, before anything is written, rather than as the database's overflow.
    if (spent.gt(MAX_AMOUNT) || reserved.gt(MAX_AMOUNT))
      throw ValidationError.of(
        entry.inputPath ?? ['input', 'amount'],
        `would carry the budget "${budget.name}" past ${MAX_AMOUNT.toFixed(6)}, the most a budget's window holds`,
      );
    this.entries.push(this.entryRow(budget, usage, entry, caller));
    usage.spent = spent;
    usage.reserved = reserved;
    usage.thresholdsCrossed = [...usage.thresholdsCrossed, ...crossed];
    usage.dirty = true;
    for (const threshold of crossed)
      this.events.push({
        caller: systemCaller(budget.organizationId, caller.requestId),
        event: {
          verb: 'budget.threshold_crossed',
          subjectType: 'Budget',
          subjectId: budget.id,
          agentId: budget.agentId,
          payload: { budgetIds: [budget.id], threshold, utilization, windowStart: usage.windowStart.toISOString() },
        },
      });
    return usage;
  }

  /** Queues an event behind the ledger's own (thresholds, resets), keeping their order. */
  announce(caller: Caller, event: NewEvent): void {
    this.events.push({ caller, event });
  }

  /**
   * Writes, in one statement: `reservations` (new ones, which the entries may name), the entries,
   * and every changed window's totals. Then queues the events.
   */
  async flush(reservations: unknown[] = []): Promise<void> {
    const parts: Prisma.Sql[] = [];
    if (reservations.length)
      parts.push(Prisma.sql`r AS (${bulkInsertSql('SpendReservation', RESERVATION_COLUMNS, reservations)})`);
    const entries = this.entries.splice(0);
    if (entries.length) parts.push(Prisma.sql`e AS (${bulkInsertSql('SpendEntry', ENTRY_COLUMNS, entries)})`);
    const changed = [...this.usages.values()].filter((u) => u.dirty);
    if (changed.length) {
      const rows = changed.map((u) => ({
        b: u.budgetId,
        ws: u.windowStart.toISOString(),
        we: u.windowEnd?.toISOString() ?? null,
        s: u.spent.toString(),
        r: u.reserved.toString(),
        t: u.thresholdsCrossed,
      }));
      // The database refuses negative totals (CHECK constraints): a bug fails here, loudly.
      parts.push(Prisma.sql`u AS (
        INSERT INTO "BudgetUsage" ("budgetId", "windowStart", "windowEnd", spent, reserved, "thresholdsCrossed")
        SELECT x.b, x.ws, x.we, x.s, x.r, ARRAY(SELECT jsonb_array_elements_text(x.t)::float8)
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
               AS x(b uuid, ws timestamptz, we timestamptz, s numeric, r numeric, t jsonb)
         ORDER BY x.b, x.ws
        ON CONFLICT ("budgetId", "windowStart") DO UPDATE
           SET spent = EXCLUDED.spent, reserved = EXCLUDED.reserved, "thresholdsCrossed" = EXCLUDED."thresholdsCrossed")`);
      for (const u of changed) u.dirty = false;
    }
    if (parts.length) await this.tx.$executeRaw`WITH ${Prisma.join(parts, ', ')} SELECT 1`;
    for (const { caller, event } of this.events.splice(0)) appendEvents(this.tx, caller, [event]);
  }

  private keep(row: WindowUsage): WindowUsage {
    const usage = { ...row, spent: D(row.spent), reserved: D(row.reserved), dirty: false };
    this.usages.set(key(row.budgetId, row.windowStart), usage);
    return usage;
  }

  private entryRow(budget: Budget, usage: WindowUsage, entry: LedgerEntry, caller: Caller) {
    return {
      id: uuidv7(),
      organizationId: budget.organizationId,
      budgetId: budget.id,
      reservationId: entry.reservationId ?? null,
      kind: entry.kind,
      spentDelta: D(entry.spentDelta),
      reservedDelta: D(entry.reservedDelta),
      windowStart: usage.windowStart,
      actorType: caller.viewer.actorType,
      actorId: caller.viewer.actorId,
      reason: entry.reason,
    } satisfies Prisma.SpendEntryCreateManyInput;
  }
}
