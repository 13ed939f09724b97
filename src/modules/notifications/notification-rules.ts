// Which activity events notify whom — the one owner of that rule. An event maps to at most one
// kind of notification; the organization's rules switch kinds on and off (and set the lowest
// violation severity worth a notification); a member receives it only if their role can read
// what it is about, they did not cause it themselves, and they have not muted the kind.
import { z } from 'zod';
import { ROLE_SCOPES, type Scope } from '../../auth/scopes.js';
import type { ActivityEvent } from '../../generated/prisma/client.js';
import { NotificationKind, type Role, Severity } from '../../generated/prisma/enums.js';
import { tierOf } from '../trust/formula.js';
import { SEVERITY_RANK } from '../violations/violation-lifecycle.js';

export type Kind = keyof typeof NotificationKind;
export const KINDS = Object.values(NotificationKind) as Kind[];

export const ruleSchema = z.strictObject({
  kind: z.enum(NotificationKind),
  enabled: z.boolean(),
  /** VIOLATION_RAISED only: violations below this severity notify nobody. */
  minSeverity: z.enum(Severity).nullish(),
});
export type Rule = z.infer<typeof ruleSchema>;

/** What a governor would want out of the box: everything on, violations from HIGH up. */
const DEFAULT: Record<Kind, Omit<Rule, 'kind'>> = Object.fromEntries(
  KINDS.map((kind) => [kind, { enabled: true, minSeverity: kind === 'VIOLATION_RAISED' ? 'HIGH' : null }]),
) as Record<Kind, Omit<Rule, 'kind'>>;

/** The organization's rules: what it stored (Organization.notificationRules) over the defaults. */
export function rulesOf(stored: unknown): Record<Kind, Rule> {
  const saved = (stored && typeof stored === 'object' ? stored : {}) as Partial<Record<Kind, unknown>>;
  return Object.fromEntries(
    KINDS.map((kind) => {
      const parsed = ruleSchema.safeParse({ kind, ...DEFAULT[kind], ...(saved[kind] as object | undefined) });
      return [kind, parsed.success ? parsed.data : { kind, ...DEFAULT[kind] }];
    }),
  ) as Record<Kind, Rule>;
}

/** The scope a member needs to be told of each kind (they could read the subject). */
const SCOPE_OF: Record<Kind, Scope> = {
  VIOLATION_RAISED: 'violations:read',
  BUDGET_THRESHOLD: 'budgets:read',
  TRUST_DROPPED: 'agents:read',
  AGENT_SUSPENDED: 'agents:read',
  EMERGENCY_STOP: 'agents:read',
  APPROVAL_REQUESTED: 'approvals:decide',
  APPROVAL_DECIDED: 'approvals:read',
  TRIAL_ENDED: 'trials:read',
  TASK_FAILED: 'tasks:read',
  WEBHOOK_DISABLED: 'webhooks:write',
  DEPLOYMENT_STATUS: 'agents:read',
};

const TIER_RANK = { UNTRUSTED: 0, PROBATIONARY: 1, STANDARD: 2, TRUSTED: 3, VERIFIED: 4 } as const;

export interface Notice {
  kind: Kind;
  title: string;
  /** Only the one who asked (an approval's answer); otherwise every member who may read it. */
  requester?: { type: string; id: string | null };
}

type Payload = Record<string, unknown>;

/** Every verb that can make a notification (the consumer reads only these). */
export const NOTIFYING_VERBS = [
  'violation.raised',
  'budget.threshold_crossed',
  'trust.changed',
  'agent.suspended',
  'agent.halted',
  'organization.halted',
  'agent.resumed',
  'organization.resumed',
  'approval.requested',
  'approval.approved',
  'approval.denied',
  'trial.converted',
  'trial.expired',
  'task.failed',
  'webhook.disabled',
  'deployment.status_changed',
] as const;

/** The notification `event` makes under `rules`, if any. */
export function noticeOf(event: ActivityEvent, rules: Record<Kind, Rule>): Notice | null {
  const p = (event.payload ?? {}) as Payload;
  const notice = ((): Notice | null => {
    switch (event.verb) {
      case 'violation.raised': {
        const min = rules.VIOLATION_RAISED.minSeverity;
        const severity = p.severity as keyof typeof SEVERITY_RANK;
        if (min && SEVERITY_RANK[severity] < SEVERITY_RANK[min]) return null;
        return { kind: 'VIOLATION_RAISED', title: `${severity} ${String(p.category)} violation raised` };
      }
      case 'budget.threshold_crossed':
        return {
          kind: 'BUDGET_THRESHOLD',
          title: `Budget crossed ${Math.round(Number(p.threshold) * 100)}% (now ${Math.round(Number(p.utilization) * 100)}%)`,
        };
      case 'trust.changed': {
        const before = tierOf(Number(p.previousOverall));
        const after = p.tier as keyof typeof TIER_RANK;
        return TIER_RANK[after] < TIER_RANK[before]
          ? { kind: 'TRUST_DROPPED', title: `Trust tier dropped from ${before} to ${after}` }
          : null;
      }
      case 'agent.suspended':
        return { kind: 'AGENT_SUSPENDED', title: `Agent suspended${p.reason ? `: ${String(p.reason)}` : ''}` };
      case 'agent.halted':
        return { kind: 'EMERGENCY_STOP', title: `Agent halted: ${String(p.reason)}` };
      case 'organization.halted':
        return { kind: 'EMERGENCY_STOP', title: `Organization halted: ${String(p.reason)}` };
      case 'agent.resumed':
        return { kind: 'EMERGENCY_STOP', title: 'Agent resumed' };
      case 'organization.resumed':
        return { kind: 'EMERGENCY_STOP', title: 'Organization resumed' };
      case 'approval.requested':
        return { kind: 'APPROVAL_REQUESTED', title: `Approval requested: ${String(p.action)}` };
      case 'approval.approved':
      case 'approval.denied':
        return {
          kind: 'APPROVAL_DECIDED',
          title: `Approval ${event.verb === 'approval.approved' ? 'granted' : 'denied'}${p.note ? `: ${String(p.note)}` : ''}`,
          requester: { type: String(p.requestedByType), id: (p.requestedById as string | null) ?? null },
        };
      case 'trial.converted':
      case 'trial.expired':
        return { kind: 'TRIAL_ENDED', title: `Trial ${event.verb === 'trial.converted' ? 'converted' : 'expired'}` };
      case 'task.failed':
        return Number(p.attemptsLeft) <= 0 ? { kind: 'TASK_FAILED', title: 'Task failed with no attempts left' } : null;
      case 'webhook.disabled':
        return { kind: 'WEBHOOK_DISABLED', title: `Webhook endpoint disabled: ${String(p.reason)}` };
      case 'deployment.status_changed':
        // Down, and back up from down: what someone must act on or can stop worrying about.
        return p.to === 'DOWN' || (p.from === 'DOWN' && p.to === 'LIVE')
          ? { kind: 'DEPLOYMENT_STATUS', title: `Deployment ${String(p.environment)} is ${String(p.to)}` }
          : null;
      default:
        return null;
    }
  })();
  return notice && rules[notice.kind].enabled ? notice : null;
}

export interface Member {
  userId: string;
  role: Role;
  mutedNotificationKinds: Kind[];
}

/**
 * Who is told of `notice` (caused by `event`): members whose role can read it, who did not cause
 * it, who have not muted it; for an approval's answer only the person who asked (or whose key did).
 */
export function recipientsOf(
  notice: Notice,
  event: ActivityEvent,
  members: Member[],
  requesterUserId: string | null,
): string[] {
  const scope = SCOPE_OF[notice.kind];
  return members
    .filter((m) => ROLE_SCOPES[m.role].includes(scope))
    .filter((m) => !m.mutedNotificationKinds.includes(notice.kind))
    .filter((m) =>
      notice.requester ? m.userId === requesterUserId : !(event.actorType === 'USER' && event.actorId === m.userId),
    )
    .map((m) => m.userId);
}
