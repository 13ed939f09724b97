// Issue 16 §2 and §4: subscriptions live only as long as their credential, on every server
// process; JWTs must expire, within JWT_MAX_LIFETIME_SECONDS; the WebSocket server has the HTTP
// limits (message size, Origin) and caps open subscriptions per connection and per caller.
import { parse } from 'graphql';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type App, startApp } from '../../src/app.js';
import { authenticate } from '../../src/auth/authenticate.js';
import { guardSubscription } from '../../src/auth/credential-watch.js';
import type { Viewer } from '../../src/auth/viewer.js';
import { createLogger } from '../../src/logger.js';
import { revokeApiKey } from '../../src/modules/api-keys/api-keys.service.js';
import { removeMember } from '../../src/modules/members/members.service.js';
import { prisma, until, useTestApi } from '../harness.js';
import { type Received, subscribeSse, subscribeWs } from '../live.js';
import { type Started, startSecondServer, stopProcess } from '../process.js';
import { JWT_SECRET, newTenant, signJwt, type Tenant } from '../seed.js';

process.env.SUBSCRIPTIONS_MAX_PER_CONNECTION = '2';
process.env.SUBSCRIPTIONS_MAX_PER_CALLER = '3';
process.env.REQUEST_MAX_BYTES = '100000';

const api = useTestApi();
const Activity = parse('subscription { activity { verb } }');

let tenant: Tenant;
let second: Started;
let secondUrl = '';
beforeAll(async () => {
  tenant = await newTenant('Credentials');
  ({ server: second, url: secondUrl } = await startSecondServer(api.databaseUrl));
}, 60_000);
afterAll(async () => {
  if (second) await stopProcess(second.child);
});

const endedWith = (received: Received<unknown>, reason: RegExp) =>
  received.completed && received.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED' && reason.test(e.message));

describe('subscriptions end with their credential', () => {
  it('revoking a key ends its subscriptions on every server process, with the reason, within seconds', async () => {
    const key = await tenant.key(['activity:read']);
    const keyRow = await prisma.apiKey.findFirstOrThrow({
      where: { organizationId: tenant.organization.id },
      orderBy: { createdAt: 'desc' },
    });
    const here = await subscribeWs(api.url, Activity, {}, key);
    const there = await subscribeSse(secondUrl, Activity, {}, key);
    const other = await subscribeWs(api.url, Activity, {}, tenant.ownerKey);
    await tenant.agent();
    await here.waitFor(1);
    await there.waitFor(1);

    await revokeApiKey(tenant.caller, keyRow.id);
    await until(() => endedWith(here as never, /revoked/), 5_000);
    await until(() => endedWith(there as never, /revoked/), 5_000);
    const deliveredHere = here.data.length;
    const deliveredThere = there.data.length;
    await tenant.agent();
    await other.waitFor(3);
    expect(here.data.length).toBe(deliveredHere);
    expect(there.data.length).toBe(deliveredThere);
    await Promise.all([here.close(), there.close(), other.close()]);
  });

  it('a subscription opened on another process just after the revocation is refused or ends, and delivers nothing', async () => {
    const key = await tenant.key(['activity:read']);
    const keyRow = await prisma.apiKey.findFirstOrThrow({
      where: { organizationId: tenant.organization.id },
      orderBy: { createdAt: 'desc' },
    });
    // The second process caches the key (API_KEY_CACHE_SECONDS).
    const warm = await fetch(secondUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ viewer { actorType } }' }),
    });
    expect(((await warm.json()) as { data?: unknown }).data).toEqual({ viewer: { actorType: 'API_KEY' } });
    await revokeApiKey(tenant.caller, keyRow.id);
    const overSse = await subscribeSse(secondUrl, Activity, {}, key);
    const overWs = await subscribeWs(secondUrl, Activity, {}, key);
    const refused = (received: Received<unknown>) =>
      received.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED' && /revoked/.test(e.message));
    await until(() => refused(overSse) && refused(overWs), 5_000);
    await tenant.agent();
    expect(overSse.data).toEqual([]);
    expect(overWs.data).toEqual([]);
    await Promise.all([overSse.close(), overWs.close()]);
  });

  it('a subscription whose key was revoked before it was watched (the revocation’s event already passed) ends at once', async () => {
    const key = await tenant.key(['activity:read']);
    const keyRow = await prisma.apiKey.findFirstOrThrow({
      where: { organizationId: tenant.organization.id },
      orderBy: { createdAt: 'desc' },
    });
    // Authenticated before the revocation, watched after it: the interleaving of a process that
    // still trusted its cached key when the subscription began.
    const viewer = await authenticate(`Bearer ${key}`);
    await revokeApiKey(tenant.caller, keyRow.id);
    await new Promise((r) => setTimeout(r, 300));
    let ended: Error | null = null;
    const release = guardSubscription(viewer as Viewer, (error) => {
      ended = error;
    });
    await until(() => ended !== null, 5_000);
    expect((ended as Error | null)?.message).toMatch(/revoked/);
    release();
  });

  it('a revocation reaches every process’s key cache at once: a process caching keys for 5 minutes refuses the key within a second', async () => {
    const { server, url } = await startSecondServer(api.databaseUrl, { API_KEY_CACHE_SECONDS: '300' });
    try {
      const key = await tenant.key(['activity:read']);
      const keyRow = await prisma.apiKey.findFirstOrThrow({
        where: { organizationId: tenant.organization.id },
        orderBy: { createdAt: 'desc' },
      });
      const ask = async () => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query: '{ viewer { actorType } }' }),
        });
        return (await res.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
      };
      expect((await ask()).data).toEqual({ viewer: { actorType: 'API_KEY' } });
      await revokeApiKey(tenant.caller, keyRow.id);
      let answer = await ask();
      await until(async () => {
        answer = await ask();
        return answer.errors?.[0]?.extensions.code === 'UNAUTHENTICATED';
      }, 1_000);
      expect(answer.errors?.[0]?.message).toMatch(/revoked/);
    } finally {
      await stopProcess(server.child);
    }
  });

  it('removing a member ends their subscriptions', async () => {
    const member = await tenant.member('VIEWER');
    const live = await subscribeWs(api.url, Activity, {}, member.jwt);
    await removeMember(tenant.caller, member.membership.id);
    await until(() => endedWith(live as never, /removed/), 5_000);
    await live.close();
  });

  it('a JWT ends its subscriptions when it expires', async () => {
    const member = await tenant.member('VIEWER');
    const jwt = await signJwt({ sub: member.userId, org: tenant.organization.id }, { expiresIn: '2s' });
    const live = await subscribeSse(api.url, Activity, {}, jwt);
    await until(() => endedWith(live as never, /expired/), 6_000);
    await live.close();
  });
});

describe('JWTs', () => {
  const sign = (claims: Record<string, unknown>, expiresIn?: string) => {
    let jwt = new SignJWT({ org: tenant.organization.id, ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(tenant.owner.id)
      .setIssuedAt();
    if (expiresIn) jwt = jwt.setExpirationTime(expiresIn);
    return jwt.sign(new TextEncoder().encode(JWT_SECRET));
  };
  const viewer = async (token: string) => {
    const res = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { actorType } }' }),
    });
    return (await res.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
  };

  it('without exp is refused', async () => {
    const answer = await viewer(await sign({}));
    expect(answer.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(answer.errors?.[0]?.message).toMatch(/exp/);
  });

  it('living longer than JWT_MAX_LIFETIME_SECONDS is refused; within it, accepted', async () => {
    const long = await viewer(await sign({}, '2d'));
    expect(long.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(long.errors?.[0]?.message).toMatch(/JWT_MAX_LIFETIME_SECONDS/);
    expect((await viewer(await sign({}, '1h'))).data).toEqual({ viewer: { actorType: 'USER' } });
  });
});

describe('the WebSocket server', () => {
  const connect = (url: string, headers: Record<string, string> = {}) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });

  it('closes the socket on a message larger than REQUEST_MAX_BYTES (1009)', async () => {
    const ws = await connect(api.url);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(200_000) } }));
    expect(await closed).toBe(1009);
  });

  it('with CORS_ORIGINS set, refuses an upgrade from another Origin and accepts a listed one', async () => {
    const app: App = await startApp({
      databaseUrl: api.databaseUrl,
      port: 0,
      host: '127.0.0.1',
      log: createLogger('silent'),
      corsOrigins: ['https://app.example'],
    });
    try {
      await expect(connect(app.url, { origin: 'https://evil.example' })).rejects.toThrow(/HTTP 401|HTTP 403/);
      const ok = await connect(app.url, { origin: 'https://app.example' });
      ok.close();
      const tool = await connect(app.url); // no Origin: not a browser
      tool.close();
    } finally {
      await app.close(500);
    }
  });

  it('caps subscriptions per connection and per caller', async () => {
    const key = await tenant.key(['activity:read']);
    const ws = await connect(api.url);
    const messages: { type: string; id?: string; payload?: { extensions?: { code?: string }; message?: string }[] }[] =
      [];
    ws.on('message', (m) => messages.push(JSON.parse(String(m))));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
    await until(() => messages.some((m) => m.type === 'connection_ack'), 5_000);
    for (const id of ['1', '2', '3'])
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { activity { verb } }' } }));
    await until(() => messages.some((m) => m.id === '3' && m.type === 'error'), 5_000);
    const refused = messages.find((m) => m.id === '3' && m.type === 'error');
    expect(refused?.payload?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused?.payload?.[0]?.message).toMatch(/SUBSCRIPTIONS_MAX_PER_CONNECTION/);

    // Two open here; one more over SSE reaches the caller's cap of 3; the fourth is refused.
    const third = await subscribeSse(api.url, Activity, {}, key);
    expect(third.errors).toEqual([]);
    const fourth = await subscribeSse(api.url, Activity, {}, key);
    await until(() => fourth.errors.length > 0, 5_000);
    expect(fourth.errors[0]?.extensions?.code).toBe('RATE_LIMITED');
    ws.close();
    await Promise.all([third.close(), fourth.close()]);
  });
});
