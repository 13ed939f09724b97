// authorizeSpend's common case in one statement: prisma/migrations/*_spend_authorize_function
// holds the function. Budget locks are then held for the length of one function call instead
// of an interactive transaction's round trips through a busy event loop. It answers only
// ALLOWED decisions; for anything else (a retry, a new window, a due expiry, a threshold, a
// downgrade or a rejection) it writes nothing and returns null, and the general path decides.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { prisma } from '../../db/client.js';
import { ACTIVITY_CHANNEL } from '../../events/signals.js';
import { fmt, type SpendDecision, type SpendRequest } from './spend.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function authorizeInOneStatement(caller: Caller, request: SpendRequest): Promise<SpendDecision | null> {
  const { organizationId, actorType, actorId, agentId: keyAgentId } = caller.viewer;
  const ids = [request.agentId, request.contextId].filter((id) => id != null);
  if (!request.agentId || request.trialId || request.ttlSeconds !== undefined) return null;
  // An agent's key spends only as itself; malformed ids are the general path's to refuse.
  if ((keyAgentId && keyAgentId !== request.agentId) || !ids.every((id) => UUID.test(id))) return null;
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + config().SPEND_RESERVATION_TTL_SECONDS * 1000);
  const [row] = await prisma.$queryRaw<{ decision: SpendDecision | null }[]>`
    SELECT agg_spend_authorize(
      ${organizationId}::uuid, ${request.agentId}::uuid, ${request.contextId ?? null}::uuid,
      ${request.amount}::numeric, ${request.priority}::"SpendPriority", ${request.service}, ${request.requestKey},
      ${randomUUID()}::uuid, ${now}::timestamptz, ${expiresAt}::timestamptz,
      ${actorType}::"ActorType", ${actorId}, ${caller.requestId},
      ${fmt(request.amount)}, ${fmt(request.amount)}, ${new Date().toISOString()}, ${ACTIVITY_CHANNEL}
    ) AS decision`;
  return row?.decision ?? null;
}
