// The policy decision point, as a pure function of the agent, its enabled policies and the
// proposed action. Outcomes rank DENY > REQUIRES_APPROVAL > DOWNGRADE > ALLOW; the decision is
// the strongest outcome any policy gives, with every matching policy and its reason.
import type { Agent, AgentVersion, Policy } from '../../generated/prisma/client.js';
import type { ViolationCategory } from '../../generated/prisma/enums.js';
import { grantRefusal } from '../installs/grants.js';
import { patternMatches } from '../policies/patterns.js';
import type { Rules } from '../policies/policy-rules.js';
import { storedManifest } from '../versions/manifest.js';
import { SEVERITY_RANK } from '../violations/violation-lifecycle.js';

export type Outcome = 'ALLOW' | 'DENY' | 'REQUIRES_APPROVAL' | 'DOWNGRADE';
const RANK: Record<Outcome, number> = { ALLOW: 0, DOWNGRADE: 1, REQUIRES_APPROVAL: 2, DENY: 3 };

export interface ProposedAction {
  action: string;
  scopes: string[];
  estimatedCost: string | null;
  resource: string | null;
  /** Structured content (a message's, a task's input): CONTENT rules see every string in it. */
  content?: unknown;
}

/** Every string in `value` — values and object keys, at any depth — with where it is. */
export function stringsIn(value: unknown): { at: string; text: string }[] {
  const found: { at: string; text: string }[] = [];
  const stack: { value: unknown; at: string }[] = [{ value, at: '' }];
  while (stack.length) {
    const { value: v, at } = stack.pop() as { value: unknown; at: string };
    if (typeof v === 'string') found.push({ at, text: v });
    else if (v !== null && typeof v === 'object')
      for (const [key, child] of Object.entries(v)) {
        const path = at ? `${at}.${key}` : key;
        if (!Array.isArray(v)) found.push({ at: `${path} (key)`, text: key });
        stack.push({ value: child, at: path });
      }
  }
  return found;
}

/** An RBAC scope rule: exact, or a prefix ending in `*` (`context.message:*`). */
export function scopeAllowed(scope: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => (a.endsWith('*') ? scope.startsWith(a.slice(0, -1)) : a === scope));
}

/** The scopes an RBAC policy does not allow an agent of `category` (none when it has no rule for the category). */
export function scopesNotAllowed(policy: Policy, category: Agent['category'], scopes: readonly string[]): string[] {
  const allowed = (policy.rules as Rules<'RBAC'>).allowedScopes[category];
  return allowed ? scopes.filter((s) => !scopeAllowed(s, allowed)) : [];
}

export interface PolicyMatch {
  policy: Policy;
  outcome: Exclude<Outcome, 'ALLOW'>;
  reason: string;
}

export interface Decision {
  outcome: Outcome;
  reasons: string[];
  matches: PolicyMatch[];
}

export interface EvaluationContext {
  agent: Agent & { currentVersion: AgentVersion | null };
  /** The emergency stop in force for this agent (src/modules/agents/halt.ts), if any. */
  halt?: string | null;
  policies: Policy[];
  /** Decisions already recorded for this agent within each RATE_LIMIT policy's window. */
  recentActions: (windowSeconds: number) => number;
}

const DATA_ACCESS_RANK = { NONE: 0, READ: 1, READ_WRITE: 2 } as const;

/** Cents-exact comparison of decimal strings (no floats). */
export function compareDecimal(a: string, b: string): number {
  const scale = (s: string) => {
    const [whole = '0', fraction = ''] = s.split('.');
    return BigInt(whole + fraction.padEnd(6, '0').slice(0, 6));
  };
  const d = scale(a) - scale(b);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

function matchPolicy(policy: Policy, ctx: EvaluationContext, act: ProposedAction): PolicyMatch | null {
  const hit = (outcome: PolicyMatch['outcome'], reason: string): PolicyMatch => ({
    policy,
    outcome,
    reason: `${policy.key}: ${reason}`,
  });
  switch (policy.kind) {
    case 'RBAC': {
      const denied = scopesNotAllowed(policy, ctx.agent.category, act.scopes);
      return denied.length
        ? hit('DENY', `scope ${denied.join(', ')} is not allowed for ${ctx.agent.category} agents`)
        : null;
    }
    case 'CONSTITUTIONAL': {
      const rules = policy.rules as Rules<'CONSTITUTIONAL'>;
      if (rules.requirePublishedVersion && !ctx.agent.currentVersion)
        return hit('DENY', 'the agent has no published version');
      const forbidden = act.scopes.filter((s) => rules.forbiddenScopes.includes(s));
      return forbidden.length ? hit('DENY', `scope ${forbidden.join(', ')} is forbidden`) : null;
    }
    case 'RATE_LIMIT': {
      const rules = policy.rules as Rules<'RATE_LIMIT'>;
      const count = ctx.recentActions(rules.windowSeconds);
      return count >= rules.maxActions
        ? hit('DENY', `${count} actions in the last ${rules.windowSeconds} s reach the limit of ${rules.maxActions}`)
        : null;
    }
    case 'BUDGET': {
      const rules = policy.rules as Rules<'BUDGET'>;
      if (act.estimatedCost === null) return null;
      if (rules.denyAbove && compareDecimal(act.estimatedCost, rules.denyAbove) > 0) {
        return hit('DENY', `estimated cost ${act.estimatedCost} is above ${rules.denyAbove}`);
      }
      if (rules.downgradeAbove && compareDecimal(act.estimatedCost, rules.downgradeAbove) > 0) {
        return hit('DOWNGRADE', `estimated cost ${act.estimatedCost} is above ${rules.downgradeAbove}`);
      }
      return null;
    }
    case 'CONTENT': {
      const rules = policy.rules as Rules<'CONTENT'>;
      const texts = [
        ...(act.resource === null ? [] : [{ at: 'resource', text: act.resource }]),
        ...(act.content === undefined
          ? []
          : stringsIn(act.content).map((t) => ({ ...t, at: `content${t.at ? ` at ${t.at}` : ''}` }))),
      ];
      const first = (patterns: string[]) => {
        for (const p of patterns) for (const t of texts) if (patternMatches(p, t.text)) return `${t.at} matches ${p}`;
        return null;
      };
      const denied = first(rules.deny);
      if (denied) return hit('DENY', denied);
      const approval = first(rules.requireApproval);
      return approval ? hit('REQUIRES_APPROVAL', approval) : null;
    }
    case 'CUSTOM': {
      const rules = policy.rules as Rules<'CUSTOM'>;
      if (!rules.actions.includes(act.action)) return null;
      if (rules.scopes.length && !act.scopes.some((s) => rules.scopes.includes(s))) return null;
      return hit(rules.outcome, rules.reason || `action ${act.action} is governed by this policy`);
    }
  }
}

export function evaluate(ctx: EvaluationContext, act: ProposedAction): Decision {
  if (ctx.agent.status === 'SUSPENDED' || ctx.agent.status === 'RETIRED') {
    return { outcome: 'DENY', reasons: [`the agent is ${ctx.agent.status}`], matches: [] };
  }
  if (ctx.halt) return { outcome: 'DENY', reasons: [ctx.halt], matches: [] };
  const notGranted = grantRefusal(ctx.agent, act.scopes);
  if (notGranted) return { outcome: 'DENY', reasons: [notGranted], matches: [] };
  const matches = ctx.policies
    .filter((p) => p.enabled)
    .map((p) => matchPolicy(p, ctx, act))
    .filter((m): m is PolicyMatch => m !== null);
  const outcome = matches.reduce<Outcome>((o, m) => (RANK[m.outcome] > RANK[o] ? m.outcome : o), 'ALLOW');
  return { outcome, reasons: matches.length ? matches.map((m) => m.reason) : ['no policy objects'], matches };
}

/** Constitutional breaches of a version being published (recorded as violations). */
export function constitutionalBreaches(policies: Policy[], version: AgentVersion): PolicyMatch[] {
  const manifest = storedManifest(version.manifest);
  const breaches: PolicyMatch[] = [];
  for (const policy of policies.filter((p) => p.enabled && p.kind === 'CONSTITUTIONAL')) {
    const rules = policy.rules as Rules<'CONSTITUTIONAL'>;
    const hit = (reason: string) => breaches.push({ policy, outcome: 'DENY', reason: `${policy.key}: ${reason}` });
    if (rules.requireChangelog && !version.changelog.trim()) hit(`version ${version.semver} has no changelog`);
    const forbidden = manifest.permissions.scopes.filter((s) => rules.forbiddenScopes.includes(s));
    if (forbidden.length) hit(`the manifest asks for forbidden scope ${forbidden.join(', ')}`);
    if (DATA_ACCESS_RANK[manifest.permissions.dataAccess] > DATA_ACCESS_RANK[rules.maxDataAccess]) {
      hit(`data access ${manifest.permissions.dataAccess} exceeds ${rules.maxDataAccess}`);
    }
  }
  return breaches;
}

/**
 * How a DENY is filed as a violation: under the most severe denying policy (its id, default
 * severity and category), or HIGH / SAFETY when no policy denied (a suspended agent, say).
 */
export function violationFiling(decision: Decision) {
  const denying = decision.matches
    .filter((m) => m.outcome === 'DENY')
    .sort((a, b) => SEVERITY_RANK[b.policy.defaultSeverity] - SEVERITY_RANK[a.policy.defaultSeverity])[0];
  return {
    policyId: denying?.policy.id ?? null,
    severity: denying?.policy.defaultSeverity ?? ('HIGH' as const),
    category: denying ? CATEGORY_OF[denying.policy.kind] : ('SAFETY' as const),
  };
}

/** The category a violation of each kind of policy is filed under. */
export const CATEGORY_OF: Record<Policy['kind'], ViolationCategory> = {
  RBAC: 'SCOPE',
  CONSTITUTIONAL: 'ACCOUNTABILITY',
  RATE_LIMIT: 'RATE_LIMIT',
  BUDGET: 'BUDGET',
  CONTENT: 'DATA_ACCESS',
  CUSTOM: 'OTHER',
};
