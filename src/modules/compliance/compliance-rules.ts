// What a compliance audit checks of one agent — the one owner of the structural rules — as a pure
// function of what was loaded about it and the organization's enabled policies. Each check is
// about an entity (the Agent, or its current AgentVersion) under a principle: a structural rule
// below, or the key of a CONSTITUTIONAL or RBAC policy (whose rules decisions.evaluate owns).
import type { AgentVersion, Policy } from '../../generated/prisma/client.js';
import type { AgentCategory, CertificationStatus, Role } from '../../generated/prisma/enums.js';
import { constitutionalBreaches, scopesNotAllowed } from '../decisions/evaluate.js';
import type { Rules } from '../policies/policy-rules.js';
import { storedManifest } from '../versions/manifest.js';

/** The structural rules, by the principle name reports use. */
export const STRUCTURAL = {
  governor: 'a governor who is a member with the GOVERNOR, ADMIN or OWNER role',
  'published-version': 'a published current version',
  changelog: 'the current version has a changelog',
  'job-role': 'a CERTIFIED job role',
  skills: 'every skill held is CERTIFIED and every skill the job role requires is held',
  'critical-violations': 'no open CRITICAL violation',
} as const;

const GOVERNING: readonly Role[] = ['OWNER', 'ADMIN', 'GOVERNOR'];

export interface AgentFacts {
  id: string;
  category: AgentCategory;
  /** The governor's role in the organization, or null when they are not a member. */
  governorRole: Role | null;
  currentVersion: AgentVersion | null;
  jobRole: { name: string; status: CertificationStatus } | null;
  heldSkills: { id: string; key: string; status: CertificationStatus }[];
  requiredSkills: { id: string; key: string }[];
  openCriticalViolations: number;
}

export interface Check {
  entityType: 'Agent' | 'AgentVersion';
  entityId: string;
  principle: string;
  /** Null when the check passed; otherwise why it failed. */
  failure: string | null;
}

export function auditAgent(agent: AgentFacts, policies: Policy[]): Check[] {
  // Current and published (an installed agent's current version may since be archived by a newer publish).
  const version = agent.currentVersion?.publishedAt ? agent.currentVersion : null;
  const onAgent = (principle: string, failure: string | null): Check => ({
    entityType: 'Agent',
    entityId: agent.id,
    principle,
    failure,
  });
  const onVersion = (v: AgentVersion, principle: string, failure: string | null): Check => ({
    entityType: 'AgentVersion',
    entityId: v.id,
    principle,
    failure,
  });
  const held = new Set(agent.heldSkills.map((s) => s.id));
  const skillProblems = [
    ...agent.requiredSkills.filter((s) => !held.has(s.id)).map((s) => `lacks required skill ${s.key}`),
    ...agent.heldSkills.filter((s) => s.status !== 'CERTIFIED').map((s) => `holds ${s.status} skill ${s.key}`),
  ];
  const checks: Check[] = [
    onAgent(
      'governor',
      agent.governorRole === null
        ? 'the governor is not a member of the organization'
        : GOVERNING.includes(agent.governorRole)
          ? null
          : `the governor's role ${agent.governorRole} cannot govern (GOVERNOR, ADMIN or OWNER)`,
    ),
    onAgent('published-version', version ? null : 'the agent has no published version'),
    ...(version
      ? [
          onVersion(
            version,
            'changelog',
            version.changelog.trim() ? null : `version ${version.semver} has no changelog`,
          ),
        ]
      : []),
    onAgent(
      'job-role',
      !agent.jobRole
        ? 'the agent has no job role'
        : agent.jobRole.status === 'CERTIFIED'
          ? null
          : `job role ${agent.jobRole.name} is ${agent.jobRole.status}`,
    ),
    onAgent('skills', skillProblems.length ? skillProblems.join('; ') : null),
    onAgent(
      'critical-violations',
      agent.openCriticalViolations
        ? `${agent.openCriticalViolations} open CRITICAL violation${agent.openCriticalViolations === 1 ? '' : 's'}`
        : null,
    ),
  ];
  for (const policy of policies) {
    if (!policy.enabled) continue;
    if (policy.kind === 'CONSTITUTIONAL') {
      if (!version) {
        if ((policy.rules as Rules<'CONSTITUTIONAL'>).requirePublishedVersion)
          checks.push(onAgent(policy.key, `${policy.key}: the agent has no published version`));
        continue;
      }
      const breaches = constitutionalBreaches([policy], version);
      checks.push(onVersion(version, policy.key, breaches.length ? breaches.map((b) => b.reason).join('; ') : null));
    } else if (policy.kind === 'RBAC' && version) {
      const denied = scopesNotAllowed(policy, agent.category, storedManifest(version.manifest).permissions.scopes);
      checks.push(
        onVersion(
          version,
          policy.key,
          denied.length
            ? `${policy.key}: the manifest asks for ${denied.join(', ')}, not allowed for ${agent.category} agents`
            : null,
        ),
      );
    }
  }
  return checks;
}

export interface Tally {
  checks: number;
  passed: number;
}

/** A score in percent, one decimal; 100 when nothing was checked. */
export function scoreOf(t: Tally): number {
  return t.checks ? Math.round((t.passed / t.checks) * 1000) / 10 : 100;
}
