// Runs compliance audits. runComplianceAudit stores a RUNNING report and its event at once, then
// audits in the background of this process: agents in id order, COMPLIANCE_AUDIT_BATCH at a time,
// each batch read in a fixed number of statements (the agents with their version, job role and
// skills; their governors' memberships; their open CRITICAL violations) and written in one
// transaction (findings, per-agent results, progress and heartbeat). The end is one transaction
// with the scores and `compliance.audit_completed`. A report whose heartbeat stops (the process
// died) is FAILED by the sweep, so nothing stays RUNNING for ever.

import type { Logger } from 'pino';
import { refuseAgentKey } from '../../auth/agent-binding.js';
import { type Caller, systemCaller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { config } from '../../config.js';
import { type Prisma, prisma } from '../../db/client.js';
import { transact, uniquely } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { ComplianceReport } from '../../generated/prisma/client.js';
import { ValidationError } from '../../graphql/errors.js';
import { OPEN_STATUSES } from '../violations/violation-lifecycle.js';
import { type AgentFacts, auditAgent, scoreOf, type Tally } from './compliance-rules.js';

const event = (verb: string, report: ComplianceReport, payload: Record<string, string | number | null> = {}) => ({
  verb,
  subjectType: 'ComplianceReport',
  subjectId: report.id,
  payload,
});

/** Audits running in this process (the server waits for them when it stops). */
const running = new Set<Promise<void>>();

export async function waitForAudits(): Promise<void> {
  await Promise.all([...running]);
}

/** Starts an audit of `agentIds` (null: every agent not retired); answers the stored RUNNING report. */
export async function startComplianceAudit(caller: Caller, agentIds: (string | null)[] | null, log: Logger) {
  const { organizationId } = caller.viewer;
  refuseAgentKey(caller.viewer, 'run a compliance audit');
  const report = await transact(async (tx) => {
    let ids: string[] = [];
    if (agentIds) {
      if (agentIds.length === 0 || agentIds.length > 1_000)
        throw ValidationError.of(['input', 'agentIds'], 'name 1 to 1,000 agents, or none for the whole organization');
      const wanted = [...new Set(agentIds.filter((id): id is string => id !== null))];
      const found = new Set(
        (await tx.agent.findMany({ where: { organizationId, id: { in: wanted } }, select: { id: true } })).map(
          (a) => a.id,
        ),
      );
      const issues = agentIds.flatMap((id, i) =>
        id && found.has(id)
          ? []
          : [{ path: ['input', 'agentIds', String(i)], message: 'no agent with this ID in your organization' }],
      );
      if (issues.length) throw new ValidationError(issues);
      ids = wanted.sort();
    }
    const totalAgents = ids.length || (await tx.agent.count({ where: { organizationId, status: { not: 'RETIRED' } } }));
    // One audit at a time per organization (a partial unique index holds it under races).
    const created = await uniquely(
      tx.complianceReport.create({
        data: {
          organizationId,
          agentIds: ids,
          totalAgents,
          requestedByType: caller.viewer.actorType,
          requestedById: caller.viewer.actorId,
        },
      }),
      'A compliance audit is already running in your organization; wait for it to finish (complianceReports(status: RUNNING)).',
    );
    appendEvents(tx, caller, [
      event('compliance.audit_started', created, { totalAgents, scope: ids.length ? 'AGENTS' : 'ORGANIZATION' }),
    ]);
    return created;
  });
  const run = runAudit(caller, report).catch((error) =>
    log.error({ err: error, reportId: report.id }, 'compliance audit failed'),
  );
  running.add(run);
  void run.finally(() => running.delete(run));
  // A small audit is answered finished; a long one is answered RUNNING, with its progress.
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise((resolve) => {
    timer = setTimeout(resolve, config().COMPLIANCE_AUDIT_WAIT_MS);
  });
  await Promise.race([run, waited]);
  clearTimeout(timer);
  return prisma.complianceReport.findUniqueOrThrow({ where: { id: report.id } });
}

/** What one batch of agents needs loaded: a fixed number of statements whatever its size. */
async function factsOf(organizationId: string, report: ComplianceReport, after: string | null): Promise<AgentFacts[]> {
  const agents = await prisma.agent.findMany({
    where: {
      organizationId,
      // The agents named, or every agent not retired; after the last batch's.
      ...(report.agentIds.length ? {} : { status: { not: 'RETIRED' } }),
      id: { ...(report.agentIds.length ? { in: report.agentIds } : {}), ...(after ? { gt: after } : {}) },
    },
    orderBy: { id: 'asc' },
    take: config().COMPLIANCE_AUDIT_BATCH,
    select: {
      id: true,
      category: true,
      governorId: true,
      currentVersion: true,
      jobRole: {
        select: {
          name: true,
          status: true,
          requiredSkills: { select: { skill: { select: { id: true, key: true } } } },
        },
      },
      skills: { select: { skill: { select: { id: true, key: true, status: true } } } },
    },
  });
  if (agents.length === 0) return [];
  const [members, critical] = await Promise.all([
    prisma.membership.findMany({
      where: { organizationId, userId: { in: [...new Set(agents.map((a) => a.governorId))] } },
      select: { userId: true, role: true },
    }),
    prisma.violation.groupBy({
      by: ['agentId'],
      where: {
        organizationId,
        agentId: { in: agents.map((a) => a.id) },
        severity: 'CRITICAL',
        status: { in: OPEN_STATUSES },
      },
      _count: { _all: true },
    }),
  ]);
  const roleOf = new Map(members.map((m) => [m.userId, m.role]));
  const criticalOf = new Map(critical.map((c) => [c.agentId, c._count._all]));
  return agents.map((a) => ({
    id: a.id,
    category: a.category,
    governorRole: roleOf.get(a.governorId) ?? null,
    currentVersion: a.currentVersion,
    jobRole: a.jobRole ? { name: a.jobRole.name, status: a.jobRole.status } : null,
    requiredSkills: a.jobRole?.requiredSkills.map((r) => r.skill) ?? [],
    heldSkills: a.skills.map((s) => s.skill),
    openCriticalViolations: criticalOf.get(a.id) ?? 0,
  }));
}

const add = (map: Map<string, Tally>, key: string, passed: boolean) => {
  const t = map.get(key) ?? { checks: 0, passed: 0 };
  map.set(key, { checks: t.checks + 1, passed: t.passed + (passed ? 1 : 0) });
};
const scored = (map: Map<string, Tally>, name: string) =>
  [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, t]) => ({ [name]: key, checks: t.checks, passed: t.passed, score: scoreOf(t) }));

async function runAudit(caller: Caller, report: ComplianceReport): Promise<void> {
  const { organizationId } = caller.viewer;
  try {
    const policies = await prisma.policy.findMany({
      where: { organizationId, enabled: true, kind: { in: ['CONSTITUTIONAL', 'RBAC'] } },
      orderBy: { key: 'asc' },
    });
    const byEntityType = new Map<string, Tally>();
    const byPrinciple = new Map<string, Tally>();
    const total: Tally = { checks: 0, passed: 0 };
    let audited = 0;
    let nonCompliant = 0;
    let after: string | null = null;
    for (;;) {
      const batch = await factsOf(organizationId, report, after);
      if (batch.length === 0) break;
      const auditedAt = clock.now();
      const findings: Prisma.ComplianceFindingCreateManyInput[] = [];
      const results: Prisma.ComplianceAgentResultCreateManyInput[] = [];
      for (const agent of batch) {
        const checks = auditAgent(agent, policies);
        const passed = checks.filter((c) => c.failure === null).length;
        for (const c of checks) {
          add(byEntityType, c.entityType, c.failure === null);
          add(byPrinciple, c.principle, c.failure === null);
          if (c.failure !== null)
            findings.push({
              reportId: report.id,
              agentId: agent.id,
              entityType: c.entityType,
              entityId: c.entityId,
              principle: c.principle,
              reason: c.failure,
            });
        }
        total.checks += checks.length;
        total.passed += passed;
        if (passed < checks.length) nonCompliant++;
        results.push({
          reportId: report.id,
          agentId: agent.id,
          checks: checks.length,
          passed,
          score: scoreOf({ checks: checks.length, passed }),
          compliant: passed === checks.length,
          auditedAt,
        });
      }
      audited += batch.length;
      await transact(async (tx) => {
        await tx.complianceAgentResult.createMany({ data: results });
        await tx.complianceFinding.createMany({ data: findings });
        await tx.complianceReport.update({
          where: { id: report.id },
          data: {
            // Agents created while the audit runs may join it.
            totalAgents: Math.max(report.totalAgents, audited),
            auditedAgents: audited,
            checks: total.checks,
            passed: total.passed,
            heartbeatAt: clock.now(),
          },
        });
      });
      after = batch[batch.length - 1]?.id ?? null;
    }
    await transact(async (tx) => {
      const done = await tx.complianceReport.update({
        where: { id: report.id },
        data: {
          status: 'COMPLETED',
          totalAgents: audited,
          overallScore: scoreOf(total),
          byEntityType: scored(byEntityType, 'entityType'),
          byPrinciple: scored(byPrinciple, 'principle'),
          completedAt: clock.now(),
        },
      });
      appendEvents(tx, caller, [
        event('compliance.audit_completed', done, {
          overallScore: done.overallScore,
          auditedAgents: audited,
          nonCompliantAgents: nonCompliant,
        }),
      ]);
    });
  } catch (error) {
    await fail(caller, report, `the audit stopped: ${(error as Error).message.slice(0, 500)}`);
    throw error;
  }
}

async function fail(caller: Caller, report: Pick<ComplianceReport, 'id'>, reason: string) {
  await transact(async (tx) => {
    const [locked] = await tx.$queryRaw<ComplianceReport[]>`
      SELECT * FROM "ComplianceReport" WHERE id = ${report.id}::uuid AND status = 'RUNNING' FOR UPDATE`;
    if (!locked) return;
    const failed = await tx.complianceReport.update({
      where: { id: report.id },
      data: { status: 'FAILED', error: reason, completedAt: clock.now() },
    });
    appendEvents(tx, caller, [event('compliance.audit_failed', failed, { reason })]);
  });
}

/** Fails reports left RUNNING by a process that stopped (no heartbeat for COMPLIANCE_AUDIT_STALE_SECONDS). */
export async function sweepComplianceReports(): Promise<number> {
  const stale = await prisma.complianceReport.findMany({
    where: {
      status: 'RUNNING',
      heartbeatAt: { lt: new Date(clock.now().getTime() - config().COMPLIANCE_AUDIT_STALE_SECONDS * 1000) },
    },
    select: { id: true, organizationId: true },
    take: 100,
  });
  for (const r of stale)
    await fail(systemCaller(r.organizationId), r, 'interrupted: the server running it stopped; run it again');
  return stale.length;
}
