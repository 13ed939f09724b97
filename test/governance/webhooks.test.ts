// Issue 17 §4: outbound webhooks, against a real HTTP receiver on loopback. Deliveries come from
// the activity log (at least once, in order per endpoint, one per event across server
// processes), are signed per Standard Webhooks, retried with backoff until they succeed or the
// retry window ends (then the endpoint is disabled and a notification says so), logged per try,
// and can be redelivered. Private and loopback targets are refused unless allowed.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { verifyWebhook } from '../../src/modules/webhooks/webhook-signature.js';
import { postGraphQL, prisma, until, useTestApi } from '../harness.js';
import { startSecondServer, stopProcess } from '../process.js';
import { newTenant, type Tenant } from '../seed.js';

// Read by config() on first use, which comes after these lines.
process.env.WEBHOOK_ALLOWED_PRIVATE_HOSTS = '127.0.0.1';
process.env.WEBHOOK_RETRY_BASE_MS = '40';
// A long window, so retries under a loaded machine never give up by accident; the test of the
// window moves a delivery's first try back past it instead.
process.env.WEBHOOK_RETRY_WINDOW_SECONDS = '60';
process.env.WEBHOOK_TIMEOUT_MS = '400';
process.env.EVENT_CONSUMER_INTERVAL_MS = '50';
const FAST = {
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_BASE_MS: '40',
  WEBHOOK_RETRY_WINDOW_SECONDS: '60',
  WEBHOOK_TIMEOUT_MS: '400',
  EVENT_CONSUMER_INTERVAL_MS: '50',
};

const api = useTestApi();

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}
/** A receiver on loopback: answers with what `answer` says (status, or a delay first). */
let receiver: Server;
let receiverBase: string;
/** A path of this test's own, so deliveries to earlier tests' endpoints are not counted. */
let receiverPath: string;
let receiverUrl: string;
let received: Received[] = [];
let answer: (n: number) => { status: number; delayMs?: number } = () => ({ status: 200 });
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      // An earlier test's endpoint may still be delivering its own events: only this test's path counts.
      if (req.url !== receiverPath) {
        res.writeHead(200).end('ok');
        return;
      }
      const { status, delayMs } = answer(received.length);
      received.push({ headers: req.headers, body, status });
      setTimeout(() => res.writeHead(status).end('ok'), delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  receiverBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

type Body = {
  data?: Record<string, Record<string, unknown>>;
  errors?: { message: string; extensions?: { code?: string } }[];
};
const post = (query: string, variables: unknown, token: string, url = api.url) =>
  postGraphQL<Body>(url, query, variables, token).then((r) => r.body);

const Create = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  __typename ... on WebhookEndpointSecretPayload { secret webhookEndpoint { id url events enabled } }
  ... on ValidationError { issues { path message } } } }`;
const Deliveries = `query($id: ID!) { webhookEndpoint(id: $id) { enabled disabledReason deliveries(first: 50) { totalCount edges { node {
  id verb eventSequence status attempts responseStatus latencyMs error attemptLog { attempt responseStatus error latencyMs } } } } } }`;

let t: Tenant;
let agentGid: string;
beforeEach(async () => {
  t = await newTenant('Hooked');
  const a = await t.agent({ slug: 'hooked' });
  agentGid = encodeGlobalId('Agent', a.id);
  received = [];
  answer = () => ({ status: 200 });
  receiverPath = `/hooks/${crypto.randomUUID()}`;
  receiverUrl = `${receiverBase}${receiverPath}`;
});

const create = async (events: string[], url = receiverUrl, token = t.ownerKey, apiUrl = api.url) => {
  const r = await post(Create, { input: { url, events, description: 'test receiver' } }, token, apiUrl);
  return r.data?.createWebhookEndpoint as {
    __typename: string;
    secret: string;
    webhookEndpoint: { id: string };
    issues?: { path: string[]; message: string }[];
  };
};
const raise = (n: number, url = api.url) =>
  post(
    `mutation($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename } }`,
    { input: { agentId: agentGid, severity: 'LOW', category: 'OTHER', description: `number ${n}` } },
    t.ownerKey,
    url,
  );
const bodies = () =>
  received
    .filter((r) => r.status === 200)
    .map((r) => JSON.parse(r.body) as { type: string; data: { sequence: number; verb: string; subjectId: string } });

describe('webhooks', () => {
  it('delivers the matching events, signed per Standard Webhooks, with the event as the export writes it', async () => {
    const endpoint = await create(['violation.*']);
    expect(endpoint.__typename).toBe('WebhookEndpointSecretPayload');
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await raise(1);
    await until(() => received.length === 1);
    const [hit] = received;
    expect(verifyWebhook(endpoint.secret, hit?.headers ?? {}, hit?.body ?? '')).toBe(true);
    expect(
      verifyWebhook(`whsec_${Buffer.from('wrong key').toString('base64')}`, hit?.headers ?? {}, hit?.body ?? ''),
    ).toBe(false);
    expect(verifyWebhook(endpoint.secret, hit?.headers ?? {}, `${hit?.body} `)).toBe(false);
    const body = JSON.parse(hit?.body ?? '{}');
    const event = await prisma.activityEvent.findFirstOrThrow({
      where: { organizationId: t.organization.id, verb: 'violation.raised' },
    });
    expect(hit?.headers['webhook-id']).toBe(event.id);
    expect(body).toMatchObject({
      type: 'violation.raised',
      data: {
        sequence: event.sequence,
        verb: 'violation.raised',
        hash: event.hash,
        payload: { severity: 'LOW', category: 'OTHER' },
      },
    });
    // Only the verbs asked for: agent.* and webhook.* events were not sent.
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toHaveLength(1);
    const log = await post(Deliveries, { id: endpoint.webhookEndpoint.id }, t.ownerKey);
    expect(log.data?.webhookEndpoint).toMatchObject({
      deliveries: {
        totalCount: 1,
        edges: [
          {
            node: {
              status: 'DELIVERED',
              attempts: 1,
              responseStatus: 200,
              attemptLog: [{ attempt: 1, responseStatus: 200 }],
            },
          },
        ],
      },
    });
  });

  it('a receiver that fails then recovers gets every event once it succeeds, in order; every try is logged', async () => {
    answer = (n) => ({ status: n < 3 ? 500 : 200 });
    const endpoint = await create(['violation.raised']);
    for (let i = 0; i < 4; i++) await raise(i);
    await until(() => bodies().length === 4);
    const sequences = bodies().map((b) => b.data.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(4);
    expect(received.slice(0, 3).map((r) => r.status)).toEqual([500, 500, 500]);
    // Head of line: while the first failed, nothing after it was sent.
    expect(new Set(received.slice(0, 4).map((r) => r.headers['webhook-id'])).size).toBe(1);
    const log = await post(Deliveries, { id: endpoint.webhookEndpoint.id }, t.ownerKey);
    const first = (
      log.data?.webhookEndpoint as { deliveries: { edges: { node: Record<string, unknown> }[] } }
    ).deliveries.edges.at(-1)?.node;
    expect(first).toMatchObject({ status: 'DELIVERED', attempts: 4, responseStatus: 200 });
    expect((first?.attemptLog as { responseStatus: number }[]).map((a) => a.responseStatus)).toEqual([
      500, 500, 500, 200,
    ]);
  });

  it('a slow receiver times out and is retried', async () => {
    answer = (n) => ({ status: 200, delayMs: n === 0 ? 1_500 : 0 });
    const endpoint = await create(['violation.raised']);
    await raise(1);
    await until(
      async () =>
        (await prisma.webhookDelivery.count({
          where: { status: 'DELIVERED', endpointId: rawId(endpoint.webhookEndpoint.id) },
        })) === 1,
    );
    const attempts = await prisma.webhookAttempt.findMany({
      where: { delivery: { endpointId: rawId(endpoint.webhookEndpoint.id) } },
      orderBy: { attempt: 'asc' },
    });
    expect(attempts[0]?.error).toMatch(/timed out after 400 ms/);
    expect(attempts.at(-1)?.responseStatus).toBe(200);
  });

  it('an endpoint that keeps failing past the retry window is disabled, with an event and a notification', async () => {
    answer = () => ({ status: 503 });
    const endpoint = await create(['violation.raised']);
    await raise(1);
    await until(() => received.length >= 1);
    // The window has passed since the first try (repeated: a try in flight writes back what it read).
    await until(async () => {
      await prisma.webhookDelivery.updateMany({
        where: { endpointId: rawId(endpoint.webhookEndpoint.id), status: 'PENDING' },
        data: { firstAttemptAt: new Date(Date.now() - 61_000) },
      });
      return !(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: rawId(endpoint.webhookEndpoint.id) } }))
        .enabled;
    }, 20_000);
    const log = await post(Deliveries, { id: endpoint.webhookEndpoint.id }, t.ownerKey);
    expect(log.data?.webhookEndpoint).toMatchObject({
      enabled: false,
      disabledReason: expect.stringMatching(/kept failing .*HTTP 503/),
    });
    expect(JSON.stringify(log.data)).toContain('"status":"FAILED"');
    expect(
      await prisma.activityEvent.count({ where: { organizationId: t.organization.id, verb: 'webhook.disabled' } }),
    ).toBe(1);
    await until(
      async () => (await prisma.notification.count({ where: { userId: t.owner.id, kind: 'WEBHOOK_DISABLED' } })) === 1,
    );

    // Enabled again and redelivered, the failed delivery goes through.
    answer = () => ({ status: 200 });
    await post(
      `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { __typename } }`,
      { input: { webhookEndpointId: endpoint.webhookEndpoint.id, enabled: true } },
      t.ownerKey,
    );
    const failed = await prisma.webhookDelivery.findFirstOrThrow({
      where: { endpointId: rawId(endpoint.webhookEndpoint.id) },
    });
    const redelivered = await post(
      `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { __typename ... on WebhookDeliveryPayload { delivery { status } } } }`,
      { input: { deliveryId: encodeGlobalId('WebhookDelivery', failed.id) } },
      t.ownerKey,
    );
    expect(redelivered.data?.redeliverWebhook).toMatchObject({ delivery: { status: 'PENDING' } });
    await until(() => bodies().length === 1);
  });

  it('redelivering a delivered event sends it again with the same webhook-id', async () => {
    await create(['violation.raised']);
    await raise(1);
    await until(() => received.length === 1);
    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { organizationId: t.organization.id } });
    await post(
      `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { __typename } }`,
      { input: { deliveryId: encodeGlobalId('WebhookDelivery', delivery.id) } },
      t.ownerKey,
    );
    await until(() => received.length === 2);
    expect(received[1]?.headers['webhook-id']).toBe(received[0]?.headers['webhook-id']);
    expect(
      await prisma.activityEvent.count({
        where: { organizationId: t.organization.id, verb: 'webhook.redelivery_requested' },
      }),
    ).toBe(1);
  });

  it('after a rotation deliveries carry signatures under the new and the old secret', async () => {
    const endpoint = await create(['violation.raised']);
    const rotated = await post(
      `mutation($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { ... on WebhookEndpointSecretPayload { secret webhookEndpoint { previousSecretUntil } } } }`,
      { input: { webhookEndpointId: endpoint.webhookEndpoint.id } },
      t.ownerKey,
    );
    const { secret } = rotated.data?.rotateWebhookSecret as { secret: string };
    expect(secret).not.toBe(endpoint.secret);
    await raise(1);
    await until(() => received.length === 1);
    const [hit] = received;
    expect(String(hit?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyWebhook(secret, hit?.headers ?? {}, hit?.body ?? '')).toBe(true);
    expect(verifyWebhook(endpoint.secret, hit?.headers ?? {}, hit?.body ?? '')).toBe(true);
  });

  it('refuses private, link-local and unlisted loopback targets, bad verbs and non-http URLs; changes nothing', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://10.1.2.3/x',
      'http://[::1]:8080/',
      'ftp://example.com/x',
      'http://user:pw@example.com/',
    ]) {
      const r = await create(['*'], url);
      expect(r).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'url'] }] });
    }
    const verbs = await create(['Violation Raised']);
    expect(verbs).toMatchObject({ __typename: 'ValidationError' });
    expect(await prisma.webhookEndpoint.count({ where: { organizationId: t.organization.id } })).toBe(0);
    expect(
      await prisma.activityEvent.count({
        where: { organizationId: t.organization.id, verb: { startsWith: 'webhook.' } },
      }),
    ).toBe(0);
  });

  it('another organization sees none of it; OPERATOR may not manage webhooks', async () => {
    const endpoint = await create(['*']);
    const other = await newTenant('Other');
    const seen = await post(
      `query($id: ID!) { webhookEndpoint(id: $id) { id } node(id: $id) { id } }`,
      { id: endpoint.webhookEndpoint.id },
      other.ownerKey,
    );
    expect(seen.data).toEqual({ webhookEndpoint: null, node: null });
    const update = await post(
      `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { __typename } }`,
      { input: { webhookEndpointId: endpoint.webhookEndpoint.id, enabled: false } },
      other.ownerKey,
    );
    expect(update.data?.updateWebhookEndpoint).toEqual({ __typename: 'NotFoundError' });
    const operator = await t.member('OPERATOR');
    const r = await post(Create, { input: { url: receiverUrl, events: ['*'] } }, operator.key);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('two server processes deliver each event exactly once, in order; a process stopped mid-retry loses nothing', async () => {
    const second = await startSecondServer(api.databaseUrl, FAST);
    try {
      answer = (n) => ({ status: n < 2 ? 500 : 200 });
      await create(['violation.raised']);
      await Promise.all(Array.from({ length: 20 }, (_, i) => raise(i, i % 2 ? second.url : api.url)));
      await until(() => received.length >= 1);
      await stopProcess(second.server.child);
      await until(() => bodies().length >= 20, 90_000).catch(async (error) => {
        // What the receiver saw and what the log says, to find why a delivery did not come.
        console.error(
          'received',
          received.map((r) => [r.status, r.headers['webhook-id']]),
          await prisma.webhookDelivery.findMany({
            where: { organizationId: t.organization.id },
            select: { eventSequence: true, status: true, attempts: true, error: true, nextAttemptAt: true },
            orderBy: { eventSequence: 'asc' },
          }),
          await prisma.webhookEndpoint.findMany({
            where: { organizationId: t.organization.id },
            select: { enabled: true, leaseUntil: true, disabledReason: true },
          }),
          new Date(),
        );
        throw error;
      });
      await new Promise((r) => setTimeout(r, 500));
      const ids = bodies().map((b) => b.data.sequence);
      if (ids.length !== 20)
        console.error(
          'DIAG received',
          JSON.stringify(received.map((r) => [r.status, JSON.parse(r.body).data.sequence])),
          JSON.stringify(
            await prisma.webhookAttempt.findMany({
              where: { delivery: { organizationId: t.organization.id } },
              select: {
                attempt: true,
                responseStatus: true,
                error: true,
                startedAt: true,
                delivery: { select: { eventSequence: true } },
              },
              orderBy: { startedAt: 'asc' },
            }),
          ),
        );
      expect(ids).toHaveLength(20);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    } finally {
      await stopProcess(second.server.child);
    }
    // Starting and stopping a second process is slow when the whole suite loads the machine.
  }, 150_000);

  it('without an allow-list, loopback is refused (a process on default settings)', async () => {
    const second = await startSecondServer(api.databaseUrl, { WEBHOOK_ALLOWED_PRIVATE_HOSTS: '' });
    try {
      const r = await create(['*'], receiverUrl, t.ownerKey, second.url);
      expect(r).toMatchObject({
        __typename: 'ValidationError',
        issues: [{ path: ['input', 'url'], message: expect.stringMatching(/loopback/) }],
      });
    } finally {
      await stopProcess(second.server.child);
    }
  });
});

const rawId = (gid: string) => Buffer.from(gid, 'base64').toString().split(':')[1] as string;
