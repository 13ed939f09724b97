// Issue 18 §4: the edges of HTTP. Exports honour CORS like /graphql, answer errors as RFC 7807
// problems with the request id, and write events as GraphQL's ActivityEvent does (global IDs,
// payload as JSON); browser code can read x-request-id; graphql-sse's single-connection mode
// answers a documented 405.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { createLogger } from '../../src/logger.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
const ORIGIN = 'http://app.example';
let app: App;
let base: string;
let t: Tenant;
beforeAll(async () => {
  app = await startApp({
    databaseUrl: api.databaseUrl,
    port: 0,
    host: '127.0.0.1',
    log: createLogger('silent'),
    corsOrigins: [ORIGIN],
  });
  base = app.url.replace(/\/graphql$/, '');
  t = await newTenant('Edges');
});
afterAll(() => app?.close(500));

describe('the export and the edges of HTTP', () => {
  it('an export from an allowed origin carries the CORS headers; another origin gets none', async () => {
    const allowed = await fetch(`${base}/export/activity.ndjson`, {
      headers: { authorization: `Bearer ${t.ownerKey}`, origin: ORIGIN },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-request-id');
    const other = await fetch(`${base}/export/activity.ndjson`, {
      headers: { authorization: `Bearer ${t.ownerKey}`, origin: 'http://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('export errors are RFC 7807 problems with the request id', async () => {
    const r = await fetch(`${base}/export/activity.csv`, { headers: { 'x-request-id': 'trace-me-123' } });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(r.headers.get('x-request-id')).toBe('trace-me-123');
    expect(await r.json()).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      title: 'UNAUTHENTICATED',
      requestId: 'trace-me-123',
    });
    const bad = await fetch(`${base}/export/activity.csv?from=yesterday`, {
      headers: { authorization: `Bearer ${t.ownerKey}` },
    });
    expect(await bad.json()).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
      detail: expect.stringMatching(/ISO 8601/),
    });
  });

  it.each([
    ['from=-271821-04-20', /from and to/],
    ['to=%2B275760-09-13T00:00:00.000Z', /from and to/],
    ['from=2026-13-01', /from and to/],
    ['verbs=%00', /verbs/],
    [`agentId=${encodeGlobalId('Agent', '0')}%00`, /agentId|ID/],
  ])('an export asked %s is a 400 problem before anything streams (the connection was cut)', async (query, why) => {
    for (const format of ['ndjson', 'csv']) {
      const res = await fetch(`${base}/export/activity.${format}?${query}`, {
        headers: { authorization: `Bearer ${t.ownerKey}` },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'BAD_USER_INPUT', detail: expect.stringMatching(why) });
    }
  });

  it('NDJSON rows are the GraphQL ActivityEvent: global IDs, payload as JSON', async () => {
    const a = await t.agent({ slug: 'exported-edge' });
    const line = (
      await (
        await fetch(`${base}/export/activity.ndjson?verbs=agent.created&agentId=${encodeGlobalId('Agent', a.id)}`, {
          headers: { authorization: `Bearer ${t.ownerKey}` },
        })
      ).text()
    ).trim();
    const row = JSON.parse(line);
    const gql = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.ownerKey}` },
      body: JSON.stringify({
        query: `query($a: ID!) { activity(first: 1, filter: { verbs: ["agent.created"], agentId: $a }) { edges { node {
          id sequence occurredAt verb actorType actorId subjectType subjectId agentId requestId payload prevHash hash } } } }`,
        variables: { a: encodeGlobalId('Agent', a.id) },
      }),
    }).then((r) => r.json());
    expect(row).toEqual(gql.data.activity.edges[0].node);
    expect(row.agentId).toBe(encodeGlobalId('Agent', a.id));
    expect(row.payload).toMatchObject({ slug: 'exported-edge' });
    const event = await prisma.activityEvent.findFirstOrThrow({ where: { agentId: a.id, verb: 'agent.created' } });
    expect(row.id).toBe(encodeGlobalId('ActivityEvent', event.id));
  });

  it('browser code can read x-request-id from /graphql', async () => {
    const r = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(r.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');
    expect(r.headers.get('x-request-id')).toBeTruthy();
  });

  it("graphql-sse's single-connection mode is a 405 that says what to use instead", async () => {
    const r = await fetch(app.url, { method: 'PUT', headers: { authorization: `Bearer ${t.ownerKey}` } });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toMatch(/GET.*POST/);
    expect(await r.text()).toMatch(/single connection mode is not supported.*distinct connections/i);
  });
});
