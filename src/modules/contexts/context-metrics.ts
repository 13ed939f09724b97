// A context's metrics in one SQL statement: the conversation (delivered messages only), the
// REQUEST → RESPONSE latency through replyToId, and the spend and tokens settled with its
// contextId (authorizeSpend's contextId and task costs) — straight from the ledger's reservations.
import { Decimal, prisma } from '../../db/client.js';

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

export async function contextMetrics(contextId: string, organizationId: string): Promise<ContextMetrics> {
  const [row] = await prisma.$queryRaw<
    {
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
    WITH m AS (SELECT * FROM "ContextMessage" WHERE "contextId" = ${contextId}::uuid),
         s AS (SELECT * FROM "SpendReservation"
                WHERE "organizationId" = ${organizationId}::uuid AND "contextId" = ${contextId}::uuid
                  AND status = 'SETTLED')
    SELECT (SELECT count(*)::int FROM m WHERE NOT blocked) AS messages,
           (SELECT count(*)::int FROM m WHERE blocked) AS blocked,
           (SELECT json_agg(json_build_object('agentId', a, 'count', n) ORDER BY n DESC, a)
              FROM (SELECT "fromAgentId" AS a, count(*)::int AS n FROM m WHERE NOT blocked GROUP BY 1) x) AS per_agent,
           (SELECT avg(extract(epoch FROM r."createdAt" - q."createdAt"))::float8
              FROM m r JOIN m q ON q.id = r."replyToId"
             WHERE r.type = 'RESPONSE' AND q.type = 'REQUEST' AND NOT r.blocked AND NOT q.blocked) AS avg_response,
           (SELECT sum("actualAmount")::text FROM s) AS spend,
           (SELECT sum(("usage"->>'inputTokens')::bigint) FROM s) AS input,
           (SELECT sum(("usage"->>'outputTokens')::bigint) FROM s) AS output,
           (SELECT max("createdAt") FROM m) AS last_message,
           c."updatedAt" AS updated
      FROM "AgentContext" c WHERE c.id = ${contextId}::uuid`;
  if (!row) throw new Error(`context ${contextId} vanished`);
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
}
