// Issue 20 §5: a published version is deployed to an environment (name, endpoint URL, health-check
// URL): PENDING → LIVE → DEGRADED / DOWN → RETIRED. Health-check URLs are called on a schedule
// (bounded concurrency, a timeout, the outbound rules of webhooks), once per due check across
// server processes; status changes are events that subscriptions carry and notifications announce.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { postGraphQL, prisma, until, useTestApi } from '../harness.js';
import { subscribeWs } from '../live.js';
import { startSecondServer, stopProcess } from '../process.js';
import { newTenant, type Tenant } from '../seed.js';

// Read by config() on first use, which comes after these lines.
const FAST = {
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: '127.0.0.1',
  DEPLOYMENT_CHECK_INTERVAL_SECONDS: '1',
  DEPLOYMENT_CHECK_TIMEOUT_MS: '1500',
  // Far above a loopback answer's latency even on a loaded machine.
  DEPLOYMENT_DEGRADED_LATENCY_MS: '600',
  DEPLOYMENT_DOWN_AFTER_FAILURES: '2',
  EVENT_CONSUMER_INTERVAL_MS: '50',
  DEPLOYMENTS_MAX_PER_AGENT: '3',
};
Object.assign(process.env, FAST);

const api = useTestApi();

/** A health endpoint on loopback per test path: answers what `answers[path]` says. */
let receiver: Server;
let base: string;
const hits: Record<string, number> = {};
const answers: Record<string, { status: number; delayMs?: number }> = {};
beforeAll(async () => {
  receiver = createServer((req, res) => {
    const path = req.url ?? '';
    hits[path] = (hits[path] ?? 0) + 1;
    const { status, delayMs } = answers[path] ?? { status: 404 };
    setTimeout(() => res.writeHead(status).end('ok'), delayMs ?? 0);
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

type Body = { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
const post = (query: string, variables: unknown, token: string) =>
  postGraphQL<Body>(api.url, query, variables, token).then((r) => r.body);

const Deploy = `mutation($input: DeployAgentVersionInput!) { deployAgentVersion(input: $input) { __typename
  ... on DeploymentPayload { deployment { id status environment version { semver } } }
  ... on ValidationError { issues { path message } } ... on ConflictError { message } ... on NotFoundError { message } } }`;
const Retire = `mutation($input: RetireDeploymentInput!) { retireDeployment(input: $input) { __typename
  ... on DeploymentPayload { deployment { status retiredAt nextCheckAt } } ... on InvalidTransitionError { message } ... on NotFoundError { message } } }`;

let t: Tenant;
let agentId: string;
let versionId: string;
let path: string;
let n = 0;
beforeEach(async () => {
  t = await newTenant('Deploy');
  const agent = await t.agent();
  agentId = agent.id;
  const version = await t.version(agent.id, '1.0.0', { publish: true });
  versionId = encodeGlobalId('AgentVersion', version.id);
  path = `/health/${++n}-${Math.random().toString(36).slice(2)}`;
});

const deploy = async (input: Record<string, unknown> = {}, token = t.ownerKey) =>
  (
    await post(
      Deploy,
      {
        input: {
          versionId,
          environment: 'production',
          endpointUrl: 'https://agent.example.com/run',
          healthCheckUrl: `${base}${path}`,
          ...input,
        },
      },
      token,
    )
  ).data?.deployAgentVersion as { __typename: string; deployment: { id: string; status: string } } & Record<
    string,
    unknown
  >;

const statusOf = async (id: string) =>
  prisma.deployment.findUniqueOrThrow({
    where: { id: Buffer.from(id, 'base64url').toString().split(':')[1] as string },
  });

describe('deployments', () => {
  it('PENDING until healthy, then LIVE; failing checks make it DEGRADED then DOWN, and a good one LIVE again — each change an event, pushed live', async () => {
    answers[path] = { status: 200 };
    const live = await subscribeWs(
      api.url,
      parse(`subscription { activity(filter: {subjectTypes: ["Deployment"]}) { verb payload } }`),
      {},
      t.ownerKey,
    );
    try {
      const { deployment } = await deploy();
      expect(deployment.status).toBe('PENDING');
      await until(async () => (await statusOf(deployment.id)).status === 'LIVE');
      answers[path] = { status: 503 };
      await until(async () => (await statusOf(deployment.id)).status === 'DOWN');
      const down = await statusOf(deployment.id);
      expect(down).toMatchObject({ lastStatusCode: 503, lastError: 'HTTP 503', consecutiveFailures: 2 });
      answers[path] = { status: 204 };
      await until(async () => (await statusOf(deployment.id)).status === 'LIVE');
      const events = await prisma.activityEvent.findMany({
        where: { organizationId: t.organization.id, subjectType: 'Deployment' },
        orderBy: { sequence: 'asc' },
      });
      const changes = events
        .filter((e) => e.verb === 'deployment.status_changed')
        .map((e) => [(e.payload as { from: string }).from, (e.payload as { to: string }).to]);
      expect(events[0]?.verb).toBe('deployment.created');
      expect(events.every((e) => e.agentId === agentId)).toBe(true);
      expect(changes).toEqual([
        ['PENDING', 'LIVE'],
        ['LIVE', 'DEGRADED'],
        ['DEGRADED', 'DOWN'],
        ['DOWN', 'LIVE'],
      ]);
      const pushed = (await live.waitFor(5)) as { activity: { verb: string } }[];
      expect(pushed.map((p) => p.activity.verb)).toEqual([
        'deployment.created',
        ...changes.map(() => 'deployment.status_changed'),
      ]);
    } finally {
      await live.close();
    }
  });

  it('DOWN and back up notify the members who may read agents', async () => {
    const viewer = await t.member('VIEWER');
    answers[path] = { status: 500 };
    const { deployment } = await deploy();
    await until(async () => (await statusOf(deployment.id)).status === 'DOWN');
    answers[path] = { status: 200 };
    await until(async () => (await statusOf(deployment.id)).status === 'LIVE');
    await until(
      async () =>
        (await prisma.notification.count({ where: { userId: viewer.userId, kind: 'DEPLOYMENT_STATUS' } })) === 2,
    );
    const titles = await prisma.notification.findMany({
      where: { userId: viewer.userId, kind: 'DEPLOYMENT_STATUS' },
      orderBy: { createdAt: 'asc' },
      select: { title: true },
    });
    expect(titles.map((x) => x.title)).toEqual(['Deployment production is DOWN', 'Deployment production is LIVE']);
  });

  it('a slow answer is DEGRADED; one past the timeout is a failure', async () => {
    answers[path] = { status: 200, delayMs: 800 };
    const { deployment } = await deploy();
    await until(async () => (await statusOf(deployment.id)).status === 'DEGRADED');
    expect((await statusOf(deployment.id)).lastError).toMatch(/slower than 600 ms/);
    answers[path] = { status: 200, delayMs: 2_500 };
    await until(async () => (await statusOf(deployment.id)).status === 'DOWN');
    expect((await statusOf(deployment.id)).lastError).toBe('timed out after 1500 ms');
  });

  it('deploying again to the environment retires what ran there; retiring stops the checks; other environments are separate', async () => {
    answers[path] = { status: 200 };
    const first = await deploy();
    const staging = await deploy({ environment: 'staging' });
    const v2 = await t.version(agentId, '1.1.0', { publish: true });
    const second = await deploy({ versionId: encodeGlobalId('AgentVersion', v2.id) });
    expect(second.deployment.status).toBe('PENDING');
    expect((await statusOf(first.deployment.id)).status).toBe('RETIRED');
    expect((await statusOf(staging.deployment.id)).status).not.toBe('RETIRED');
    const listed = await post(
      `query($id: ID!) { agent(id: $id) { deployments { edges { node { environment version { semver } } } } } }`,
      { id: encodeGlobalId('Agent', agentId) },
      t.ownerKey,
    );
    expect(listed.data?.agent).toEqual({
      deployments: {
        edges: [
          { node: { environment: 'production', version: { semver: '1.1.0' } } },
          { node: { environment: 'staging', version: { semver: '1.0.0' } } },
        ],
      },
    });
    const retired = await post(
      Retire,
      { input: { deploymentId: second.deployment.id, reason: 'rollback' } },
      t.ownerKey,
    );
    expect(retired.data?.retireDeployment).toMatchObject({ deployment: { status: 'RETIRED', nextCheckAt: null } });
    const checks = (await statusOf(second.deployment.id)).checks;
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await statusOf(second.deployment.id)).checks).toBe(checks);
    expect(
      (await post(Retire, { input: { deploymentId: second.deployment.id } }, t.ownerKey)).data?.retireDeployment,
    ).toMatchObject({
      __typename: 'InvalidTransitionError',
    });
    const verbs = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, verb: 'deployment.retired' },
      select: { payload: true },
      orderBy: { sequence: 'asc' },
    });
    expect(verbs.map((v) => (v.payload as { reason: string }).reason)).toEqual([
      'replaced by version 1.1.0',
      'rollback',
    ]);
    // Retiring the agent retires where it still runs.
    await post(
      `mutation($input: RetireAgentInput!) { retireAgent(input: $input) { __typename } }`,
      { input: { agentId: encodeGlobalId('Agent', agentId) } },
      t.ownerKey,
    );
    expect((await statusOf(staging.deployment.id)).status).toBe('RETIRED');
  });

  it('concurrent deploys to one environment leave exactly one open deployment there', async () => {
    answers[path] = { status: 200 };
    const results = await Promise.all(Array.from({ length: 4 }, () => deploy()));
    expect(results.every((r) => r.__typename === 'DeploymentPayload')).toBe(true);
    expect(
      await prisma.deployment.count({ where: { agentId, environment: 'production', status: { not: 'RETIRED' } } }),
    ).toBe(1);
    expect(await prisma.deployment.count({ where: { agentId, status: 'RETIRED' } })).toBe(3);
  });

  it('refuses draft versions, inactive agents, private or non-http health URLs and bad names; nothing is stored', async () => {
    const draft = await t.version(agentId, '2.0.0');
    expect(await deploy({ versionId: encodeGlobalId('AgentVersion', draft.id) })).toMatchObject({
      __typename: 'ValidationError',
      issues: [
        { path: ['input', 'versionId'], message: 'version 2.0.0 is DRAFT; only PUBLISHED versions are deployed' },
      ],
    });
    expect(
      await deploy({
        healthCheckUrl: 'http://10.0.0.7/health',
        endpointUrl: 'file:///etc/passwd',
        environment: 'Prod!',
      }),
    ).toMatchObject({
      __typename: 'ValidationError',
      issues: [
        { path: ['input', 'environment'] },
        { path: ['input', 'endpointUrl'], message: 'must be http or https' },
        { path: ['input', 'healthCheckUrl'], message: expect.stringContaining('private, loopback or reserved') },
      ],
    });
    // The endpoint is recorded, never called: a private address is fine there, not in the health check.
    expect(
      await deploy({ endpointUrl: 'http://10.0.0.7/agent', healthCheckUrl: 'http://10.0.0.7/health' }),
    ).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'healthCheckUrl'] }],
    });
    expect(await deploy({ healthCheckUrl: 'http://169.254.169.254/latest/meta-data' })).toMatchObject({
      __typename: 'ValidationError',
    });
    await post(
      `mutation($input: SuspendAgentInput!) { suspendAgent(input: $input) { __typename } }`,
      { input: { agentId: encodeGlobalId('Agent', agentId), reason: 'test' } },
      t.ownerKey,
    );
    expect(await deploy()).toMatchObject({
      __typename: 'ConflictError',
      message: 'The agent is SUSPENDED; only ACTIVE agents are deployed.',
    });
    expect(await prisma.deployment.count({ where: { organizationId: t.organization.id } })).toBe(0);
  });

  it('an agent runs in at most DEPLOYMENTS_MAX_PER_AGENT environments; replacing one is always possible', async () => {
    answers[path] = { status: 200 };
    for (const environment of ['production', 'staging', 'eu'])
      expect((await deploy({ environment })).__typename).toBe('DeploymentPayload');
    expect(await deploy({ environment: 'us' })).toMatchObject({
      __typename: 'ConflictError',
      message: 'The agent already runs in 3 environments (DEPLOYMENTS_MAX_PER_AGENT is 3); retire one first.',
    });
    expect((await deploy({ environment: 'staging' })).__typename).toBe('DeploymentPayload');
    expect(await prisma.deployment.count({ where: { agentId, status: { not: 'RETIRED' } } })).toBe(3);
  });

  it('another organization cannot see, deploy or retire them; a VIEWER may not deploy', async () => {
    answers[path] = { status: 200 };
    const { deployment } = await deploy();
    const other = await newTenant('Other');
    expect(await deploy({}, other.ownerKey)).toMatchObject({ __typename: 'NotFoundError' });
    expect(
      (await post(Retire, { input: { deploymentId: deployment.id } }, other.ownerKey)).data?.retireDeployment,
    ).toMatchObject({
      __typename: 'NotFoundError',
    });
    const seen = await post(
      `query($id: ID!) { node(id: $id) { id } deployments { edges { node { id } } } }`,
      { id: deployment.id },
      other.ownerKey,
    );
    expect(seen.data).toEqual({ node: null, deployments: { edges: [] } });
    const viewer = await t.member('VIEWER');
    expect(
      (
        await post(
          Deploy,
          {
            input: {
              versionId,
              environment: 'x',
              endpointUrl: 'https://a.example',
              healthCheckUrl: 'https://a.example',
            },
          },
          viewer.jwt,
        )
      ).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it('two server processes check each deployment once per interval, not once per process', async () => {
    const second = await startSecondServer(api.databaseUrl, FAST);
    try {
      answers[path] = { status: 200 };
      const { deployment } = await deploy();
      await until(() => (hits[path] ?? 0) >= 1);
      const began = hits[path] ?? 0;
      await new Promise((r) => setTimeout(r, 4_000));
      const during = (hits[path] ?? 0) - began;
      // One check per second at most (two uncoordinated processes would make about eight).
      expect(during).toBeGreaterThanOrEqual(1);
      expect(during).toBeLessThanOrEqual(5);
      // Every call is recorded once (a call still in flight may not be recorded yet).
      await until(async () => (await statusOf(deployment.id)).checks >= (hits[path] ?? 0) - 1);
      const row = await statusOf(deployment.id);
      expect(row.checks).toBeLessThanOrEqual(hits[path] ?? 0);
    } finally {
      await stopProcess(second.server.child);
    }
  }, 60_000);
});
