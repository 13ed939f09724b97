// Issue 18 §3: /metrics in Prometheus format with the process and domain families, bounded
// labels, protected (loopback, or a bearer token); one access log line per request.
import { networkInterfaces } from 'node:os';
import { Writable } from 'node:stream';
import { parse } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { postGraphQL, useTestApi } from '../harness.js';
import { subscribeSse } from '../live.js';
import { startSecondServer, stopProcess } from '../process.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
const lines: Record<string, unknown>[] = [];
let app: App;
let t: Tenant;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).trim().split('\n')) lines.push(JSON.parse(line));
      done();
    },
  });
  app = await startApp({ databaseUrl: api.databaseUrl, port: 0, host: '0.0.0.0', log: pino({ level: 'info' }, sink) });
  t = await newTenant('Observed');
});
afterAll(() => app?.close(500));

const local = () => `http://127.0.0.1:${app.port}`;

describe('metrics and logs', () => {
  it('/metrics shows the request, operation, error, live, delivery, pool and domain families', async () => {
    const a = await t.agent({ slug: 'metered' });
    await t.version(a.id, '1.0.0', { publish: true });
    await t.budget({ limit: '10' });
    const gid = encodeGlobalId('Agent', a.id);
    const live = await subscribeSse(
      `${local()}/graphql`,
      parse('subscription { violationRaised { severity } }') as never,
      {},
      t.ownerKey,
    );
    try {
      await postGraphQL(`${local()}/graphql`, 'query Dashboard { agents(first: 5) { totalCount } }', {}, t.ownerKey);
      await postGraphQL(`${local()}/graphql`, '{ nope }', {}, t.ownerKey);
      await postGraphQL(
        `${local()}/graphql`,
        `mutation { authorizeSpend(input: { agentId: "${gid}", amount: "4", service: "llm", requestKey: "m1" }) { __typename } }`,
        {},
        t.ownerKey,
      );
      await postGraphQL(
        `${local()}/graphql`,
        `mutation { raiseViolation(input: { agentId: "${gid}", severity: CRITICAL, category: SAFETY, description: "metered" }) { __typename } }`,
        {},
        t.ownerKey,
      );
      await live.waitFor(1);
      const text = await (await fetch(`${local()}/metrics`)).text();
      for (const family of [
        'agg_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/graphql",status="200"}',
        'agg_graphql_operation_duration_seconds_count{operation="Dashboard",type="query",outcome="ok"}',
        'agg_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}',
        'agg_websocket_connections',
        'agg_subscriptions_active 1',
        'agg_event_delivery_lag_seconds_count',
        'agg_listen_reconnects_total',
        'agg_db_pool_connections{state="idle"}',
        'agg_spend_decisions_total{outcome="ALLOWED"}',
        'agg_budget_utilization_ratio{organization="',
        'agg_budget_remaining{organization="',
        'agg_violations_open{severity="CRITICAL"}',
        'agg_approvals_pending',
        'agg_process_nodejs_heap_size_total_bytes',
      ])
        expect(text, family).toContain(family);
      // Bounded labels: no IDs anywhere.
      expect(text).not.toContain(a.id);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    } finally {
      await live.close();
    }
  });

  it('one access log line per request: method, path, status, duration, operation, request id, caller — no secret', async () => {
    await fetch(`${local()}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${t.ownerKey}`,
        'x-request-id': 'log-me-1',
      },
      body: JSON.stringify({ query: 'query NamedForTheLog { viewer { role } }' }),
    });
    await expect
      .poll(() => lines.some((l) => l.requestId === 'log-me-1'), {
        message: JSON.stringify(lines.filter((l) => l.msg === 'request').slice(-2)),
      })
      .toBe(true);
    const line = lines.find((l) => l.requestId === 'log-me-1');
    expect(line).toMatchObject({
      msg: 'request',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'NamedForTheLog',
      operationType: 'query',
      caller: expect.stringMatching(/^api_key:[0-9a-f-]{36}$/),
    });
    expect(typeof line?.ms).toBe('number');
    expect(JSON.stringify(lines)).not.toContain(t.ownerKey);
  });

  it('/metrics answers only loopback clients without METRICS_TOKEN, and only the token with it', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (external) expect((await fetch(`http://${external}:${app.port}/metrics`)).status).toBe(403);
    const second = await startSecondServer(api.databaseUrl, { METRICS_TOKEN: 'a-metrics-token-for-tests' });
    try {
      const base = second.url.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      const ok = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer a-metrics-token-for-tests' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('agg_http_request_duration_seconds');
    } finally {
      await stopProcess(second.server.child);
    }
  });
});
