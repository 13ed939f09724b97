// The benchmarks' dataset: one organization with 1,000 agents, each with 5 versions (the newest
// published and current), 20 violations (5 of them open), 5 trust scores of history (the newest
// current) and a monthly budget with 10 settled ledger entries. Deterministic: ids and values
// follow from the row numbers, so every run (and every peer) reads the same rows.
import pg from 'pg';
import { benchTenant } from './lib.js';

export const DATASET = {
  agents: 1000,
  versionsPerAgent: 5,
  violationsPerAgent: 20,
  trustPerAgent: 5,
  entriesPerBudget: 10,
};

/** A deterministic UUID for the n-th row of `kind`. */
const id = (kind: string, n: string) => `md5('${kind}-' || ${n})::uuid`;

export async function seedDataset(url: string) {
  const { caller, secret } = await benchTenant('agent-0');
  const org = caller.viewer.organizationId;
  const owner = caller.viewer.userId as string;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { agents, versionsPerAgent, violationsPerAgent, trustPerAgent, entriesPerBudget } = DATASET;
  const began = Date.now();
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO "Agent" (id, "organizationId", slug, name, description, category, capabilities, "policyScopes", tags,
                          "governorId", status, "createdAt", "updatedAt")
     SELECT ${id('agent', 'a')}, $1, 'agent-' || a, 'Agent ' || lpad(a::text, 4, '0'), 'Benchmark agent ' || a,
            (ARRAY['AI_ASSISTED','DOMAIN_SPECIFIC','MIDDLEWARE','UTILITY'])[1 + a % 4]::"AgentCategory",
            ARRAY['search','summarize'], ARRAY['default'], ARRAY['bench', 'tier-' || (a % 5)],
            $2, 'ACTIVE', timestamptz '2026-01-01' + a * interval '1 minute', timestamptz '2026-01-01' + a * interval '1 minute'
       FROM generate_series(1, $3 - 1) a`,
    [org, owner, agents],
  );
  const every = `(SELECT id, "createdAt" FROM "Agent" WHERE "organizationId" = $1)`;
  await client.query(
    `INSERT INTO "AgentVersion" (id, "organizationId", "agentId", semver, manifest, changelog, status, "createdById",
                                 "publishedAt", "createdAt", "updatedAt")
     SELECT ${id('version', "ag.id || '-' || v")}, $1, ag.id, '1.' || v || '.0',
            jsonb_build_object('name', 'bench', 'version', '1.' || v || '.0'), 'release ' || v,
            CASE WHEN v = $2 THEN 'PUBLISHED' ELSE 'ARCHIVED' END::"VersionStatus", $3,
            ag."createdAt" + v * interval '1 hour', ag."createdAt" + v * interval '1 hour', ag."createdAt" + v * interval '1 hour'
       FROM ${every} ag CROSS JOIN generate_series(1, $2) v
      WHERE NOT EXISTS (SELECT 1 FROM "AgentVersion" x WHERE x."agentId" = ag.id)`,
    [org, versionsPerAgent, owner],
  );
  await client.query(
    `INSERT INTO "Violation" (id, "organizationId", "agentId", "versionId", severity, category, description, evidence,
                              status, "raisedByType", "raisedAt")
     SELECT ${id('violation', "ag.id || '-' || n")}, $1, ag.id, ${id('version', "ag.id || '-' || $3")},
            (ARRAY['LOW','MEDIUM','HIGH','CRITICAL'])[1 + n % 4]::"Severity",
            (ARRAY['SCOPE','BUDGET','SAFETY','DATA_ACCESS'])[1 + n % 4]::"ViolationCategory",
            'Violation ' || n, jsonb_build_object('n', n),
            CASE WHEN n % 4 = 0 THEN 'OPEN' ELSE 'RESOLVED' END::"ViolationStatus", 'SYSTEM',
            ag."createdAt" + n * interval '1 day'
       FROM ${every} ag CROSS JOIN generate_series(1, $2) n`,
    [org, violationsPerAgent, versionsPerAgent],
  );
  await client.query(
    `INSERT INTO "TrustScore" (id, "organizationId", "agentId", competence, reliability, honesty, transparency, overall,
                               tier, inputs, "causeVerb", "computedAt")
     SELECT ${id('trust', "ag.id || '-' || n")}, $1, ag.id, 0.5 + n * 0.05, 0.6, 0.7, 0.8, 0.5 + n * 0.04,
            (ARRAY['PROBATIONARY','STANDARD','STANDARD','TRUSTED','TRUSTED'])[n]::"TrustTier", '{}', 'bench.seed',
            ag."createdAt" + n * interval '1 day'
       FROM ${every} ag CROSS JOIN generate_series(1, $2) n`,
    [org, trustPerAgent],
  );
  await client.query(
    `UPDATE "Agent" a SET status = 'ACTIVE', "currentVersionId" = ${id('version', "a.id || '-' || $2")},
                          "currentTrustScoreId" = ${id('trust', "a.id || '-' || $3")}
      WHERE a."organizationId" = $1`,
    [org, versionsPerAgent, trustPerAgent],
  );
  await client.query(
    `INSERT INTO "Budget" (id, "organizationId", "subjectType", "subjectId", "agentId", name, "window", "limit",
                           thresholds, "highPriorityReserve", currency, "createdAt", "updatedAt")
     SELECT ${id('budget', 'ag.id')}, $1, 'AGENT', ag.id, ag.id, 'monthly', 'MONTHLY', 100, ARRAY[0.5, 0.8, 1],
            0, 'USD', ag."createdAt", ag."createdAt"
       FROM ${every} ag`,
    [org],
  );
  await client.query(
    `INSERT INTO "SpendEntry" (id, "organizationId", "budgetId", kind, "spentDelta", "reservedDelta", "windowStart",
                               "actorType", reason, "createdAt")
     SELECT ${id('entry', "b.id || '-' || n")}, $1, b.id, 'SETTLE', 0.25 * n, 0, date_trunc('month', now(), 'UTC'),
            'SYSTEM', 'bench: settled', now() - n * interval '1 hour'
       FROM "Budget" b CROSS JOIN generate_series(1, $2) n WHERE b."organizationId" = $1`,
    [org, entriesPerBudget],
  );
  await client.query(
    `INSERT INTO "BudgetUsage" ("budgetId", "windowStart", spent, reserved, "thresholdsCrossed")
     SELECT b.id, date_trunc('month', now(), 'UTC'), sum(e."spentDelta"), 0, '{}'
       FROM "Budget" b JOIN "SpendEntry" e ON e."budgetId" = b.id WHERE b."organizationId" = $1 GROUP BY b.id`,
    [org],
  );
  await client.query('COMMIT');
  await client.query('ANALYZE');
  await client.end();
  return { caller, secret, organizationId: org, seconds: (Date.now() - began) / 1000 };
}
