// Contexts' metrics in one SQL statement for every context a response shows: the conversation
// (delivered messages only), the REQUEST → RESPONSE latency through replyToId, and the spend
// and tokens settled with each contextId (authorizeSpend's contextId and task costs) — straight
// from the ledger's reservations.
import { Decimal, prisma } from '../../db/client.js';

/** The most senders messagesPerAgent lists (those with the most messages). */
export const MESSAGES_PER_AGENT_SHOWN = 50;

export interface ContextMetrics {
  messageCount: number;
  blockedMessageCount: number;
  messagesPerAgent: { agentId: string; count: number }[];
  averageResponseSeconds: number | null;
  spend: string;
  inputTokens: number;
  outputTokens: number;
  lastActivityAt: Date;
}

/** Metrics of the contexts `ids` (all of `organizationId`), in the order given. */
export async function contextMetrics(ids: readonly string[], organizationId: string): Promise<ContextMetrics[]> {
  const rows = await prisma.$queryRaw<
    {
      id: string;
      messages: number;
      blocked: number;
      per_agent: { agentId: string; count: number }[] | null;
      avg_response: number | null;
      spend: string | null;
      input: bigint | null;
      output: bigint | null;
      last_message: Date | null;
      updated: Date;
    }[]
  >`
    SELECT c.id::text AS id,
           (SELECT count(*)::int FROM "ContextMessage" m WHERE m."contextId" = c.id AND NOT m.blocked) AS messages,
           (SELECT count(*)::int FROM "ContextMessage" m WHERE m."contextId" = c.id AND m.blocked) AS blocked,
           (SELECT json_agg(json_build_object('agentId', a, 'count', n) ORDER BY n DESC, a)
              FROM (SELECT m."fromAgentId" AS a, count(*)::int AS n FROM "ContextMessage" m
                     WHERE m."contextId" = c.id AND NOT m.blocked GROUP BY 1
                     ORDER BY 2 DESC, 1 LIMIT ${MESSAGES_PER_AGENT_SHOWN}) x) AS per_agent,
           (SELECT avg(extract(epoch FROM r."createdAt" - q."createdAt"))::float8
              FROM "ContextMessage" r JOIN "ContextMessage" q ON q.id = r."replyToId"
             WHERE r."contextId" = c.id AND r.type = 'RESPONSE' AND q.type = 'REQUEST'
               AND NOT r.blocked AND NOT q.blocked) AS avg_response,
           s.spend, s.input, s.output,
           (SELECT max(m."createdAt") FROM "ContextMessage" m WHERE m."contextId" = c.id) AS last_message,
           c."updatedAt" AS updated
      FROM "AgentContext" c
      LEFT JOIN LATERAL (
        SELECT sum("actualAmount")::text AS spend,
               sum(("usage"->>'inputTokens')::bigint) AS input,
               sum(("usage"->>'outputTokens')::bigint) AS output
          FROM "SpendReservation"
         WHERE "organizationId" = c."organizationId" AND "contextId" = c.id AND status = 'SETTLED'
      ) s ON true
     WHERE c.id = ANY(${[...ids]}::uuid[]) AND c."organizationId" = ${organizationId}::uuid`;
  return ids.map((id) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new Error(`context ${id} vanished`);
    return {
      messageCount: row.messages,
      blockedMessageCount: row.blocked,
      messagesPerAgent: row.per_agent ?? [],
      averageResponseSeconds: row.avg_response,
      spend: new Decimal(row.spend ?? 0).toString(),
      inputTokens: Number(row.input ?? 0),
      outputTokens: Number(row.output ?? 0),
      lastActivityAt: row.last_message && row.last_message > row.updated ? row.last_message : row.updated,
    };
  });
}
