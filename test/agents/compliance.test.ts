// Issue 20 §2: a compliance audit evaluates the enabled CONSTITUTIONAL and RBAC policies and the
// structural rules (a governor with the right role, a published version with a changelog, a
// certified job role and skills, no open CRITICAL violation) over the agents, and stores a report:
// overall score, per entity type and per principle, and every non-compliant entity with the rule
// and why. Reports are listed, Agent.compliance shows the latest, and a report exports as CSV.

import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { manifestSchema } from '../../src/modules/versions/manifest.js';
import { createAgentVersion, publishAgentVersion } from '../../src/modules/versions/versions.service.js';
import { raiseViolation } from '../../src/modules/violations/violations.service.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant, validManifest } from '../seed.js';

// Every audit is answered RUNNING and finishes in the background, in batches of 100.
process.env.COMPLIANCE_AUDIT_WAIT_MS = '0';
process.env.COMPLIANCE_AUDIT_BATCH = '100';

const api = useTestApi();

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
const post = (query: string, variables: unknown, token: string) =>
  postGraphQL<Body>(api.url, query, variables, token).then((r) => r.body);

const Run = `mutation($input: RunComplianceAuditInput!) { runComplianceAudit(input: $input) { __typename
  ... on ComplianceAuditPayload { report { id status totalAgents progress } }
  ... on ValidationError { issues { path message } } ... on ConflictError { message } } }`;
const Report = `query($id: ID!) { node(id: $id) { ... on ComplianceReport { status scope totalAgents auditedAgents progress
  checks passed overallScore byEntityType { entityType checks passed score } byPrinciple { principle description checks passed score }
  findings(first: 100) { edges { node { agentId entityType entityId principle reason } } } csvPath } } }`;

/** Reads a report's status without Prisma, so statement counts see only the API's work. */
async function statusOf(databaseUrl: string, globalId: string): Promise<string> {
  const id = Buffer.from(globalId, 'base64url').toString().split(':')[1];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT status FROM "ComplianceReport" WHERE id = $1', [id]);
    return rows[0]?.status;
  } finally {
    await client.end();
  }
}
async function completed(globalId: string) {
  const began = Date.now();
  for (;;) {
    const status = await statusOf(api.databaseUrl, globalId);
    if (status !== 'RUNNING') return status;
    if (Date.now() - began > 60_000) throw new Error('the audit did not finish');
    await new Promise((r) => setTimeout(r, 25));
  }
}
async function audit(token: string, input: Record<string, unknown> = {}) {
  const started = (await post(Run, { input }, token)).data?.runComplianceAudit as {
    __typename: string;
    report: { id: string; status: string; totalAgents: number };
  };
  expect(started.__typename).toBe('ComplianceAuditPayload');
  await completed(started.report.id);
  return started.report;
}

let t: Tenant;
let good: string;
let bad: string;
let sloppy: string;
let sloppyVersion: string;
beforeAll(async () => {
  t = await newTenant('Audited');
  await t.policy(
    'CONSTITUTIONAL',
    {
      requirePublishedVersion: true,
      requireChangelog: false,
      forbiddenScopes: ['secrets:write'],
      maxDataAccess: 'READ_WRITE',
    },
    { key: 'C-1' },
  );
  await t.policy('RBAC', { allowedScopes: { UTILITY: ['kb:read'] } }, { key: 'R-1' });
  await t.policy('RBAC', { allowedScopes: { UTILITY: ['kb:read'] } }, { key: 'R-OFF' });
  await prisma.policy.updateMany({
    where: { organizationId: t.organization.id, key: 'R-OFF' },
    data: { enabled: false },
  });

  // A certified job role with one required skill, held by the good agent.
  const skill = await prisma.skill.create({
    data: {
      organizationId: t.organization.id,
      key: 'kb-search',
      name: 'KB search',
      category: 'support',
      status: 'CERTIFIED',
    },
  });
  const role = await prisma.jobRole.create({
    data: {
      organizationId: t.organization.id,
      name: 'Librarian',
      status: 'CERTIFIED',
      requiredSkills: { create: [{ skillId: skill.id }] },
    },
  });

  const g = await t.agent({ name: 'Good' });
  const v = await createAgentVersion(t.caller, g.id, {
    semver: '1.0.0',
    manifest: manifestSchema.parse(validManifest('1.0.0')),
    changelog: 'First release',
  });
  await publishAgentVersion(t.caller, v.id);
  await prisma.agent.update({
    where: { id: g.id },
    data: { jobRoleId: role.id, skills: { create: [{ skillId: skill.id }] } },
  });
  good = g.id;

  // No published version, a governor without the right role, no job role, an open CRITICAL violation.
  const operator = await t.member('OPERATOR');
  const b = await t.agent({ name: 'Bad' });
  await prisma.agent.update({ where: { id: b.id }, data: { governorId: operator.userId, jobRoleId: role.id } });
  await prisma.agent.update({ where: { id: b.id }, data: { jobRoleId: null } });
  await raiseViolation(t.caller, {
    agentId: b.id,
    versionGiven: false,
    severity: 'CRITICAL',
    category: 'SAFETY',
    description: 'leaked a key',
    evidence: {},
  });
  bad = b.id;

  // Published without a changelog, asking for a forbidden scope and one its category may not have.
  const s = await t.agent({ name: 'Sloppy' });
  const sv = await createAgentVersion(t.caller, s.id, {
    semver: '0.1.0',
    manifest: manifestSchema.parse(
      validManifest('0.1.0', {
        permissions: { scopes: ['kb:read', 'secrets:write'], requiredRoles: [], dataAccess: 'READ' },
      }),
    ),
    changelog: '',
  });
  await publishAgentVersion(t.caller, sv.id);
  sloppy = s.id;
  sloppyVersion = sv.id;
});

describe('the compliance audit', () => {
  it('scores the organization overall, per entity type and per principle, and lists every failed check with why', async () => {
    const started = await audit(t.ownerKey);
    expect(started).toMatchObject({ status: 'RUNNING', totalAgents: 3 });
    const report = (await post(Report, { id: started.id }, t.ownerKey)).data?.node as Record<string, unknown> & {
      findings: {
        edges: { node: { agentId: string; entityType: string; entityId: string; principle: string; reason: string } }[];
      };
      byPrinciple: { principle: string; checks: number; passed: number; score: number; description: string | null }[];
    };
    const findings = report.findings.edges.map((e) => e.node);
    const A = (id: string) => encodeGlobalId('Agent', id);
    const V = encodeGlobalId('AgentVersion', sloppyVersion);
    expect(findings.filter((f) => f.agentId === A(good))).toEqual([]);
    expect(findings.filter((f) => f.agentId === A(bad)).map((f) => [f.entityType, f.principle, f.reason])).toEqual([
      ['Agent', 'C-1', 'C-1: the agent has no published version'],
      ['Agent', 'critical-violations', '1 open CRITICAL violation'],
      ['Agent', 'governor', "the governor's role OPERATOR cannot govern (GOVERNOR, ADMIN or OWNER)"],
      ['Agent', 'job-role', 'the agent has no job role'],
      ['Agent', 'published-version', 'the agent has no published version'],
    ]);
    expect(
      findings
        .filter((f) => f.agentId === A(sloppy))
        .map((f) => [f.entityId === V ? 'version' : 'agent', f.principle, f.reason]),
    ).toEqual([
      ['version', 'C-1', 'C-1: the manifest asks for forbidden scope secrets:write'],
      ['version', 'R-1', 'R-1: the manifest asks for secrets:write, not allowed for UTILITY agents'],
      ['version', 'changelog', 'version 0.1.0 has no changelog'],
      ['agent', 'job-role', 'the agent has no job role'],
    ]);
    // good: 6 structural + C-1 + R-1 = 8 passed; bad: 5 structural (no changelog check) + C-1 = 6, 1 passed (skills);
    // sloppy: 6 structural + C-1 + R-1 = 8, 4 passed. The disabled R-OFF counts nowhere.
    expect(report).toMatchObject({
      status: 'COMPLETED',
      scope: 'ORGANIZATION',
      auditedAgents: 3,
      progress: 1,
      checks: 22,
      passed: 13,
    });
    expect(report.overallScore).toBe(59.1);
    expect(report.byEntityType).toEqual([
      { entityType: 'Agent', checks: 16, passed: 10, score: 62.5 },
      { entityType: 'AgentVersion', checks: 6, passed: 3, score: 50 },
    ]);
    expect(report.byPrinciple.find((p) => p.principle === 'governor')).toEqual({
      principle: 'governor',
      description: 'a governor who is a member with the GOVERNOR, ADMIN or OWNER role',
      checks: 3,
      passed: 2,
      score: 66.7,
    });
    expect(report.byPrinciple.map((p) => p.principle)).toEqual([
      'C-1',
      'R-1',
      'changelog',
      'critical-violations',
      'governor',
      'job-role',
      'published-version',
      'skills',
    ]);
    const events = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, subjectType: 'ComplianceReport' },
      orderBy: { sequence: 'asc' },
    });
    expect(events.map((e) => [e.verb, e.payload])).toEqual([
      ['compliance.audit_started', { totalAgents: 3, scope: 'ORGANIZATION' }],
      ['compliance.audit_completed', { overallScore: 59.1, auditedAgents: 3, nonCompliantAgents: 2 }],
    ]);
  });

  it('agent.compliance shows the latest completed audit of each agent, with its findings', async () => {
    await audit(t.ownerKey, { agentIds: [encodeGlobalId('Agent', bad)] });
    const q = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Agent { name compliance { score compliant checks passed report { scope } findings { principle } } } } }`;
    const answer = await post(q, { ids: [good, bad].map((id) => encodeGlobalId('Agent', id)) }, t.ownerKey);
    expect(answer.data?.nodes).toEqual([
      {
        name: 'Good',
        compliance: {
          score: 100,
          compliant: true,
          checks: 8,
          passed: 8,
          report: { scope: 'ORGANIZATION' },
          findings: [],
        },
      },
      {
        name: 'Bad',
        compliance: {
          score: 16.7,
          compliant: false,
          checks: 6,
          passed: 1,
          report: { scope: 'AGENTS' },
          findings: ['C-1', 'critical-violations', 'governor', 'job-role', 'published-version'].map((principle) => ({
            principle,
          })),
        },
      },
    ]);
    const list = await post(`{ complianceReports(first: 5) { edges { node { scope status } } } }`, {}, t.ownerKey);
    expect(list.data?.complianceReports).toEqual({
      edges: [
        { node: { scope: 'AGENTS', status: 'COMPLETED' } },
        { node: { scope: 'ORGANIZATION', status: 'COMPLETED' } },
      ],
    });
  });

  it('a report exports as CSV: the scores, then one row per failed check', async () => {
    const { id } = await audit(t.ownerKey);
    const report = (await post(Report, { id }, t.ownerKey)).data?.node as { csvPath: string };
    const response = await fetch(new URL(report.csvPath, api.url), {
      headers: { authorization: `Bearer ${t.ownerKey}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]).toBe('kind,entityType,entityId,agentId,principle,checks,passed,score,reason');
    expect(lines[1]).toBe('overall,,,,,22,13,59.1,');
    expect(lines.filter((l) => l.startsWith('finding,'))).toHaveLength(9);
    expect(lines).toContain(
      `finding,AgentVersion,${encodeGlobalId('AgentVersion', sloppyVersion)},${encodeGlobalId('Agent', sloppy)},changelog,,,,version 0.1.0 has no changelog`,
    );
    const other = await newTenant('Nosy');
    const nosy = await fetch(new URL(report.csvPath, api.url), {
      headers: { authorization: `Bearer ${other.ownerKey}` },
    });
    expect(nosy.status).toBe(404);
    expect(nosy.headers.get('content-type')).toBe('application/problem+json');
  });

  it('needs compliance:run to run and audit:read to read; another organization’s agents and reports are as good as missing', async () => {
    const operator = await t.member('OPERATOR');
    expect((await post(Run, { input: {} }, operator.jwt)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viewer = await t.member('VIEWER');
    expect(
      (await post(`{ complianceReports { edges { node { id } } } }`, {}, viewer.jwt)).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const other = await newTenant('Other');
    const theirs = await other.agent();
    const refused = (await post(Run, { input: { agentIds: [encodeGlobalId('Agent', theirs.id)] } }, t.ownerKey)).data
      ?.runComplianceAudit;
    expect(refused).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'agentIds', '0'], message: 'no agent with this ID in your organization' }],
    });
    const { id } = await audit(t.ownerKey, { agentIds: [encodeGlobalId('Agent', good)] });
    expect((await post(Report, { id }, other.ownerKey)).data?.node).toBeNull();
    expect((await post(Run, { input: { agentIds: [] } }, t.ownerKey)).data?.runComplianceAudit).toMatchObject({
      __typename: 'ValidationError',
    });
  });

  it('1,000 agents audit in the background with progress, in a number of statements set by the batches, not the agents', async () => {
    const big = await newTenant('Big');
    const make = (n: number, from: number) =>
      prisma.agent.createMany({
        data: Array.from({ length: n }, (_, i) => ({
          organizationId: big.organization.id,
          slug: `bulk-${from + i}`,
          name: `Bulk ${from + i}`,
          category: 'UTILITY' as const,
          capabilities: [],
          policyScopes: [],
          tags: [],
          governorId: big.owner.id,
          status: 'ACTIVE' as const,
        })),
      });
    await make(200, 0);
    await post(`{ viewer { __typename } }`, {}, big.ownerKey);
    const count = async () => {
      const progress: number[] = [];
      const began = Date.now();
      const statements = await api.statements(async () => {
        const answer = await post(Run, { input: {} }, big.ownerKey);
        const id = (answer.data?.runComplianceAudit as { report?: { id: string } } | undefined)?.report?.id;
        if (!id) throw new Error(JSON.stringify(answer));
        const client = new pg.Client({ connectionString: api.databaseUrl });
        await client.connect();
        const raw = Buffer.from(id, 'base64url').toString().split(':')[1];
        for (;;) {
          const { rows } = await client.query(
            'SELECT status, "auditedAgents", "totalAgents" FROM "ComplianceReport" WHERE id = $1',
            [raw],
          );
          progress.push(rows[0].auditedAgents / rows[0].totalAgents);
          if (rows[0].status !== 'RUNNING') break;
          await new Promise((r) => setTimeout(r, 5));
        }
        await client.end();
      });
      return { statements: statements.length, progress, ms: Date.now() - began };
    };
    const small = await count();
    await make(800, 200);
    const large = await count();
    console.log(
      `compliance audit: 200 agents ${small.ms} ms / ${small.statements} statements; 1,000 agents ${large.ms} ms / ${large.statements} statements`,
    );
    // 2 batches then 10: the statements grow with the batches (a fixed number each), not per agent.
    const perBatch = (large.statements - small.statements) / 8;
    expect(perBatch).toBeLessThanOrEqual(12);
    expect(large.statements).toBeLessThan(1_000 / 4);
    expect(large.progress.some((p) => p > 0 && p < 1)).toBe(true);
    expect(large.progress.at(-1)).toBe(1);
    const findings = await prisma.complianceFinding.count({
      where: { report: { organizationId: big.organization.id, totalAgents: 1_000 } },
    });
    // No published version and no job role; this organization has no policies.
    expect(findings).toBe(1_000 * 2);
  }, 120_000);
});

describe('one audit at a time', () => {
  it('a second audit while one runs is a ConflictError, also when they race', async () => {
    const busy = await newTenant('Busy');
    await prisma.agent.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        organizationId: busy.organization.id,
        slug: `busy-${i}`,
        name: `Busy ${i}`,
        category: 'UTILITY' as const,
        capabilities: [],
        policyScopes: [],
        tags: [],
        governorId: busy.owner.id,
        status: 'ACTIVE' as const,
      })),
    });
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        post(Run, { input: {} }, busy.ownerKey).then(
          (r) => r.data?.runComplianceAudit as { __typename: string; message?: string },
        ),
      ),
    );
    expect(answers.filter((a) => a.__typename === 'ComplianceAuditPayload')).toHaveLength(1);
    expect(answers.filter((a) => a.__typename === 'ConflictError')).toHaveLength(3);
    const started = answers.find((a) => a.__typename === 'ComplianceAuditPayload') as unknown as {
      report: { id: string };
    };
    await completed(started.report.id);
    expect(await prisma.complianceReport.count({ where: { organizationId: busy.organization.id } })).toBe(1);
  }, 60_000);
});

describe('stored manifests of an older shape', () => {
  it('are audited with their defaults, not a failed audit', async () => {
    const old = await newTenant('Old');
    const a = await old.agent();
    const v = await old.version(a.id, '1.0.0', { publish: true });
    await prisma.agentVersion.update({ where: { id: v.id }, data: { manifest: { name: 'old', version: '1.0.0' } } });
    await old.policy('RBAC', { allowedScopes: { UTILITY: ['kb:read'] } }, { key: 'R-1' });
    const { id } = await audit(old.ownerKey);
    const report = (await post(Report, { id }, old.ownerKey)).data?.node as {
      status: string;
      byPrinciple: { principle: string; score: number }[];
    };
    expect(report.status).toBe('COMPLETED');
    expect(report.byPrinciple.find((p) => p.principle === 'R-1')).toMatchObject({ score: 100 });
  });
});

describe('an audit whose process stopped', () => {
  it('is FAILED by the sweep once its heartbeat is stale, with an event; a live one is left alone', async () => {
    const { sweepComplianceReports } = await import('../../src/modules/compliance/compliance-audit.js');
    const stale = await prisma.complianceReport.create({
      data: {
        organizationId: t.organization.id,
        totalAgents: 3,
        requestedByType: 'SYSTEM',
        heartbeatAt: new Date(Date.now() - 10 * 60_000),
      },
    });
    // One RUNNING report per organization: the live one is another organization's.
    const elsewhere = await newTenant('Elsewhere');
    const live = await prisma.complianceReport.create({
      data: { organizationId: elsewhere.organization.id, totalAgents: 3, requestedByType: 'SYSTEM' },
    });
    expect(await sweepComplianceReports()).toBeGreaterThanOrEqual(1);
    expect(await prisma.complianceReport.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({
      status: 'FAILED',
      error: 'interrupted: the server running it stopped; run it again',
    });
    expect((await prisma.complianceReport.findUniqueOrThrow({ where: { id: live.id } })).status).toBe('RUNNING');
    const failed = await prisma.activityEvent.findFirst({
      where: { subjectId: stale.id, verb: 'compliance.audit_failed' },
    });
    expect(failed).not.toBeNull();
    await prisma.complianceReport.delete({ where: { id: live.id } });
  });
});
