// Issue 18 §3: with tracing on, one request is a span for its operation, carrying the request id,
// with Prisma's spans for its SQL beneath it (in-memory exporter; OTLP in production).
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, stopTracing } from '../../src/observability/tracing.js';
import { useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

// Before the app starts (useTestApi's beforeAll runs after this one registers).
const exporter = new InMemorySpanExporter();
beforeAll(async () => {
  await startTracing(exporter);
});
const api = useTestApi();
afterAll(() => stopTracing());

describe('tracing', () => {
  it('a request is an operation span with its request id, and its SQL beneath it', async () => {
    const t = await newTenant('Traced');
    await t.agent({ slug: 'traced' });
    exporter.reset();
    await fetch(api.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${t.ownerKey}`,
        'x-request-id': 'trace-42',
      },
      body: JSON.stringify({
        query: 'query TracedDashboard { agents(first: 5) { totalCount edges { node { slug } } } }',
      }),
    });
    await expect.poll(() => exporter.getFinishedSpans().some((s) => s.name === 'query.TracedDashboard')).toBe(true);
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'query.TracedDashboard');
    expect(operation?.attributes['agg.request_id']).toBe('trace-42');
    const traceId = operation?.spanContext().traceId;
    const sql = spans.filter((s) => s.spanContext().traceId === traceId && s.name.startsWith('prisma:'));
    expect(sql.map((s) => s.name)).toContain('prisma:client:operation');
    const query = spans.find((s) => s.spanContext().traceId === traceId && s.name === 'prisma:client:db_query');
    expect(String(query?.attributes['db.query.text'])).toMatch(/FROM "public"\."Agent"/);
  });

  it("records Prisma's operation and SQL spans but not its internal steps (OTEL_PRISMA_IGNORED_SPANS)", async () => {
    const t = await newTenant('Traced steps');
    exporter.reset();
    await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.ownerKey}` },
      body: JSON.stringify({ query: 'query TracedSteps { agents(first: 5) { edges { node { slug } } } }' }),
    });
    await expect.poll(() => exporter.getFinishedSpans().some((s) => s.name === 'query.TracedSteps')).toBe(true);
    const traceId = exporter
      .getFinishedSpans()
      .find((s) => s.name === 'query.TracedSteps')
      ?.spanContext().traceId;
    const names = new Set(
      exporter
        .getFinishedSpans()
        .filter((s) => s.spanContext().traceId === traceId)
        .map((s) => s.name),
    );
    expect([...names]).toEqual(expect.arrayContaining(['prisma:client:operation', 'prisma:client:db_query']));
    expect(names.has('prisma:client:serialize')).toBe(false);
    expect(names.has('prisma:client:compile')).toBe(false);
  });
});
