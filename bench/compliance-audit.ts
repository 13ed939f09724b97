// B7 — the compliance audit (issue 20 §2) over the benchmark dataset (1,000 agents, 5 versions
// each, 20 violations each; bench/dataset.ts), with the default policies. Timed through the API
// on a server in production mode: runComplianceAudit until its report is COMPLETED (polled with
// plain SQL, so the poll is not the API's work), RUNS times; SQL statements during one audit
// from pg_stat_statements. Baseline, in the same run: one SQL statement through `pg` that reads every
// fact the audit needs of the same agents (agents with current version, governor's role, job
// role, skills, open CRITICAL violations) — the floor of reading, without evaluating or writing.
//
//   npm run bench:compliance        # RUNS=5, BATCH=500 (COMPLIANCE_AUDIT_BATCH)
import pg from 'pg';
import { connectPrisma } from '../src/db/client.js';
import { createDefaultPolicies } from '../src/modules/policies/default-policies.js';
import { DATASET, seedDataset } from './dataset.js';
import { machine, median, report, scratchDatabase, startApi, stopProcess } from './lib.js';

const RUNS = Number(process.env.RUNS ?? 5);
const BATCH = Number(process.env.BATCH ?? 500);

const db = await scratchDatabase('bench_compliance', { statements: true });
connectPrisma(db.url);
const { caller, secret } = await seedDataset(db.url);
await createDefaultPolicies(caller);
const org = caller.viewer.organizationId;

const { child: server, port } = await startApi(db.url, {
  COMPLIANCE_AUDIT_BATCH: String(BATCH),
  COMPLIANCE_AUDIT_WAIT_MS: '0',
});
const client = new pg.Client({ connectionString: db.url });
await client.connect();

async function auditOnce(): Promise<number> {
  const began = performance.now();
  const r = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({
      query: 'mutation { runComplianceAudit(input: {}) { ... on ComplianceAuditPayload { report { id } } } }',
    }),
  });
  const body = (await r.json()) as { data?: { runComplianceAudit?: { report?: { id: string } } } };
  const id = body.data?.runComplianceAudit?.report?.id;
  if (!id) throw new Error(JSON.stringify(body).slice(0, 500));
  const raw = Buffer.from(id, 'base64url').toString().split(':')[1];
  for (;;) {
    const { rows } = await client.query('SELECT status, error FROM "ComplianceReport" WHERE id = $1', [raw]);
    if (rows[0]?.status === 'COMPLETED') break;
    if (rows[0]?.status === 'FAILED') throw new Error(`the audit failed: ${rows[0]?.error}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return performance.now() - began;
}

const FACTS = `
  SELECT a.id, a.category, m.role AS "governorRole", v.manifest, v.changelog, v."publishedAt",
         j.status AS "jobRoleStatus",
         (SELECT array_agg(s.status) FROM "AgentSkill" h JOIN "Skill" s ON s.id = h."skillId" WHERE h."agentId" = a.id) AS skills,
         (SELECT count(*) FROM "Violation" x WHERE x."agentId" = a.id AND x.severity = 'CRITICAL'
             AND x.status IN ('OPEN', 'ACKNOWLEDGED')) AS critical
    FROM "Agent" a
    LEFT JOIN "Membership" m ON m."organizationId" = a."organizationId" AND m."userId" = a."governorId"
    LEFT JOIN "AgentVersion" v ON v.id = a."currentVersionId"
    LEFT JOIN "JobRole" j ON j.id = a."jobRoleId"
   WHERE a."organizationId" = $1 AND a.status <> 'RETIRED'`;
async function factsOnce(): Promise<number> {
  const began = performance.now();
  const { rowCount } = await client.query(FACTS, [org]);
  if (rowCount !== DATASET.agents) throw new Error(`read ${rowCount} agents`);
  return performance.now() - began;
}

await auditOnce(); // warm-up
await factsOnce();
const audits: number[] = [];
const reads: number[] = [];
for (let i = 0; i < RUNS; i++) {
  audits.push(await auditOnce());
  reads.push(await factsOnce());
}
// Statements per audit, leaving out this bench's own polling of the report's status.
await client.query('SELECT pg_stat_statements_reset()');
await auditOnce();
const { rows: counted } = await client.query(
  `SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND toplevel
      AND query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE 'SELECT status, error FROM "ComplianceReport"%'`,
);
const statements = (counted[0] as { n: number }).n;
if (process.env.SHOW_STATEMENTS) {
  const { rows: top } = await client.query(
    `SELECT calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC LIMIT 12`,
  );
  console.table(top);
}
const { rows } = await client.query(
  `SELECT "overallScore", checks, passed FROM "ComplianceReport" WHERE "organizationId" = $1 ORDER BY "startedAt" DESC LIMIT 1`,
  [org],
);
await client.end();
await stopProcess(server);
await db.stop();

const audit = median(audits);
const read = median(reads);
const result = {
  date: new Date().toISOString(),
  machine: machine(),
  agents: DATASET.agents,
  batch: BATCH,
  runs: RUNS,
  auditMs: audits,
  readMs: reads,
  medianAuditMs: audit,
  medianReadMs: read,
  statementsPerAudit: statements,
  report: rows[0],
};
await report(
  'compliance-audit',
  result,
  `## B7 compliance audit — ${result.date}

${machine()}; ${DATASET.agents} agents (bench/dataset.ts), default policies, batches of ${BATCH}, ${RUNS} runs.

| | median | runs |
|---|---|---|
| runComplianceAudit through the API until COMPLETED | ${audit.toFixed(0)} ms | ${audits.map((m) => m.toFixed(0)).join(', ')} |
| baseline: one SQL statement reading the same facts (\`pg\`) | ${read.toFixed(1)} ms | ${reads.map((m) => m.toFixed(1)).join(', ')} |
| ratio | **${(audit / read).toFixed(1)}×** the read alone | |

${statements} SQL statements sent while one audit ran (pg_stat_statements, top level: BEGIN/COMMIT and the server's background loops included, the bench's polling and PostgreSQL's own foreign-key checks left out). The report: score ${rows[0]?.overallScore}, ${rows[0]?.passed} of ${rows[0]?.checks} checks passed.`,
);
process.exit(0);
