// Issue 17 §3: notifications. Made per member from activity events by the organization's rules
// (a consumer of the log: none lost, none made twice, across server processes), only for members
// who may read what they are about, never for the member who caused them, never of a muted kind;
// read through notifications / unreadNotificationCount / notificationAdded, marked read by ids or all.
import { parse } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { raiseViolation } from '../../src/modules/violations/violations.service.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { subscribeWs } from '../live.js';
import { startSecondServer, stopProcess } from '../process.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

type Body = {
  data?: Record<string, Record<string, unknown> | number>;
  errors?: { message: string; extensions?: { code?: string } }[];
};
const post = (query: string, variables: unknown, token: string, url = api.url) =>
  postGraphQL<Body>(url, query, variables, token).then((r) => r.body);

const Raise = `mutation($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename } }`;
const Inbox = `query($filter: NotificationsFilter) { unreadNotificationCount
  notifications(first: 100, filter: $filter) { totalCount edges { node { id kind title verb subjectId agentId read } } } }`;

let t: Tenant;
let agentGid: string;
let agentId: string;
beforeEach(async () => {
  t = await newTenant('Notified');
  const a = await t.agent({ slug: 'watched' });
  await t.version(a.id, '1.0.0', { publish: true });
  agentId = a.id;
  agentGid = encodeGlobalId('Agent', a.id);
});

const raise = (severity: string, token = t.ownerKey, url = api.url) =>
  post(
    Raise,
    { input: { agentId: agentGid, severity, category: 'SAFETY', description: `a ${severity} one` } },
    token,
    url,
  );

type Inboxed = {
  unreadNotificationCount: number;
  notifications: { totalCount: number; edges: { node: Record<string, unknown> }[] };
};
const inbox = async (token: string, filter: Record<string, unknown> = {}) => {
  const r = await post(Inbox, { filter }, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as unknown as Inboxed;
};

/** Waits until `count(userId)` notifications exist (the consumer runs after the commit). */
async function settle(expected: () => Promise<boolean>, ms = 10_000) {
  const began = Date.now();
  while (!(await expected())) {
    if (Date.now() - began > ms) throw new Error('notifications did not arrive');
    await new Promise((r) => setTimeout(r, 50));
  }
}
const countFor = (userId: string, kind?: string) =>
  prisma.notification.count({
    where: { userId, organizationId: t.organization.id, ...(kind ? { kind: kind as never } : {}) },
  });

describe('notifications', () => {
  it('a HIGH violation notifies every member who may read violations, with what it is about; MEDIUM does not by default', async () => {
    const viewer = await t.member('VIEWER');
    await raise('MEDIUM');
    await raise('HIGH');
    await settle(async () => (await countFor(viewer.userId)) === 1);
    const seen = await inbox(viewer.jwt);
    expect(seen.unreadNotificationCount).toBe(1);
    expect(seen.notifications.edges[0]?.node).toMatchObject({
      kind: 'VIOLATION_RAISED',
      title: 'HIGH SAFETY violation raised',
      verb: 'violation.raised',
      agentId: agentGid,
      read: false,
    });
    const violation = await prisma.violation.findFirstOrThrow({ where: { agentId, severity: 'HIGH' } });
    expect(seen.notifications.edges[0]?.node.subjectId).toBe(encodeGlobalId('Violation', violation.id));
    expect(await countFor(t.owner.id)).toBe(1);
  });

  it('the rules are editable: MEDIUM from now on, or a kind switched off; a bad rule changes nothing', async () => {
    const viewer = await t.member('VIEWER');
    const Rules = `mutation($input: UpdateNotificationRulesInput!) { updateNotificationRules(input: $input) {
      __typename ... on NotificationRulesPayload { rules { kind enabled minSeverity } } ... on ValidationError { issues { message } } } }`;
    const bad = await post(
      Rules,
      { input: { rules: [{ kind: 'TASK_FAILED', enabled: true, minSeverity: 'LOW' }] } },
      t.ownerKey,
    );
    expect(bad.data?.updateNotificationRules).toMatchObject({ __typename: 'ValidationError' });
    const changed = await post(
      Rules,
      { input: { rules: [{ kind: 'VIOLATION_RAISED', enabled: true, minSeverity: 'MEDIUM' }] } },
      t.ownerKey,
    );
    expect(
      (changed.data?.updateNotificationRules as { rules: { kind: string; minSeverity: string }[] }).rules,
    ).toContainEqual({
      kind: 'VIOLATION_RAISED',
      enabled: true,
      minSeverity: 'MEDIUM',
    });
    await raise('MEDIUM');
    await settle(async () => (await countFor(viewer.userId)) === 1);
    await post(Rules, { input: { rules: [{ kind: 'VIOLATION_RAISED', enabled: false }] } }, t.ownerKey);
    await raise('CRITICAL');
    await raise('CRITICAL');
    // Something later that does notify proves the consumer has read past the two.
    await post(
      `mutation { haltAgents(input: { reason: "drill", agentIds: ["${agentGid}"] }) { __typename } }`,
      {},
      t.ownerKey,
    );
    await settle(async () => (await countFor(viewer.userId, 'EMERGENCY_STOP')) === 1);
    expect(await countFor(viewer.userId, 'VIOLATION_RAISED')).toBe(1);
    const org = await post(`{ viewer { organization { notificationRules { kind enabled } } } }`, {}, t.ownerKey);
    expect(JSON.stringify(org.data)).toContain('{"kind":"VIOLATION_RAISED","enabled":false}');
  });

  it('an approval request notifies only those who may decide (not OPERATOR or VIEWER); its answer only the one who asked', async () => {
    await t.policy('CONTENT', { requireApproval: ['^prod://'] });
    const governor = await t.member('GOVERNOR');
    const operator = await t.member('OPERATOR');
    const viewer = await t.member('VIEWER');
    const asked = await post(
      `mutation($input: EvaluateActionInput!) { evaluateAction(input: $input) { ... on Decision { approvalRequest { id } } } }`,
      { input: { agentId: agentGid, action: 'deploy', resource: 'prod://web' } },
      operator.jwt,
    );
    const requestId = (asked.data?.evaluateAction as { approvalRequest: { id: string } }).approvalRequest.id;
    await settle(async () => (await countFor(governor.userId, 'APPROVAL_REQUESTED')) === 1);
    expect(await countFor(t.owner.id, 'APPROVAL_REQUESTED')).toBe(1);
    expect(await countFor(operator.userId, 'APPROVAL_REQUESTED')).toBe(0);
    expect(await countFor(viewer.userId, 'APPROVAL_REQUESTED')).toBe(0);
    await post(
      `mutation($input: DecideApprovalRequestInput!) { decideApprovalRequest(input: $input) { __typename } }`,
      { input: { approvalRequestId: requestId, decision: 'APPROVE', note: 'go' } },
      governor.jwt,
    );
    await settle(async () => (await countFor(operator.userId, 'APPROVAL_DECIDED')) === 1);
    const [answer] = (await inbox(operator.jwt, { kinds: ['APPROVAL_DECIDED'] })).notifications.edges;
    expect(answer?.node).toMatchObject({ title: 'Approval granted: go', subjectId: requestId });
    expect(await countFor(governor.userId, 'APPROVAL_DECIDED')).toBe(0);
    expect(await countFor(t.owner.id, 'APPROVAL_DECIDED')).toBe(0);
  });

  it('marking read by ids (others’ ids change nothing) and all; muting a kind stops it for that member only', async () => {
    const viewer = await t.member('VIEWER');
    const governor = await t.member('GOVERNOR');
    await raise('HIGH');
    await raise('CRITICAL');
    await settle(async () => (await countFor(viewer.userId)) === 2 && (await countFor(governor.userId)) === 2);
    const mine = (await inbox(viewer.jwt)).notifications.edges.map((e) => e.node.id as string);
    const theirs = (await inbox(governor.jwt)).notifications.edges.map((e) => e.node.id as string);
    const Mark = `mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) {
      __typename ... on MarkNotificationsReadPayload { marked unreadCount } ... on ValidationError { issues { message } } } }`;
    expect((await post(Mark, { input: { ids: theirs } }, viewer.jwt)).data?.markNotificationsRead).toMatchObject({
      marked: 0,
      unreadCount: 2,
    });
    expect((await post(Mark, { input: { ids: [mine[0]] } }, viewer.jwt)).data?.markNotificationsRead).toMatchObject({
      marked: 1,
      unreadCount: 1,
    });
    expect((await inbox(viewer.jwt, { unread: true })).notifications.totalCount).toBe(1);
    expect((await post(Mark, { input: {} }, viewer.jwt)).data?.markNotificationsRead).toMatchObject({
      __typename: 'ValidationError',
    });
    expect((await post(Mark, { input: { all: true } }, viewer.jwt)).data?.markNotificationsRead).toMatchObject({
      marked: 1,
      unreadCount: 0,
    });
    expect((await inbox(governor.jwt)).unreadNotificationCount).toBe(2);

    const Mute = `mutation($input: MuteNotificationKindsInput!) { muteNotificationKinds(input: $input) { ... on MuteNotificationKindsPayload { mutedKinds } } }`;
    expect(
      (await post(Mute, { input: { kinds: ['VIOLATION_RAISED'] } }, viewer.jwt)).data?.muteNotificationKinds,
    ).toEqual({
      mutedKinds: ['VIOLATION_RAISED'],
    });
    await raise('HIGH');
    await settle(async () => (await countFor(governor.userId)) === 3);
    expect(await countFor(viewer.userId)).toBe(2);
  });

  it('notificationAdded pushes a member’s own notifications as they are made, not another member’s', async () => {
    const viewer = await t.member('VIEWER');
    const other = await newTenant('Other');
    const live = await subscribeWs<{ notificationAdded: { kind: string; title: string } }, unknown>(
      api.url,
      parse(`subscription { notificationAdded { kind title } }`) as never,
      {},
      viewer.jwt,
    );
    const outsider = await subscribeWs<{ notificationAdded: { kind: string } }, unknown>(
      api.url,
      parse(`subscription { notificationAdded { kind } }`) as never,
      {},
      other.ownerJwt,
    );
    try {
      await raise('CRITICAL');
      const [first] = await live.waitFor(1);
      expect(first?.notificationAdded).toEqual({ kind: 'VIOLATION_RAISED', title: 'CRITICAL SAFETY violation raised' });
      await new Promise((r) => setTimeout(r, 300));
      expect(outsider.data).toEqual([]);
    } finally {
      await live.close();
      await outsider.close();
    }
  });

  it('an agent’s key and a customer have no inbox', async () => {
    const key = await t.agentKey(agentId, ['notifications:read']);
    await raise('HIGH');
    await settle(async () => (await countFor(t.owner.id)) === 1);
    expect(await inbox(key)).toMatchObject({ unreadNotificationCount: 0, notifications: { totalCount: 0 } });
    const mute = await post(
      `mutation { muteNotificationKinds(input: { kinds: [VIOLATION_RAISED] }) { __typename ... on Error { code } } }`,
      {},
      key,
    );
    expect(mute.data).toEqual({ muteNotificationKinds: { __typename: 'NotFoundError', code: 'NOT_FOUND' } });
  });

  it('two server processes consuming the same log make each notification exactly once and lose none', async () => {
    const viewer = await t.member('VIEWER');
    const second = await startSecondServer(api.databaseUrl, { EVENT_CONSUMER_INTERVAL_MS: '20' });
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          i % 2 ? raise('HIGH', t.ownerKey, second.url) : raiseViolation(t.caller, violationInput()),
        ),
      );
      await settle(async () => (await countFor(viewer.userId)) >= 30, 20_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(await countFor(viewer.userId)).toBe(30);
      const events = await prisma.activityEvent.count({
        where: { organizationId: t.organization.id, verb: 'violation.raised' },
      });
      expect(events).toBe(30);
    } finally {
      await stopProcess(second.server.child);
    }
  });
});

const violationInput = () =>
  ({
    agentId,
    versionGiven: false,
    versionId: null,
    policyKey: null,
    severity: 'HIGH',
    category: 'SAFETY',
    description: 'in process',
    evidence: {},
  }) as unknown as Parameters<typeof raiseViolation>[1];
