// The spend engine: load (locks, reads), decide (spend-decide.ts, pure), persist (ledger.ts).
// Every authorization — one request from authorizeSpend, a batch of concurrent ones from the
// lanes (spend-lanes.ts), a trial's task — and every end of a reservation (settle, release,
// expiry inline or by the sweep) goes through here. Locks follow src/db/transaction.ts: budgets
// in id order, then reservations in id order, re-read after locking; the chain head last.

import { v7 as uuidv7 } from 'uuid';
import { actsFor } from '../../auth/agent-binding.js';
import { type Caller, systemCaller } from '../../auth/viewer.js';
import { config } from '../../config.js';
import { Decimal, type Money, Prisma, type Tx } from '../../db/client.js';
import type { Budget, SpendReservation } from '../../generated/prisma/client.js';
import type { AgentStatus, InstallState, SpendPriority } from '../../generated/prisma/enums.js';
import { ConflictError, NotFoundError } from '../../graphql/errors.js';
import { holdActGate } from '../agents/act-gate.js';
import { type Halted, haltRefusal } from '../agents/halt.js';
import { installRefusal } from '../installs/grants.js';
import { type CatalogService, type PriceUsed, priceRequest } from '../services/pricing.js';
import { recordViolation } from '../violations/violations.service.js';
import { type LatestWindowJson, Ledger, latestWindowsSql } from './ledger.js';
import { type BudgetWindowState, decideSpend, fmt, isDue, remainingAfter, type SpendOutcome } from './spend-decide.js';

const D = (x: Money) => new Decimal(x);

export interface SpendRequest {
  agentId: string | null;
  /** The estimated maximum, for a service not in the catalog… */
  amount?: string | null;
  /** …or how many units of a catalog service (priced by services/pricing.ts). */
  quantity?: string | null;
  priority: SpendPriority;
  service: string;
  requestKey: string;
  fallback?: { amount: string; description: string } | null;
  contextId?: string | null;
  /** A trial's task: the trial's budget applies too. */
  trialId?: string | null;
  /** How long the reservation holds; SPEND_RESERVATION_TTL_SECONDS unless given. */
  ttlSeconds?: number;
}

export interface SpendDecision {
  outcome: SpendOutcome;
  reservationId: string | null;
  reservedAmount: string | null;
  expiresAt: string | null;
  bindingBudgetId: string | null;
  remaining: { budgetId: string; remaining: string }[];
  reasons: string[];
  /** The catalog price used (null for an amount given by the caller). */
  price?: PriceUsed | null;
  /** DOWNGRADED to the catalog's fallback service: its price. */
  fallbackPrice?: PriceUsed | null;
}

/** As kept for retries: what was asked (the amount, or the quantity of a priced service). */
type StoredDecision = SpendDecision & { requested: string; quantity?: string | null };
export type SpendResult = { decision: SpendDecision } | { error: Error };

interface Hold {
  budgetId: string;
  windowStart: string;
}
const holdsOf = (r: { budgets: unknown }) => r.budgets as Hold[];
/** Stands for a missing id in a query (matches nothing). */
const NIL = '00000000-0000-0000-0000-000000000000';

/** The budgets a spend counts against: the organization's, the agent's, the context's and the trial's. */
function applicableSql(organizationId: string, agentId: string, contextId: string | null, trialId: string | null) {
  return Prisma.sql`SELECT id FROM "Budget"
     WHERE "organizationId" = ${organizationId}::uuid AND "archivedAt" IS NULL
       AND ("subjectType" = 'ORGANIZATION'
            OR ("subjectType" = 'AGENT' AND "subjectId" = ${agentId}::uuid)
            OR ("subjectType" = 'CONTEXT' AND "subjectId" = ${contextId}::uuid)
            OR ("subjectType" = 'TRIAL' AND "subjectId" = ${trialId}::uuid))`;
}

export async function applicableBudgetIds(
  tx: Tx,
  organizationId: string,
  agentId: string,
  contextId: string | null,
  trialId: string | null,
): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>(applicableSql(organizationId, agentId, contextId, trialId));
  return rows.map((r) => r.id);
}

/** Which reservations are due: PENDING past their expiry (isDue says the same of a loaded row). */
const dueSql = (now: Date) => Prisma.sql`status = 'PENDING' AND "expiresAt" <= ${now}`;

/** Due reservations holding money in any of `budgetIds` (read without locks; expireIn re-checks). */
async function dueIn(tx: Tx, organizationId: string | null, budgetIds: string[] | null, now: Date, take?: number) {
  return tx.$queryRaw<{ id: string; organizationId: string; budgets: Hold[] }[]>`
    SELECT id, "organizationId", budgets FROM "SpendReservation"
     WHERE ${dueSql(now)}
       AND (${organizationId}::uuid IS NULL OR "organizationId" = ${organizationId}::uuid)
       AND (${budgetIds}::text[] IS NULL
            OR EXISTS (SELECT 1 FROM jsonb_array_elements(budgets) h WHERE h->>'budgetId' = ANY(${budgetIds}::text[])))
     ORDER BY "expiresAt", id
     LIMIT ${take ?? null}`;
}

/** Locks reservations (after their budgets: the ledger must hold them) and reads them again. */
async function lockReservations(tx: Tx, ids: string[]): Promise<SpendReservation[]> {
  if (ids.length === 0) return [];
  return tx.$queryRaw<SpendReservation[]>`
    SELECT * FROM "SpendReservation" WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
}

const END = {
  SETTLED: { kind: 'SETTLE', verb: 'spend.settled' },
  RELEASED: { kind: 'RELEASE', verb: 'spend.released' },
  EXPIRED: { kind: 'EXPIRE', verb: 'spend.expired' },
} as const;

/**
 * Ends PENDING reservations — the one place a reservation ends. Their budgets must be locked in
 * `ledger`, and the reservations locked and re-read (status PENDING checked by the caller). A
 * settlement above what was reserved (when something was reserved beforehand), or beyond a
 * budget's limit, is recorded and raises a HIGH BUDGET violation.
 */
export async function endReservations(
  tx: Tx,
  ledger: Ledger,
  caller: Caller,
  reservations: SpendReservation[],
  to: 'RELEASED' | 'EXPIRED' | 'SETTLED',
  actual?: {
    amount: string;
    usage: Prisma.InputJsonObject;
    reservedBeforehand: boolean;
    /** The argument that named the amount (see LedgerEntry.inputPath). */
    inputPath?: string[];
  },
) {
  if (reservations.length === 0) return [];
  // A settlement names its own actual amount: one reservation at a time.
  if (actual && reservations.length !== 1) throw new Error('endReservations: settle one reservation at a time');
  await ledger.windowsAt(
    reservations.flatMap((r) =>
      holdsOf(r).map((h) => ({ budgetId: h.budgetId, windowStart: new Date(h.windowStart) })),
    ),
  );
  const ended: { reservation: SpendReservation; overLimit: string[] }[] = [];
  for (const reservation of reservations) {
    if (reservation.status !== 'PENDING')
      throw new Error(`endReservations: ${reservation.id} is ${reservation.status}`);
    const overLimit: string[] = [];
    for (const hold of holdsOf(reservation)) {
      const budget = ledger.budgets.get(hold.budgetId);
      if (!budget) throw new Error(`endReservations: budget ${hold.budgetId} is not locked`);
      const after = ledger.post(
        budget,
        new Date(hold.windowStart),
        {
          kind: END[to].kind,
          reservationId: reservation.id,
          spentDelta: actual ? actual.amount : 0,
          reservedDelta: D(reservation.amount).neg(),
          inputPath: actual?.inputPath,
          reason:
            to === 'SETTLED'
              ? `settled ${actual?.amount}`
              : to === 'RELEASED'
                ? 'released by the caller'
                : 'reservation expired',
        },
        caller,
      );
      if (after.spent.gt(budget.limit)) overLimit.push(budget.id);
    }
    ledger.announce(caller, {
      verb: END[to].verb,
      subjectType: 'SpendReservation',
      subjectId: reservation.id,
      agentId: reservation.agentId,
      payload: {
        budgetIds: holdsOf(reservation).map((h) => h.budgetId),
        reserved: fmt(reservation.amount),
        ...(actual ? { actual: fmt(actual.amount) } : {}),
      },
    });
    ended.push({ reservation, overLimit });
  }
  await ledger.flush();
  const ids = reservations.map((r) => r.id);
  if (actual) {
    await tx.spendReservation.update({
      where: { id: reservations[0]?.id },
      data: { status: to, actualAmount: D(actual.amount), usage: actual.usage, settledAt: new Date() },
    });
  } else await tx.spendReservation.updateMany({ where: { id: { in: ids } }, data: { status: to } });

  if (actual) {
    for (const { reservation, overLimit } of ended) {
      const above = actual.reservedBeforehand && D(actual.amount).gt(reservation.amount);
      if (!above && overLimit.length === 0) continue;
      const agent = await tx.agent.findUniqueOrThrow({
        where: { id: reservation.agentId },
        select: { currentVersionId: true },
      });
      await recordViolation(tx, systemCaller(reservation.organizationId, caller.requestId), {
        agentId: reservation.agentId,
        versionId: agent.currentVersionId,
        policyId: null,
        severity: 'HIGH',
        category: 'BUDGET',
        description: actual.reservedBeforehand
          ? `Settled ${fmt(actual.amount)} against a reservation of ${fmt(reservation.amount)}${overLimit.length ? ', beyond a budget limit' : ''}.`
          : `Spent ${fmt(actual.amount)} (${reservation.service}) beyond a budget limit.`,
        evidence: {
          reservationId: reservation.id,
          reserved: fmt(reservation.amount),
          actual: fmt(actual.amount),
          overLimitBudgetIds: overLimit,
        },
      });
    }
  }
  return ended;
}

/** Expires those of `ids` still due, once: locked after their budgets, re-checked under the lock. */
async function expireIn(tx: Tx, ledger: Ledger, ids: string[], now: Date, requestId: string) {
  const locked = (await lockReservations(tx, ids)).filter((r) => isDue(r, now));
  const byOrg = new Map<string, SpendReservation[]>();
  for (const r of locked) byOrg.set(r.organizationId, [...(byOrg.get(r.organizationId) ?? []), r]);
  for (const [organizationId, reservations] of byOrg)
    await endReservations(tx, ledger, systemCaller(organizationId, requestId), reservations, 'EXPIRED');
  return locked.length;
}

interface Queued {
  caller: Caller;
  request: SpendRequest;
}

/**
 * Decides a batch of requests of one organization, agent, context and trial in the caller's
 * transaction, as if they came one after another in order: load, decide each, persist once.
 */
export async function authorizeIn(tx: Tx, batch: Queued[], now: Date): Promise<SpendResult[]> {
  const [first] = batch;
  if (!first) return [];
  const { organizationId } = first.caller.viewer;
  const { agentId, contextId = null, trialId = null } = first.request;
  const all = (error: Error) => batch.map(() => ({ error }));
  // Behind the act gate (act-gate.ts), so that the agent and halts read below hold at commit.
  await holdActGate(tx, organizationId);

  // Load: the agent, the context, the applicable budgets and the due reservations holding money
  // in them, in one statement without locks; then the budgets locked (and the due reservations,
  // expired); then, under the locks, the windows and earlier decisions for these request keys.
  const [pre] = await tx.$queryRaw<
    {
      agent: {
        id: string;
        status: AgentStatus;
        currentVersionId: string | null;
        timeZone: string;
        agentHalt: Halted;
        organizationHalt: Halted;
        installState: InstallState | null;
      } | null;
      context: boolean;
      applicable: string[];
      due: { id: string; budgets: Hold[] }[];
      services: CatalogService[];
    }[]
  >`
    WITH applicable AS (${applicableSql(organizationId, agentId ?? NIL, contextId, trialId)})
    SELECT (SELECT json_build_object('id', a.id, 'status', a.status, 'currentVersionId', a."currentVersionId", 'timeZone', o."timeZone",
                     'installState', a."installState",
                     'agentHalt', json_build_object('haltedAt', a."haltedAt", 'haltReason', a."haltReason"),
                     'organizationHalt', json_build_object('haltedAt', o."haltedAt", 'haltReason', o."haltReason"))
              FROM "Agent" a JOIN "Organization" o ON o.id = a."organizationId"
             WHERE a.id = ${agentId ?? NIL}::uuid AND a."organizationId" = ${organizationId}::uuid) AS agent,
           (${contextId}::uuid IS NULL OR EXISTS (SELECT 1 FROM "AgentContext"
              WHERE id = ${contextId}::uuid AND "organizationId" = ${organizationId}::uuid)) AS context,
           ARRAY(SELECT id::text FROM applicable ORDER BY id) AS applicable,
           coalesce((SELECT json_agg(json_build_object('id', r.id, 'budgets', r.budgets))
                       FROM "SpendReservation" r
                      WHERE r."organizationId" = ${organizationId}::uuid AND ${dueSql(now)}
                        AND EXISTS (SELECT 1 FROM jsonb_array_elements(r.budgets) h
                                     WHERE (h->>'budgetId')::uuid IN (SELECT id FROM applicable))), '[]'::json) AS due,
           coalesce((SELECT json_agg(json_build_object('id', s.id, 'key', s.key, 'unit', s.unit,
                       'unitPrice', s."unitPrice"::text, 'currency', s.currency, 'active', s.active,
                       'archived', s."archivedAt" IS NOT NULL,
                       'fallback', (SELECT json_build_object('key', f.key, 'unit', f.unit, 'unitPrice', f."unitPrice"::text,
                                      'currency', f.currency, 'active', f.active, 'archived', f."archivedAt" IS NOT NULL)
                                      FROM "Service" f WHERE f.id = s."fallbackServiceId")))
                       FROM "Service" s
                      WHERE s."organizationId" = ${organizationId}::uuid
                        AND s.key = ANY(${[...new Set(batch.map((q) => q.request.service))]}::text[])), '[]'::json) AS services`;
  const agent = pre?.agent;
  if (!pre || !agent) return all(new NotFoundError('Agent'));
  if (!pre.context) return all(new NotFoundError('AgentContext'));
  const { applicable, due } = pre;
  const catalog = new Map(pre.services.map((s) => [s.key, s]));
  const ledger = new Ledger(tx, first.caller);
  await ledger.lock([...applicable, ...due.flatMap((r) => r.budgets.map((h) => h.budgetId))]);
  await expireIn(
    tx,
    ledger,
    due.map((r) => r.id),
    now,
    first.caller.requestId,
  );
  const budgets = applicable.map((id) => ledger.budgets.get(id)).filter((b): b is Budget => !!b && !b.archivedAt);
  const [state] = await tx.$queryRaw<
    { windows: LatestWindowJson[]; stored: { requestKey: string; agentId: string; decision: StoredDecision }[] }[]
  >`
    SELECT ${latestWindowsSql(
      budgets.map((b) => b.id),
      now,
    )} AS windows,
           coalesce((SELECT json_agg(json_build_object('requestKey', "requestKey", 'agentId', "agentId", 'decision', decision))
                       FROM "SpendReservation"
                      WHERE "organizationId" = ${organizationId}::uuid
                        AND "requestKey" = ANY(${batch.map((q) => q.request.requestKey)}::text[])), '[]'::json) AS stored`;
  const windows = await ledger.currentWindows(budgets, agent.timeZone, now, state?.windows ?? []);
  const states: BudgetWindowState[] = budgets.map((budget, i) => ({ budget, usage: windows[i]! }));
  const stored = new Map(
    (state?.stored ?? []).map((r) => [r.requestKey, { agentId: r.agentId, decision: r.decision }]),
  );

  // Decide each in order; each sees the holds of those before it.
  const reservations: Prisma.SpendReservationCreateManyInput[] = [];
  const results = batch.map(({ caller, request }): SpendResult => {
    if (!actsFor(caller.viewer, agent.id)) return { error: new NotFoundError('Agent') };
    const previous = stored.get(request.requestKey);
    if (previous) {
      // A retry gets the first attempt's decision and reserves nothing more (at the price of then).
      const asked = previous.decision.quantity ?? null;
      const same =
        previous.agentId === agent.id &&
        (request.quantity != null
          ? asked === fmt(request.quantity)
          : asked === null && previous.decision.requested === fmt(request.amount ?? '0'));
      if (!same)
        return {
          error: new ConflictError(`requestKey "${request.requestKey}" was already used for a different request.`),
        };
      return { decision: previous.decision };
    }
    const priced = priceRequest(request, catalog.get(request.service));
    if ('error' in priced) return { error: priced.error };
    const requested = fmt(priced.amount);
    const verdict = decideSpend(
      {
        status: agent.status,
        halt: haltRefusal(agent.agentHalt, agent.organizationHalt),
        install: installRefusal(agent),
      },
      states,
      { amount: priced.amount, priority: request.priority, fallback: priced.fallback, unavailable: priced.unavailable },
    );
    // Downgraded to the catalog's fallback service: the reservation is for that service, at its price.
    const toFallback =
      verdict.outcome === 'DOWNGRADED' && priced.fallbackPrice && priced.fallbackPrice.amount === fmt(verdict.amount);
    const bought = toFallback ? priced.fallbackPrice : priced.price;
    const service = bought?.service ?? request.service;
    const reservationId = uuidv7();
    const rejected = verdict.outcome === 'REJECTED';
    const expiresAt = new Date(now.getTime() + (request.ttlSeconds ?? config().SPEND_RESERVATION_TTL_SECONDS) * 1000);
    const decision: StoredDecision = {
      outcome: verdict.outcome,
      reservationId: rejected ? null : reservationId,
      reservedAmount: rejected ? null : fmt(verdict.amount),
      expiresAt: rejected ? null : expiresAt.toISOString(),
      bindingBudgetId: verdict.bindingBudgetId,
      remaining: remainingAfter(states, verdict.amount),
      reasons: verdict.reasons,
      price: priced.price,
      fallbackPrice: toFallback ? priced.fallbackPrice : null,
      requested,
      quantity: request.quantity != null ? fmt(request.quantity) : null,
    };
    stored.set(request.requestKey, { agentId: agent.id, decision });
    reservations.push({
      id: reservationId,
      organizationId,
      agentId: agent.id,
      requestKey: request.requestKey,
      outcome: verdict.outcome,
      amount: D(verdict.amount),
      priority: request.priority,
      service,
      versionId: agent.currentVersionId,
      quantity: bought ? D(bought.quantity) : null,
      unitPrice: bought ? D(bought.unitPrice) : null,
      contextId,
      // A refusal is a decision, kept for retries and the log; it holds nothing.
      status: rejected ? 'RELEASED' : 'PENDING',
      budgets: states.map((s) => ({ budgetId: s.budget.id, windowStart: s.usage.windowStart.toISOString() })),
      decision: decision as unknown as Prisma.InputJsonObject,
      expiresAt,
    });
    if (!rejected)
      for (const s of states)
        ledger.post(
          s.budget,
          s.usage.windowStart,
          {
            kind: 'RESERVE',
            reservationId,
            spentDelta: 0,
            reservedDelta: verdict.amount,
            reason: `${service}: reserved ${fmt(verdict.amount)}`,
          },
          caller,
        );
    ledger.announce(caller, {
      verb: `spend.${verdict.outcome === 'ALLOWED' ? 'authorized' : verdict.outcome.toLowerCase()}`,
      subjectType: 'SpendReservation',
      subjectId: reservationId,
      agentId: agent.id,
      payload: {
        budgetIds: states.map((s) => s.budget.id),
        requested,
        reserved: fmt(verdict.amount),
        bindingBudgetId: verdict.bindingBudgetId,
        service,
        ...(bought ? { quantity: bought.quantity, unitPrice: bought.unitPrice } : {}),
        priority: request.priority,
        requestKey: request.requestKey,
        ...(verdict.outcome === 'REJECTED' ? { reason: verdict.reasons[0] ?? null } : {}),
      },
    });
    return { decision };
  });

  // Persist: the reservations, their entries and the windows' totals in one statement.
  await ledger.flush(reservations);
  return results;
}

/** A reservation of the caller's organization (an agent's key: its own), locked with its budgets. */
export async function lockReservation(tx: Tx, caller: Caller, reservationId: string | null) {
  const found = reservationId
    ? await tx.spendReservation.findFirst({
        where: { id: reservationId, organizationId: caller.viewer.organizationId },
        select: { id: true, agentId: true, budgets: true },
      })
    : null;
  if (!found || !actsFor(caller.viewer, found.agentId)) throw new NotFoundError('SpendReservation');
  const ledger = new Ledger(tx, caller);
  await ledger.lock(holdsOf(found).map((h) => h.budgetId));
  const [reservation] = await lockReservations(tx, [found.id]);
  if (!reservation) throw new NotFoundError('SpendReservation');
  return { reservation, ledger };
}

/** Expires due reservations of `organizationId` (or anywhere), at most `take`; how many it expired. */
export async function expireDue(tx: Tx, organizationId: string | null, now: Date, take: number, requestId: string) {
  const due = await dueIn(tx, organizationId, null, now, take);
  if (due.length === 0) return { seen: 0, expired: 0 };
  const ledger = new Ledger(tx, systemCaller(due[0]!.organizationId, requestId));
  await ledger.lock(due.flatMap((r) => r.budgets.map((h) => h.budgetId)));
  return {
    seen: due.length,
    expired: await expireIn(
      tx,
      ledger,
      due.map((r) => r.id),
      now,
      requestId,
    ),
  };
}

/** Releases those of `ids` still PENDING (a trial's tasks when it ends): budgets locked once, in id order. */
export async function releaseReservations(tx: Tx, caller: Caller, ids: string[]) {
  if (ids.length === 0) return 0;
  const found = await tx.spendReservation.findMany({ where: { id: { in: ids } }, select: { budgets: true } });
  const ledger = new Ledger(tx, caller);
  await ledger.lock(found.flatMap((r) => holdsOf(r).map((h) => h.budgetId)));
  const open = (await lockReservations(tx, ids)).filter((r) => r.status === 'PENDING');
  await endReservations(tx, ledger, caller, open, 'RELEASED');
  return open.length;
}
