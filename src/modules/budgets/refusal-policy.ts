// Repeated refusals as a violation, for organizations that opt in (a BUDGET policy with
// `refusals: {threshold, windowSeconds}`): a refused authorization is a decision, not a
// violation, but every `threshold`-th refusal of one agent within the window raises one, filed
// under that policy. A consumer of the activity log (src/events/consumers.ts) applies the rule
// to `spend.rejected` events after they commit, so the spend path takes no agent lock for it
// and each violation is raised exactly once, across restarts and server processes.
import { systemCaller } from '../../auth/viewer.js';
import { Prisma, type Tx } from '../../db/client.js';
import type { EventConsumer } from '../../events/consumers.js';
import type { ActivityEvent } from '../../generated/prisma/client.js';
import type { Rules } from '../policies/policy-rules.js';
import { recordViolation } from '../violations/violations.service.js';

/** Whether the `count`-th refusal in the window raises a violation. */
export function refusalRaises(count: number, threshold: number): boolean {
  return count > 0 && count % threshold === 0;
}

export const refusalPolicyConsumer: EventConsumer = {
  name: 'refusal-policy',
  verbs: ['spend.rejected'],
  // Without a refusals policy the log is passed over unread.
  idleSql: (organizationId) =>
    Prisma.sql`NOT EXISTS (SELECT 1 FROM "Policy" WHERE "organizationId" = ${organizationId}::uuid
                 AND kind = 'BUDGET' AND enabled AND jsonb_typeof(rules->'refusals') = 'object')`,
  async handle(tx: Tx, organizationId: string, events: ActivityEvent[]) {
    const rejected = events.filter((e) => e.verb === 'spend.rejected' && e.agentId);
    if (rejected.length === 0) return { made: 0 };
    const policies = (
      await tx.policy.findMany({ where: { organizationId, kind: 'BUDGET', enabled: true }, orderBy: { key: 'asc' } })
    ).filter((p) => (p.rules as Rules<'BUDGET'>).refusals);
    if (policies.length === 0) return { made: 0 };
    let made = 0;
    for (const event of rejected) {
      const agentId = event.agentId as string;
      // A policy judges the refusals made while it existed, not those before it.
      for (const policy of policies.filter((p) => p.createdAt <= event.occurredAt)) {
        const { threshold, windowSeconds } = (policy.rules as Rules<'BUDGET'>).refusals as {
          threshold: number;
          windowSeconds: number;
        };
        const count = await tx.activityEvent.count({
          where: {
            organizationId,
            agentId,
            verb: 'spend.rejected',
            sequence: { lte: event.sequence },
            occurredAt: {
              gt: new Date(Math.max(event.occurredAt.getTime() - windowSeconds * 1000, policy.createdAt.getTime() - 1)),
            },
          },
        });
        if (!refusalRaises(count, threshold)) continue;
        const agent = await tx.agent.findUnique({ where: { id: agentId }, select: { currentVersionId: true } });
        if (!agent) continue;
        const payload = (event.payload ?? {}) as { requestKey?: string; reason?: string };
        await recordViolation(tx, systemCaller(organizationId, event.requestId ?? 'refusal-policy'), {
          agentId,
          versionId: agent.currentVersionId,
          policyId: policy.id,
          severity: policy.defaultSeverity,
          category: 'BUDGET',
          description: `${count} spend authorizations refused within ${windowSeconds} s (${policy.key}: a violation every ${threshold})`,
          evidence: {
            refusals: count,
            threshold,
            windowSeconds,
            lastSequence: event.sequence,
            lastRequestKey: payload.requestKey ?? null,
            lastReason: payload.reason ?? null,
          },
        });
        made++;
      }
    }
    return { made };
  },
};
