// Issue 19 §1: agent metrics. recordAgentMetrics takes a batch of points from an agent's own key
// or a runtime key (metrics:write), validated, idempotent on clientId; task runs count as run.*
// points by themselves. agent.performance / agentVersion.performance give runs, success rate,
// duration percentiles (within 1 %), mean quality and cost per bucket, batched for a page of
// agents; metricSeries aggregates any metric; organizationKpis gives P90 run latency, success
// rate and availability.
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { authorizeSpend, settleSpend } from '../../src/modules/budgets/spend.service.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

// Read by config() on first use, which comes after these lines.
process.env.AGENT_METRICS_MAX_POINTS = '500';

const api = useTestApi();

type Body = {
  data?: Record<string, Record<string, unknown> | null>;
  errors?: { message: string; extensions?: { code?: string } }[];
};
const post = (query: string, variables: unknown, token: string) =>
  postGraphQL<Body>(api.url, query, variables, token).then((r) => r.body);

const Record_ = `mutation($input: RecordAgentMetricsInput!) { recordAgentMetrics(input: $input) {
  __typename ... on RecordAgentMetricsPayload { recorded duplicates } ... on ValidationError { issues { path message } } } }`;
const Performance = `query($id: ID!, $from: DateTime!, $to: DateTime!, $bucket: UsageBucket) { node(id: $id) {
  ... on Agent { performance(from: $from, to: $to, bucket: $bucket) { bucket runs succeeded successRate p50DurationMs p90DurationMs p99DurationMs qualityScores meanQuality cost } }
  ... on AgentVersion { performance(from: $from, to: $to, bucket: $bucket) { runs p90DurationMs meanQuality cost } } } }`;

const range = (hours = 2) => ({
  from: new Date(Date.now() - hours * 3_600_000).toISOString(),
  to: new Date(Date.now() + 60_000).toISOString(),
});

async function activeAgent(t: Tenant) {
  const a = await t.agent();
  const v = await t.version(a.id, '1.0.0', { publish: true });
  return { id: a.id, gid: encodeGlobalId('Agent', a.id), versionId: v.id };
}

const record = (points: Record<string, unknown>[], token: string) =>
  post(Record_, { input: { points } }, token).then((b) => ({
    errors: b.errors,
    value: b.data?.recordAgentMetrics as {
      __typename: string;
      recorded?: number;
      duplicates?: number;
      issues?: { path: string[]; message: string }[];
    },
  }));

describe('recordAgentMetrics', () => {
  it('records an agent’s points from its own key, once per clientId, with one event per agent', async () => {
    const t = await newTenant('Metrics');
    const a = await activeAgent(t);
    const key = await t.agentKey(a.id, ['metrics:write']);
    const points = Array.from({ length: 10 }, (_, i) => ({
      agentId: a.gid,
      name: 'tokens.cached',
      value: i,
      unit: 'tokens',
      tags: { model: i % 2 ? 'gpt-4o' : 'claude' },
      clientId: `p-${i}`,
    }));
    expect((await record(points, key)).value).toEqual({
      __typename: 'RecordAgentMetricsPayload',
      recorded: 10,
      duplicates: 0,
    });
    // A retry records nothing more, and the rollup counts each point once.
    expect((await record(points, key)).value).toMatchObject({ recorded: 0, duplicates: 10 });
    const rollups = await prisma.agentMetricRollup.findMany({ where: { agentId: a.id, name: 'tokens.cached' } });
    expect(rollups.reduce((n, r) => n + Number(r.count), 0)).toBe(10);
    expect(rollups[0]?.versionId).toBe(a.versionId);
    expect(
      await prisma.activityEvent.count({ where: { organizationId: t.organization.id, verb: 'metrics.recorded' } }),
    ).toBe(2);
  });

  it('refuses another agent, another organization’s agent and a key without the scope; nothing is recorded', async () => {
    const t = await newTenant('Metrics');
    const a = await activeAgent(t);
    const b = await activeAgent(t);
    const other = await newTenant('Other');
    const theirs = await activeAgent(other);
    const key = await t.agentKey(a.id, ['metrics:write']);
    for (const agentId of [b.gid, theirs.gid, encodeGlobalId('Agent', '00000000-0000-0000-0000-000000000001')]) {
      const r = await record([{ agentId, name: 'x', value: 1 }], key);
      expect(r.value).toMatchObject({
        __typename: 'ValidationError',
        issues: [{ path: ['input', 'points', '0', 'agentId'], message: 'no such agent' }],
      });
    }
    // The runtime key of the organization may write for any of its agents, never another's.
    const runtime = await t.member('OPERATOR');
    expect((await record([{ agentId: theirs.gid, name: 'x', value: 1 }], runtime.key)).value).toMatchObject({
      __typename: 'ValidationError',
    });
    expect((await record([{ agentId: b.gid, name: 'x', value: 1 }], runtime.key)).value).toMatchObject({ recorded: 1 });
    const viewer = await t.member('VIEWER');
    const refused = await record([{ agentId: a.gid, name: 'x', value: 1 }], viewer.key);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await prisma.agentMetricPoint.count({ where: { agentId: { in: [a.id, theirs.id] } } })).toBe(0);
  });

  it('validates every point: built-in ranges, reserved names, tags, times, ids and the batch size', async () => {
    const t = await newTenant('Metrics');
    const a = await activeAgent(t);
    const task = await prisma.task.create({
      data: { organizationId: t.organization.id, agentId: a.id, goal: 'g', input: {}, createdByType: 'SYSTEM' },
    });
    const p = (extra: Record<string, unknown>) => ({ agentId: a.gid, name: 'custom.metric', value: 1, ...extra });
    const cases: [Record<string, unknown>, string][] = [
      [p({ name: 'run.succeeded', value: 0.5 }), 'value'],
      [p({ name: 'run.duration_ms', value: -1 }), 'value'],
      [p({ name: 'quality.score', value: 1.5 }), 'value'],
      [p({ value: 1e300 }), 'value'],
      [p({ name: 'run.tokens' }), 'name'],
      [p({ name: 'Not A Name' }), 'name'],
      [p({ name: 'run.duration_ms', value: 5, taskId: encodeGlobalId('Task', task.id) }), 'taskId'],
      [p({ time: new Date(Date.now() + 3_600_000).toISOString() }), 'time'],
      [p({ time: new Date(Date.now() - 40 * 86_400_000).toISOString() }), 'time'],
      [p({ tags: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }), 'tags'],
      [p({ tags: { 'bad key!': 'v' } }), 'tags'],
      [p({ tags: { k: 5 } }), 'tags'],
      [p({ clientId: `task:${task.id}:1:run.succeeded` }), 'clientId'],
      [p({ versionId: encodeGlobalId('AgentVersion', task.id) }), 'versionId'],
      [p({ versionId: a.gid }), 'versionId'],
      [p({ contextId: encodeGlobalId('AgentContext', task.id) }), 'contextId'],
    ];
    for (const [point, field] of cases) {
      const r = await record([point], t.ownerKey);
      expect(r.value, JSON.stringify(point)).toMatchObject({ __typename: 'ValidationError' });
      expect(r.value.issues?.[0]?.path.slice(0, 3)).toEqual(['input', 'points', '0']);
      expect(r.value.issues?.[0]?.path[3], JSON.stringify(point)).toBe(field);
    }
    const tooMany = await record(
      Array.from({ length: 501 }, () => p({})),
      t.ownerKey,
    );
    expect(tooMany.value).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'points'] }] });
    // A value GraphQL cannot carry (1e309 is Infinity) is a typed input error, not a server error.
    const infinite = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.ownerKey}` },
      body: `{"query":${JSON.stringify(Record_)},"variables":{"input":{"points":[{"agentId":"${a.gid}","name":"x","value":1e309}]}}}`,
    }).then((r) => r.json() as Promise<Body>);
    expect(infinite.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(await prisma.agentMetricPoint.count({ where: { agentId: a.id } })).toBe(0);
  });
});

describe('performance', () => {
  it('counts task runs by themselves, and gives percentiles within 1 %, mean quality and cost per bucket', async () => {
    const t = await newTenant('Perf');
    const a = await activeAgent(t);
    const key = await t.agentKey(a.id, ['metrics:write', 'tasks:run', 'tasks:read']);
    // Two task runs: one succeeds, one fails.
    for (const outcome of ['completeTask', 'failTask']) {
      const created = await post(
        `mutation($input: CreateTaskInput!) { createTask(input: $input) { ... on TaskPayload { task { id } } } }`,
        { input: { agentId: a.gid, goal: 'measure', maxAttempts: 1 } },
        t.ownerKey,
      );
      const taskId = (created.data?.createTask as { task: { id: string } }).task.id;
      await post(
        `mutation($input: StartTaskInput!) { startTask(input: $input) { __typename } }`,
        { input: { taskId } },
        key,
      );
      const input = outcome === 'completeTask' ? { taskId, output: {} } : { taskId, error: 'broke' };
      const done = await post(
        `mutation($input: ${outcome === 'completeTask' ? 'CompleteTaskInput' : 'FailTaskInput'}!) { ${outcome}(input: $input) { __typename } }`,
        { input },
        key,
      );
      expect(JSON.stringify(done)).not.toMatch(/Error/);
    }
    // 100 runs reported by the agent: durations 1, 2, … 100 s (all succeeded), and quality scores.
    const points = Array.from({ length: 100 }, (_, i) => [
      { agentId: a.gid, name: 'run.duration_ms', value: (i + 1) * 1000 },
      { agentId: a.gid, name: 'run.succeeded', value: 1 },
      { agentId: a.gid, name: 'quality.score', value: i % 2 ? 0.9 : 0.7 },
    ]).flat();
    expect((await record(points, key)).value).toMatchObject({ recorded: 300 });
    await t.budget({ limit: '100' });
    const d = await authorizeSpend(t.caller, {
      agentId: a.id,
      amount: '2',
      priority: 'NORMAL',
      service: 'llm',
      requestKey: 'perf-spend',
    });
    await settleSpend(t.caller, d.reservationId, { amount: '1.25' }, {});

    const r = await post(Performance, { id: a.gid, ...range(), bucket: 'DAY' }, t.ownerKey);
    expect(r.errors).toBeUndefined();
    const buckets = (r.data?.node as { performance: Record<string, number | string | null>[] }).performance;
    expect(buckets).toHaveLength(1);
    const [day] = buckets;
    expect(day).toMatchObject({ runs: 102, succeeded: 101, qualityScores: 100, cost: '1.25' });
    expect(day?.successRate).toBeCloseTo(101 / 102, 6);
    expect(day?.meanQuality).toBeCloseTo(0.8, 6);
    // The two task runs (under a second) are the shortest of the 102; by nearest rank the 51st,
    // 92nd and 101st durations are 49, 90 and 99 s.
    const within = (v: unknown, exact: number) => expect(Math.abs(Number(v) - exact) / exact).toBeLessThanOrEqual(0.01);
    within(day?.p50DurationMs, 49_000);
    within(day?.p90DurationMs, 90_000);
    within(day?.p99DurationMs, 99_000);
    // The version's performance is its own.
    const version = await post(
      Performance,
      { id: encodeGlobalId('AgentVersion', a.versionId), ...range() },
      t.ownerKey,
    );
    expect((version.data?.node as { performance: unknown[] }).performance).toEqual([
      expect.objectContaining({ runs: 102, cost: '1.25' }),
    ]);
    const points_ = await prisma.agentMetricPoint.findMany({ where: { agentId: a.id, taskId: { not: null } } });
    expect(points_.map((p) => p.name).sort()).toEqual([
      'run.duration_ms',
      'run.duration_ms',
      'run.succeeded',
      'run.succeeded',
    ]);
  });

  it('costs the same statements for a page of 2 and of 8 agents', async () => {
    const query = `query($from: DateTime!, $to: DateTime!) { agents(first: 20) { edges { node { id
      performance(from: $from, to: $to, bucket: HOUR) { runs p90DurationMs cost }
      versions(first: 5) { edges { node { performance(from: $from, to: $to) { runs } } } } } } } }`;
    const cost = async (agents: number) => {
      const t = await newTenant('Count');
      for (let i = 0; i < agents; i++) {
        const a = await activeAgent(t);
        await record([{ agentId: a.gid, name: 'run.duration_ms', value: 5 + i }], t.ownerKey);
      }
      let answer: Body | undefined;
      const statements = await api.statements(async () => {
        answer = await post(query, range(), t.ownerKey);
      });
      expect(answer?.errors).toBeUndefined();
      return statements.length;
    };
    expect(await cost(8)).toBe(await cost(2));
  });
});

describe('metricSeries and organizationKpis', () => {
  it('aggregates a custom metric per bucket, by tags from raw points', async () => {
    const t = await newTenant('Series');
    const a = await activeAgent(t);
    const points = Array.from({ length: 20 }, (_, i) => ({
      agentId: a.gid,
      name: 'latency.tool',
      value: i + 1,
      tags: { tool: i < 10 ? 'search' : 'browse' },
    }));
    await record(points, t.ownerKey);
    const series = async (aggregate: string, tags?: Record<string, string>) => {
      const r = await post(
        `query($filter: MetricSeriesFilter!, $from: DateTime!, $to: DateTime!, $aggregate: MetricAggregate) {
          metricSeries(filter: $filter, from: $from, to: $to, bucket: DAY, aggregate: $aggregate) { count value } }`,
        { filter: { agentId: a.gid, name: 'latency.tool', ...(tags ? { tags } : {}) }, aggregate, ...range() },
        t.ownerKey,
      );
      expect(r.errors).toBeUndefined();
      return r.data?.metricSeries as unknown as { count: number; value: number }[];
    };
    expect(await series('SUM')).toEqual([{ count: 20, value: 210 }]);
    expect(await series('MAX', { tool: 'search' })).toEqual([{ count: 10, value: 10 }]);
    expect(await series('AVG', { tool: 'browse' })).toEqual([{ count: 10, value: 15.5 }]);
    const p90 = (await series('P90'))[0]?.value ?? 0;
    expect(Math.abs(p90 - 18) / 18).toBeLessThanOrEqual(0.01);
    const bad = await post(
      `query($from: DateTime!, $to: DateTime!) { metricSeries(filter: { name: "x", tags: { k: 1 } }, from: $from, to: $to) { count } }`,
      range(),
      t.ownerKey,
    );
    expect(bad.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    // Another organization sees nothing of it.
    const other = await newTenant('Other');
    const theirs = await post(
      `query($from: DateTime!, $to: DateTime!) { metricSeries(filter: { name: "latency.tool" }, from: $from, to: $to) { count } }`,
      range(),
      other.ownerKey,
    );
    expect(theirs.data?.metricSeries).toEqual([]);
  });

  it('KPIs: P90 run latency, success rate, and availability from the status and halt history', async () => {
    const t = await newTenant('Kpis');
    const a = await activeAgent(t);
    await record(
      Array.from({ length: 10 }, (_, i) => [
        { agentId: a.gid, name: 'run.duration_ms', value: (i + 1) * 100 },
        { agentId: a.gid, name: 'run.succeeded', value: i < 8 ? 1 : 0 },
      ]).flat(),
      t.ownerKey,
    );
    const pause = () => new Promise((r) => setTimeout(r, 250));
    await pause();
    await post(
      `mutation($input: HaltAgentsInput!) { haltAgents(input: $input) { __typename } }`,
      { input: { reason: 'kpi test', agentIds: [a.gid] } },
      t.ownerKey,
    );
    await pause();
    await post(
      `mutation($input: ResumeAgentsInput!) { resumeAgents(input: $input) { __typename } }`,
      { input: { agentIds: [a.gid] } },
      t.ownerKey,
    );
    await pause();
    const at = async (verb: string) =>
      (
        await prisma.activityEvent.findFirstOrThrow({
          where: { organizationId: t.organization.id, agentId: a.id, verb },
        })
      ).occurredAt.getTime();
    const activated = await at('agent.activated');
    const halted = await at('agent.halted');
    const resumed = await at('agent.resumed');
    const to = resumed + 200;
    const r = await post(
      `query($from: DateTime!, $to: DateTime!) { organizationKpis(from: $from, to: $to) { runs successRate p90RunLatencyMs availability inServiceHours } }`,
      { from: new Date(activated - 3_600_000).toISOString(), to: new Date(to).toISOString() },
      t.ownerKey,
    );
    expect(r.errors).toBeUndefined();
    const kpis = r.data?.organizationKpis as Record<string, number>;
    expect(kpis).toMatchObject({ runs: 10, successRate: 0.8 });
    expect(Math.abs(kpis.p90RunLatencyMs! - 900) / 900).toBeLessThanOrEqual(0.01);
    const inService = to - activated;
    expect(kpis.inServiceHours).toBeCloseTo(inService / 3_600_000, 9);
    expect(kpis.availability).toBeCloseTo((inService - (resumed - halted)) / inService, 9);
  });
});

describe('two server processes', () => {
  it('the same batch sent to both at once is recorded once: points and rollups count each clientId once', async () => {
    const { startSecondServer, stopProcess } = await import('../process.js');
    const second = await startSecondServer(api.databaseUrl, { AGENT_METRICS_MAX_POINTS: '500' });
    try {
      const t = await newTenant('Twice');
      const a = await activeAgent(t);
      const points = Array.from({ length: 200 }, (_, i) => ({
        agentId: a.gid,
        name: 'run.duration_ms',
        value: i + 1,
        clientId: `twice-${i}`,
      }));
      const send = (url: string) =>
        postGraphQL<Body>(url, Record_, { input: { points } }, t.ownerKey).then(
          (r) => r.body.data?.recordAgentMetrics as { recorded: number; duplicates: number },
        );
      const answers = await Promise.all([send(api.url), send(second.url), send(api.url), send(second.url)]);
      expect(answers.reduce((n, r) => n + r.recorded, 0)).toBe(200);
      expect(answers.reduce((n, r) => n + r.duplicates, 0)).toBe(600);
      expect(await prisma.agentMetricPoint.count({ where: { agentId: a.id } })).toBe(200);
      const hourly = await prisma.agentMetricRollup.findMany({ where: { agentId: a.id } });
      const daily = await prisma.agentMetricDailyRollup.findMany({ where: { agentId: a.id } });
      for (const rows of [hourly, daily]) {
        expect(rows.reduce((n, r) => n + Number(r.count), 0)).toBe(200);
        expect(rows.reduce((n, r) => n + r.sum, 0)).toBe(20_100);
      }
    } finally {
      await stopProcess(second.server.child);
    }
  }, 60_000);
});

describe('rollups over days', () => {
  it('a range of several days reads whole days and edge hours: the same counts, sums and extremes as hourly buckets', async () => {
    const t = await newTenant('Days');
    const a = await activeAgent(t);
    const now = Date.now();
    const points = Array.from({ length: 120 }, (_, i) => ({
      agentId: a.gid,
      name: 'run.duration_ms',
      value: 100 + i,
      time: new Date(now - i * 50 * 60_000).toISOString(),
    }));
    await record(points, t.ownerKey);
    const from = new Date(now - 121 * 50 * 60_000 + 17 * 60_000).toISOString();
    const to = new Date(now + 60_000).toISOString();
    const series = async (bucket: string, aggregate: string) =>
      (
        await post(
          `query($filter: MetricSeriesFilter!, $from: DateTime!, $to: DateTime!, $bucket: UsageBucket, $aggregate: MetricAggregate) {
            metricSeries(filter: $filter, from: $from, to: $to, bucket: $bucket, aggregate: $aggregate) { bucket count value } }`,
          { filter: { agentId: a.gid, name: 'run.duration_ms' }, from, to, bucket, aggregate },
          t.ownerKey,
        )
      ).data?.metricSeries as unknown as { bucket: string; count: number; value: number }[];
    const hours = await series('HOUR', 'SUM');
    const days = await series('DAY', 'SUM');
    expect(days.length).toBeGreaterThanOrEqual(4);
    const total = (rows: { count: number; value: number }[]) => ({
      count: rows.reduce((n, r) => n + r.count, 0),
      sum: rows.reduce((n, r) => n + r.value, 0),
    });
    expect(total(days)).toEqual(total(hours));
    expect(total(days)).toEqual({ count: 120, sum: points.reduce((n, p) => n + p.value, 0) });
    // Each day's figures are its hours' figures.
    for (const d of days) {
      const dayStart = new Date(d.bucket).getTime();
      const inDay = hours.filter(
        (h) => new Date(h.bucket).getTime() - dayStart >= 0 && new Date(h.bucket).getTime() - dayStart < 86_400_000,
      );
      expect(total([d])).toEqual(total(inDay));
    }
    const max = await series('DAY', 'MAX');
    expect(Math.max(...max.map((r) => r.value))).toBe(219);
  });
});

describe('retention', () => {
  it('prunes raw points past AGENT_METRICS_RAW_RETENTION_DAYS and rollups past AGENT_METRICS_ROLLUP_RETENTION_DAYS; history survives in rollups', async () => {
    const { pruneAgentMetrics } = await import('../../src/modules/metrics/metrics-retention.js');
    const t = await newTenant('Retention');
    const a = await activeAgent(t);
    await record(
      Array.from({ length: 5 }, (_, i) => ({ agentId: a.gid, name: 'old.metric', value: i })),
      t.ownerKey,
    );
    const day = 86_400_000;
    // 31 days on, the raw points are past the 30-day default; the rollup is not (1,095 days).
    const later = await pruneAgentMetrics(new Date(Date.now() + 31 * day));
    expect(later.points).toBeGreaterThanOrEqual(5);
    expect(await prisma.agentMetricPoint.count({ where: { agentId: a.id } })).toBe(0);
    const series = await post(
      `query($filter: MetricSeriesFilter!, $from: DateTime!, $to: DateTime!) { metricSeries(filter: $filter, from: $from, to: $to, aggregate: SUM) { count value } }`,
      { filter: { agentId: a.gid, name: 'old.metric' }, ...range() },
      t.ownerKey,
    );
    expect(series.data?.metricSeries).toEqual([{ count: 5, value: 10 }]);
    await pruneAgentMetrics(new Date(Date.now() + 1_096 * day));
    expect(await prisma.agentMetricRollup.count({ where: { agentId: a.id } })).toBe(0);
    expect(await prisma.agentMetricDailyRollup.count({ where: { agentId: a.id } })).toBe(0);
  });
});
