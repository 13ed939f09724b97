// authorizeSpend's common case in one statement: prisma/migrations/*_spend_authorize_batch
// holds the function. Budget locks are then held for the length of one function call instead
// of an interactive transaction's round trips through a busy event loop. It answers only
// ALLOWED decisions; for anything else (a retry, a new window, a due expiry, a threshold, a
// downgrade or a rejection) it writes nothing and returns null, and the general path decides.
//
// Requests of one agent (and context) that arrive while a statement for that agent is running
// wait for it and then go together as the next statement (natural batching: no timer, a lone
// request goes at once). They would queue behind the same budget locks anyway; one statement
// pays the locking, planning, foreign-key checks and commit once for all of them. A batch the
// function does not take whole (one request in it does not fit, say) is tried again one request
// at a time, so each request gets exactly the answer it would have got alone.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { prisma } from '../../db/client.js';
import { ACTIVITY_CHANNEL } from '../../events/signals.js';
import { fmt, type SpendDecision, type SpendRequest } from './spend.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** At most this many requests in one statement. */
const MAX_BATCH = 64;

interface Queued {
  caller: Caller;
  request: SpendRequest & { agentId: string };
  resolve(decision: SpendDecision | null): void;
  reject(error: unknown): void;
}

/** Per agent and context: whether a statement is running, and who waits for the next. */
const lanes = new Map<string, { waiting: Queued[] }>();

export function authorizeInOneStatement(caller: Caller, request: SpendRequest): Promise<SpendDecision | null> {
  const { organizationId, agentId: keyAgentId } = caller.viewer;
  const { agentId } = request;
  if (!agentId || request.trialId || request.ttlSeconds !== undefined) return Promise.resolve(null);
  // An agent's key spends only as itself; malformed ids are the general path's to refuse.
  const ids = [agentId, request.contextId].filter((id) => id != null);
  if ((keyAgentId && keyAgentId !== agentId) || !ids.every((id) => UUID.test(id))) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const key = `${organizationId}/${agentId}/${request.contextId ?? ''}`;
    const queued = { caller, request: { ...request, agentId }, resolve, reject };
    const lane = lanes.get(key);
    if (lane) lane.waiting.push(queued);
    else {
      const fresh = { waiting: [queued] };
      lanes.set(key, fresh);
      void drain(key, fresh);
    }
  });
}

async function drain(key: string, lane: { waiting: Queued[] }) {
  while (lane.waiting.length > 0) {
    const batch = lane.waiting.splice(0, MAX_BATCH);
    try {
      const decisions = await authorizeBatch(batch);
      if (decisions) for (const [i, q] of batch.entries()) q.resolve(decisions[i] ?? null);
      else if (batch.length === 1) batch[0]?.resolve(null);
      else await Promise.all(batch.map((q) => authorizeBatch([q]).then((d) => q.resolve(d?.[0] ?? null), q.reject)));
    } catch (error) {
      for (const q of batch) q.reject(error);
    }
  }
  lanes.delete(key);
}

/** One statement for requests of one organization, agent and context; null if not taken whole. */
async function authorizeBatch(batch: Queued[]): Promise<SpendDecision[] | null> {
  const [first] = batch;
  if (!first) return [];
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + config().SPEND_RESERVATION_TTL_SECONDS * 1000).toISOString();
  const occurredAt = new Date().toISOString();
  const each = <T>(f: (q: Queued) => T) => batch.map(f);
  try {
    const [row] = await prisma.$queryRaw<{ decisions: SpendDecision[] | null }[]>`
      SELECT agg_spend_authorize_batch(
        ${first.caller.viewer.organizationId}::uuid, ${first.request.agentId}::uuid,
        ${first.request.contextId ?? null}::uuid, ${now}::timestamptz, ${ACTIVITY_CHANNEL},
        ${each((q) => q.request.amount)}::numeric[], ${each((q) => q.request.priority)}::"SpendPriority"[],
        ${each((q) => q.request.service)}::text[], ${each((q) => q.request.requestKey)}::text[],
        ${each(() => randomUUID())}::uuid[], ${each(() => expiresAt)}::timestamptz[],
        ${each((q) => q.caller.viewer.actorType)}::"ActorType"[], ${each((q) => q.caller.viewer.actorId)}::text[],
        ${each((q) => q.caller.requestId)}::text[], ${each((q) => fmt(q.request.amount))}::text[],
        ${each(() => occurredAt)}::text[]
      ) AS decisions`;
    return row?.decisions ?? null;
  } catch (error) {
    // A requestKey of the batch was taken by a concurrent first attempt after the function
    // looked: it rolled back, and each request is decided on its own.
    if (postgresCode(error) === 'AGG01') return null;
    throw error;
  }
}

/** The SQLSTATE of a failed raw query, as Prisma's pg adapter reports it. */
function postgresCode(error: unknown): string | undefined {
  return (error as { meta?: { driverAdapterError?: { cause?: { code?: string } } } }).meta?.driverAdapterError?.cause
    ?.code;
}
