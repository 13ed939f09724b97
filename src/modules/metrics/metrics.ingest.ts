// Writes agent metric points: the only writer of AgentMetricPoint and AgentMetricRollup. One
// statement inserts a batch (idempotent on clientId) and adds the points it inserted to their
// hours' rollups (count, sum, min, max, sketch), so a retry adds nothing and reads over months
// never touch raw points. recordAgentMetrics checks who may write for which agents and appends
// one `metrics.recorded` event per agent; tasks record their runs through ingestIn.
//
// Locks: hourly, then daily rollup rows are upserted in (agent, version, name, time) order, so
// concurrent batches that touch the same hours wait for each other (a rare deadlock between the
// two tables' upserts, whose order within one statement PostgreSQL does not promise, is retried
// by transact); they are taken after
// the transaction's subject rows (src/db/transaction.ts order 1–2) and before the chain head.
import type { Caller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { Prisma, type Tx } from '../../db/client.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { ValidationError } from '../../graphql/errors.js';

const NIL = '00000000-0000-0000-0000-000000000000';

/** A point with its IDs resolved to rows of the organization (or null when none was given). */
export interface ResolvedPoint {
  agentId: string | null;
  versionId: string | null;
  taskId: string | null;
  contextId: string | null;
  name: string;
  value: number;
  unit: string | null;
  time: Date | null;
  tags: Record<string, string> | null;
  clientId: string | null;
}

/** A point as stored: of one organization, its agent known, its time and tags filled in. */
interface Row extends Omit<ResolvedPoint, 'agentId' | 'time' | 'tags'> {
  organizationId: string;
  agentId: string;
  time: string;
  tags: Record<string, string>;
}

/** One span's CTEs: the points of `source` summed per (agent, version, name, span) and upserted. */
function spanSql(source: Prisma.Sql, span: 'hour' | 'day'): Prisma.Sql {
  const [table, column, at] =
    span === 'hour'
      ? ['"AgentMetricRollup"', 'hour', 'hour']
      : ['"AgentMetricDailyRollup"', 'day', `date_trunc('day', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`];
  const q = (text: string) => Prisma.raw(text.replaceAll('$span', span).replaceAll('$column', column));
  // Days are summed from the hours' codes, not from the points again.
  const coded =
    span === 'hour'
      ? Prisma.sql`
    coded_hour AS (
      SELECT "organizationId", "agentId", "versionId", name, hour AS at, metric_sketch_key(value) AS code,
             count(*) AS n, sum(value) AS s, min(value) AS lo, max(value) AS hi
        FROM ${source} GROUP BY 1, 2, 3, 4, 5, 6)`
      : Prisma.sql`
    coded_day AS (
      SELECT "organizationId", "agentId", "versionId", name, ${Prisma.raw(at)} AS at, code,
             sum(n) AS n, sum(s) AS s, min(lo) AS lo, max(hi) AS hi
        FROM coded_hour GROUP BY 1, 2, 3, 4, 5, 6)`;
  return Prisma.sql`${coded},
    summed_${q('$span')} AS (
      SELECT "organizationId", "agentId", "versionId", name, at, sum(n)::bigint AS n, sum(s) AS s, min(lo) AS lo, max(hi) AS hi,
             jsonb_object_agg(code::text, n) AS sketch
        FROM coded_${q('$span')} GROUP BY 1, 2, 3, 4, 5),
    rolled_${q('$span')} AS (
      INSERT INTO ${Prisma.raw(table)} AS r ("organizationId", "agentId", "versionId", name, ${q('$column')}, count, sum, min, max, sketch)
      SELECT "organizationId", "agentId", "versionId", name, at, n, s, lo, hi, sketch FROM summed_${q('$span')}
       ORDER BY "agentId", "versionId", name, at
      ON CONFLICT ("agentId", "versionId", name, ${q('$column')}) DO UPDATE
         SET count = r.count + EXCLUDED.count, sum = r.sum + EXCLUDED.sum,
             min = least(r.min, EXCLUDED.min), max = greatest(r.max, EXCLUDED.max),
             sketch = metric_sketch_merge(r.sketch, EXCLUDED.sketch)
      RETURNING 1)`;
}

/**
 * The CTEs that add the points of `source` (organizationId, agentId, versionId — never null —,
 * name, value, hour) to their hourly and daily rollups: the one place a rollup is computed (the
 * ingest statement below, and bench/agent-metrics.ts to build a dataset). Hours are upserted
 * before days, each in key order.
 */
export function rollupSql(source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${spanSql(source, 'hour')}, ${spanSql(source, 'day')}`;
}

/** A row as the ingest statement reads it: short keys, nulls left out (the JSON is most of a batch). */
const compact = (r: Row) => ({
  a: r.agentId,
  ...(r.versionId ? { v: r.versionId } : {}),
  ...(r.taskId ? { k: r.taskId } : {}),
  ...(r.contextId ? { c: r.contextId } : {}),
  n: r.name,
  x: r.value,
  ...(r.unit ? { u: r.unit } : {}),
  t: r.time,
  ...(Object.keys(r.tags).length ? { g: r.tags } : {}),
  ...(r.clientId ? { i: r.clientId } : {}),
});

/** Inserts rows of one organization and adds the inserted ones to the rollups; how many were new. */
export async function ingestIn(tx: Tx, rows: Row[]): Promise<number> {
  const [first] = rows;
  if (!first) return 0;
  if (rows.some((r) => r.organizationId !== first.organizationId)) throw new Error('ingestIn: one organization a call');
  const [result] = await tx.$queryRaw<{ inserted: number }[]>`
    WITH x AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows.map(compact))}::jsonb)
        AS x(a uuid, v uuid, k uuid, c uuid, n text, x double precision, u text, t timestamptz, g jsonb, i text)),
    ins AS (
      INSERT INTO "AgentMetricPoint" ("organizationId", "agentId", "versionId", "taskId", "contextId", name, value, unit, time, tags, "clientId")
      SELECT ${first.organizationId}::uuid, a, v, k, c, n, x, u, t, coalesce(g, '{}'::jsonb), i FROM x
      ON CONFLICT ("organizationId", "clientId") DO NOTHING
      RETURNING "organizationId", "agentId", coalesce("versionId", ${NIL}::uuid) AS "versionId", name, value,
                date_trunc('hour', time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour),
    ${rollupSql(Prisma.sql`ins`)}
    SELECT (SELECT count(*) FROM ins)::int AS inserted`;
  return Number(result?.inserted ?? 0);
}

/** The rows of `points` after checking every ID names a row of the caller's organization. */
async function resolve(tx: Tx, caller: Caller, points: ResolvedPoint[]): Promise<Row[]> {
  const { organizationId, agentId: boundAgent } = caller.viewer;
  const ids = (f: (p: ResolvedPoint) => string | null) => [...new Set(points.map(f).filter((v): v is string => !!v))];
  const [found] = await tx.$queryRaw<
    {
      agents: { id: string; currentVersionId: string | null }[] | null;
      versions: { id: string; agentId: string }[] | null;
      tasks: { id: string; agentId: string }[] | null;
      contexts: string[];
    }[]
  >`
    SELECT (SELECT json_agg(json_build_object('id', id, 'currentVersionId', "currentVersionId")) FROM "Agent"
             WHERE id = ANY(${ids((p) => p.agentId)}::uuid[]) AND "organizationId" = ${organizationId}::uuid) AS agents,
           (SELECT json_agg(json_build_object('id', id, 'agentId', "agentId")) FROM "AgentVersion"
             WHERE id = ANY(${ids((p) => p.versionId)}::uuid[]) AND "organizationId" = ${organizationId}::uuid) AS versions,
           (SELECT json_agg(json_build_object('id', id, 'agentId', "agentId")) FROM "Task"
             WHERE id = ANY(${ids((p) => p.taskId)}::uuid[]) AND "organizationId" = ${organizationId}::uuid) AS tasks,
           ARRAY(SELECT id::text FROM "AgentContext"
             WHERE id = ANY(${ids((p) => p.contextId)}::uuid[]) AND "organizationId" = ${organizationId}::uuid) AS contexts`;
  const agents = new Map((found?.agents ?? []).map((a) => [a.id, a]));
  const versions = new Map((found?.versions ?? []).map((v) => [v.id, v.agentId]));
  const tasks = new Map((found?.tasks ?? []).map((t) => [t.id, t.agentId]));
  const contexts = new Set(found?.contexts ?? []);
  const now = clock.now().toISOString();
  const issues: { path: string[]; message: string }[] = [];
  const rows = points.map((p, i): Row | null => {
    const at = (field: string, message: string) => {
      issues.push({ path: ['input', 'points', String(i), field], message });
      return null;
    };
    // Another organization's agent, or another agent than the key's own: not found, like a missing one.
    const agent = p.agentId && (!boundAgent || boundAgent === p.agentId) ? agents.get(p.agentId) : undefined;
    if (!agent) return at('agentId', 'no such agent');
    if (p.versionId && versions.get(p.versionId) !== agent.id) return at('versionId', 'no such version of the agent');
    if (p.taskId && tasks.get(p.taskId) !== agent.id) return at('taskId', 'no such task of the agent');
    if (p.contextId && !contexts.has(p.contextId)) return at('contextId', 'no such context');
    return {
      organizationId,
      agentId: agent.id,
      // Without a version, the point is the agent's current version's.
      versionId: p.versionId ?? agent.currentVersionId,
      taskId: p.taskId,
      contextId: p.contextId,
      name: p.name,
      value: p.value,
      unit: p.unit,
      time: p.time?.toISOString() ?? now,
      tags: p.tags ?? {},
      clientId: p.clientId,
    };
  });
  if (issues.length) throw new ValidationError(issues.slice(0, 20));
  return rows as Row[];
}

/** Records a batch of points (validated by metrics.validation.ts) with one event per agent. */
export function recordAgentMetrics(caller: Caller, points: ResolvedPoint[]) {
  return transact(async (tx) => {
    const rows = await resolve(tx, caller, points);
    const recorded = await ingestIn(tx, rows);
    const byAgent = new Map<string, { points: number; names: Set<string> }>();
    for (const r of rows) {
      const a = byAgent.get(r.agentId) ?? { points: 0, names: new Set<string>() };
      a.points++;
      if (a.names.size < 20) a.names.add(r.name);
      byAgent.set(r.agentId, a);
    }
    appendEvents(
      tx,
      caller,
      [...byAgent].map(([agentId, a]) => ({
        verb: 'metrics.recorded',
        subjectType: 'Agent',
        subjectId: agentId,
        agentId,
        payload: { points: a.points, names: [...a.names].sort() },
      })),
    );
    return { recorded, duplicates: rows.length - recorded };
  });
}

/** A task's run as run.* points, in the task's transaction (completeTask, failTask). */
export async function recordTaskRun(
  tx: Tx,
  task: {
    id: string;
    organizationId: string;
    agentId: string;
    contextId: string | null;
    attempts: number;
    startedAt: Date | null;
  },
  versionId: string | null,
  succeeded: boolean,
  finishedAt: Date,
) {
  const base = {
    organizationId: task.organizationId,
    agentId: task.agentId,
    versionId,
    taskId: task.id,
    contextId: task.contextId,
    unit: null,
    time: finishedAt.toISOString(),
    tags: {},
  };
  const key = `task:${task.id}:${task.attempts}`;
  const rows: Row[] = [{ ...base, name: 'run.succeeded', value: succeeded ? 1 : 0, clientId: `${key}:run.succeeded` }];
  if (task.startedAt)
    rows.push({
      ...base,
      name: 'run.duration_ms',
      value: Math.max(0, finishedAt.getTime() - task.startedAt.getTime()),
      clientId: `${key}:run.duration_ms`,
    });
  await ingestIn(tx, rows);
}
