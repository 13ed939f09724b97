import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { until, useTestApi } from '../harness.js';
import { subscribeSse, subscribeWs } from '../live.js';
import { headOf, newTenant } from '../seed.js';

const api = useTestApi();

const Activity = graphql(`
  subscription Activity($after: String, $filter: ActivityStreamFilter) {
    activity(after: $after, filter: $filter) { sequence verb subjectType agentId }
  }
`);
const AgentChanged = graphql(`
  subscription AgentChanged($agentId: ID) {
    agentChanged(agentId: $agentId) { slug status currentVersion { semver } versions(first: 5) { totalCount } }
  }
`);
const AgentBudgets = graphql(`
  subscription AgentBudgets($agentId: ID) { agentChanged(agentId: $agentId) { slug budgets(first: 1) { edges { node { name } } } } }
`);
const Create = graphql(`
  mutation CreateForLive($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on AgentPayload { agent { id } } } }
`);
const Rename = graphql(`
  mutation RenameForLive($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }
`);

const create = (token: string, slug: string) =>
  api.ok(Create, { input: { slug, name: slug, category: 'UTILITY' } }, token);

describe('activity subscription', () => {
  it('over graphql-ws: subscribe, mutate, receive', async () => {
    const t = await newTenant();
    const live = await subscribeWs(api.url, Activity, { after: await headOf(t.organization.id) }, t.ownerKey);
    try {
      await create(t.ownerKey, 'ws-one');
      const [first] = await live.waitFor(1);
      expect(first?.activity).toMatchObject({ verb: 'agent.created', subjectType: 'Agent' });
    } finally {
      await live.close();
    }
  });

  it('over SSE: subscribe, mutate, receive', async () => {
    const t = await newTenant();
    const live = await subscribeSse(api.url, Activity, { after: await headOf(t.organization.id) }, t.ownerKey);
    try {
      await create(t.ownerKey, 'sse-one');
      const [first] = await live.waitFor(1);
      expect(first?.activity).toMatchObject({ verb: 'agent.created' });
    } finally {
      await live.close();
    }
  });

  it('refuses an unauthenticated subscription with UNAUTHENTICATED and one without the scope with FORBIDDEN', async () => {
    const t = await newTenant();
    const anonymous = await subscribeWs(api.url, Activity, {}, null);
    await expect(anonymous.waitFor(1, 2_000)).rejects.toThrow(/UNAUTHENTICATED/);
    await anonymous.close();
    const agentsOnly = await subscribeWs(api.url, Activity, {}, await t.key(['agents:read']));
    await expect(agentsOnly.waitFor(1, 2_000)).rejects.toThrow(/FORBIDDEN/);
    await agentsOnly.close();
    const bad = await subscribeWs(api.url, Activity, {}, 'agk_aaaaaaaaaaaa_' + 'a'.repeat(43));
    await expect(bad.waitFor(1, 2_000)).rejects.toThrow(/UNAUTHENTICATED/);
    await bad.close();
  });

  it("never delivers another organization's events, even when the filter names its agent", async () => {
    const acme = await newTenant('Acme');
    const rival = await newTenant('Rival');
    const agent = await acme.agent();
    const spy = await subscribeWs(
      api.url,
      Activity,
      { filter: { agentId: encodeGlobalId('Agent', agent.id) } },
      rival.ownerKey,
    );
    const own = await subscribeWs(
      api.url,
      Activity,
      { after: await headOf(acme.organization.id), filter: { agentId: encodeGlobalId('Agent', agent.id) } },
      acme.ownerKey,
    );
    try {
      await api.ok(Rename, { input: { agentId: encodeGlobalId('Agent', agent.id), name: 'Renamed' } }, acme.ownerKey);
      await create(rival.ownerKey, 'rival-agent');
      await own.waitFor(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(spy.data).toEqual([]);
      expect(own.data.map((d) => d.activity.verb)).toEqual(['agent.updated']);
    } finally {
      await spy.close();
      await own.close();
    }
  });

  it('resumes with after: exactly the missed events, in order, then live ones', async () => {
    const t = await newTenant();
    const first = await subscribeWs(api.url, Activity, { after: await headOf(t.organization.id) }, t.ownerKey);
    await create(t.ownerKey, 'before-1');
    const [seen] = await first.waitFor(1);
    await first.close();
    const last = seen?.activity.sequence as number;
    for (const slug of ['missed-1', 'missed-2', 'missed-3']) await create(t.ownerKey, slug);
    const resumed = await subscribeWs(api.url, Activity, { after: String(last) }, t.ownerKey);
    try {
      await resumed.waitFor(3);
      await create(t.ownerKey, 'live-1');
      const all = await resumed.waitFor(4);
      expect(all.map((d) => d.activity.sequence)).toEqual([last + 1, last + 2, last + 3, last + 4]);
      await new Promise((r) => setTimeout(r, 200));
      expect(resumed.data).toHaveLength(4);
    } finally {
      await resumed.close();
    }
  });

  it('filters by verbs and subject types', async () => {
    const t = await newTenant();
    const live = await subscribeWs(
      api.url,
      Activity,
      { after: await headOf(t.organization.id), filter: { verbs: ['version.published'] } },
      t.ownerKey,
    );
    try {
      const a = await t.agent();
      await t.version(a.id, '1.0.0', { publish: true });
      const [only] = await live.waitFor(1);
      expect(only?.activity.verb).toBe('version.published');
      await new Promise((r) => setTimeout(r, 200));
      expect(live.data).toHaveLength(1);
    } finally {
      await live.close();
    }
  });
});

describe('shared execution of identical subscriptions', () => {
  it('gives every subscriber each event; one leaving does not end the others; other scopes are not shared', async () => {
    const t = await newTenant();
    const narrow = await t.key(['activity:read']);
    const after = await headOf(t.organization.id);
    const [a, b, c] = await Promise.all([
      subscribeWs(api.url, Activity, { after }, t.ownerKey),
      subscribeWs(api.url, Activity, { after }, t.ownerKey),
      subscribeWs(api.url, Activity, { after }, narrow),
    ]);
    try {
      await create(t.ownerKey, 'shared-1');
      for (const live of [a, b, c]) expect((await live.waitFor(1))[0]?.activity.verb).toBe('agent.created');
      await a?.close();
      await create(t.ownerKey, 'shared-2');
      for (const live of [b, c])
        expect((await live.waitFor(2)).map((d) => d.activity.sequence)).toEqual([Number(after) + 1, Number(after) + 2]);
      expect(a?.data).toHaveLength(1);
    } finally {
      await b?.close();
      await c?.close();
    }
  });
  it("presents a shared result's errors to each subscriber coded and with its own request id, and keeps the stream open", async () => {
    const t = await newTenant();
    const agent = await t.agent({ slug: 'errs' });
    const agentId = encodeGlobalId('Agent', agent.id);
    // One key, one document: one shared group. Agent.budgets needs budgets:read, which it lacks.
    const narrow = await t.key(['agents:read']);
    const subscribers = await Promise.all([
      subscribeWs(api.url, AgentBudgets, { agentId }, narrow),
      subscribeWs(api.url, AgentBudgets, { agentId }, narrow),
    ]);
    try {
      for (const name of ['errs-1', 'errs-2']) {
        await api.ok(Rename, { input: { agentId, name } }, t.ownerKey);
        await until(() => subscribers.every((s) => s.errors.length >= (name === 'errs-1' ? 1 : 2)), 10_000);
      }
      const ids = subscribers.map((s) => {
        const errors = s.errors as unknown as { extensions: { code: string; requestId: string } }[];
        expect(errors.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
        expect(s.completed).toBeFalsy();
        return errors.map((e) => e.extensions.requestId);
      });
      // Each subscriber's own id, the same on each of its results; never the other's.
      for (const own of ids) expect(own[0]).toBe(own[1]);
      expect(ids[0]?.[0]).toBeTruthy();
      expect(ids[0]?.[0]).not.toBe(ids[1]?.[0]);
    } finally {
      for (const s of subscribers) await s.close();
    }
  });

  it('frames the shared result with each operation id; an operation the client completed gets nothing more', async () => {
    const t = await newTenant();
    const after = await headOf(t.organization.id);
    // A raw graphql-transport-ws client: two operations of one document on one connection.
    const socket = new WebSocket(api.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: { id?: string; type: string; payload?: { data?: { activity: { sequence: number } } } }[] = [];
    // graphql-transport-ws messages are text frames (a browser hands a binary one over as a Blob).
    const binary: boolean[] = [];
    socket.on('message', (data, isBinary) => {
      binary.push(isBinary);
      messages.push(JSON.parse(data.toString()));
    });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${t.ownerKey}` } }));
    const query = 'subscription($after: String) { activity(after: $after) { sequence } }';
    await until(() => messages.some((m) => m.type === 'connection_ack'), 10_000);
    for (const id of ['one', 'two'])
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables: { after } } }));
    await new Promise((r) => setTimeout(r, 150));
    try {
      await create(t.ownerKey, 'framed-1');
      await until(() => messages.filter((m) => m.type === 'next').length === 2, 10_000);
      const first = Number(after) + 1;
      // Each operation once, under its own id (in no particular order).
      const byId = (a: { id?: string }, b: { id?: string }) => String(a.id).localeCompare(String(b.id));
      expect(messages.filter((m) => m.type === 'next').sort(byId)).toEqual([
        { id: 'one', type: 'next', payload: { data: { activity: { sequence: first } } } },
        { id: 'two', type: 'next', payload: { data: { activity: { sequence: first } } } },
      ]);
      socket.send(JSON.stringify({ id: 'one', type: 'complete' }));
      await new Promise((r) => setTimeout(r, 100));
      await create(t.ownerKey, 'framed-2');
      await until(() => messages.filter((m) => m.type === 'next').length === 3, 10_000);
      await new Promise((r) => setTimeout(r, 200));
      expect(messages.filter((m) => m.type === 'next').slice(2)).toEqual([
        { id: 'two', type: 'next', payload: { data: { activity: { sequence: first + 1 } } } },
      ]);
      expect(binary).not.toContain(true);
    } finally {
      socket.close();
    }
  });
});

describe('agentChanged', () => {
  it('pushes the agent and its versions after each change to it, and nothing for other agents', async () => {
    const t = await newTenant();
    const a = await t.agent({ slug: 'watched' });
    const other = await t.agent({ slug: 'other' });
    const live = await subscribeWs(api.url, AgentChanged, { agentId: encodeGlobalId('Agent', a.id) }, t.ownerKey);
    try {
      await t.version(other.id, '1.0.0', { publish: true });
      await t.version(a.id, '1.0.0', { publish: true });
      const received = await live.waitFor(3);
      // version.created, version.published, agent.activated
      expect(received.at(-1)?.agentChanged).toEqual({
        slug: 'watched',
        status: 'ACTIVE',
        currentVersion: { semver: '1.0.0' },
        versions: { totalCount: 1 },
      });
      expect(received.every((r) => r.agentChanged.slug === 'watched')).toBe(true);
    } finally {
      await live.close();
    }
  });
});
