import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '../../src/clock.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { refreshTrustScores } from '../../src/modules/trust/trust.service.js';
import { graphql } from '../gql/index.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { subscribeWs } from '../live.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
afterEach(() => clock.set());

const Trust = graphql(`
  query Trust($id: ID!) {
    agent(id: $id) {
      status
      trustScore { competence reliability honesty transparency overall tier causeVerb causeSequence explanation { kind ref dimension effect weight } }
      trustHistory(first: 10) { totalCount edges { node { overall causeVerb } } }
      currentVersion { trustScore { overall } }
    }
  }
`);
const Raise = graphql(`
  mutation RaiseForTrust($input: RaiseViolationInput!) { raiseViolation(input: $input) { __typename ... on ViolationPayload { violation { id } } } }
`);
const Ack = graphql(
  `mutation AckForTrust($input: AcknowledgeViolationInput!) { acknowledgeViolation(input: $input) { __typename } }`,
);
const ResolveV = graphql(
  `mutation ResolveForTrust($input: ResolveViolationInput!) { resolveViolation(input: $input) { __typename } }`,
);
const DismissV = graphql(
  `mutation DismissForTrust($input: DismissViolationInput!) { dismissViolation(input: $input) { __typename } }`,
);
const Attest = graphql(`
  mutation Attest($input: AddAttestationInput!) {
    addAttestation(input: $input) { __typename ... on AttestationPayload { attestation { id score } } ... on ValidationError { issues { path } } ... on NotFoundError { message } }
  }
`);
const RevokeAttestation = graphql(
  `mutation RevokeAttestation($input: RevokeAttestationInput!) { revokeAttestation(input: $input) { __typename } }`,
);
const ReportForTrust = graphql(
  `mutation ReportForTrust($input: ReportActionInput!) { reportAction(input: $input) { __typename ... on Decision { outcome } } }`,
);
const Settings = graphql(`
  mutation Settings($input: UpdateTrustSettingsInput!) {
    updateTrustSettings(input: $input) { __typename ... on TrustSettingsPayload { trustSettings } ... on ValidationError { issues { path } } }
  }
`);
const Changed = graphql(
  `subscription Changed($agentId: ID) { trustScoreChanged(agentId: $agentId) { overall causeVerb } }`,
);
const TrustNode = graphql(`query TrustNode($id: ID!) { node(id: $id) { id } }`);
const Dashboard = graphql(`
  query TrustDashboard($first: Int!) {
    agents(first: $first) {
      edges { node { trustScore { overall tier } openViolationCount violations(first: 5) { edges { node { severity } } } } }
    }
  }
`);

const PRIOR = { competence: 0.5, reliability: 0.5, honesty: 0.8, transparency: 0.8 };
const overallOf = (d: typeof PRIOR) => (d.competence + d.reliability + d.honesty + d.transparency) / 4;
const close = (x: number | undefined, y: number) => expect(x).toBeCloseTo(y, 5);

async function trustOf(t: Tenant, agentId: string) {
  const { agent } = await api.ok(Trust, { id: encodeGlobalId('Agent', agentId) }, t.ownerKey);
  if (!agent?.trustScore) throw new Error('no trust score');
  return agent;
}

async function raise(
  t: Tenant,
  agentId: string,
  severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL',
  category: 'DECEPTION' | 'TRANSPARENCY' | 'SAFETY',
) {
  const r = await api.ok(
    Raise,
    {
      input: { agentId: encodeGlobalId('Agent', agentId), severity, category, description: `${severity} ${category}` },
    },
    t.ownerKey,
  );
  if (r.raiseViolation.__typename !== 'ViolationPayload') throw new Error(r.raiseViolation.__typename);
  return r.raiseViolation.violation.id;
}

describe('trust scores', () => {
  it('a new agent starts at the stated prior', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const { trustScore } = await trustOf(t, a.id);
    expect(trustScore).toMatchObject({ ...PRIOR, overall: 0.65, tier: 'STANDARD', causeVerb: 'agent.created' });
    expect(trustScore?.explanation).toEqual([{ kind: 'prior', ref: null, dimension: null, effect: 0, weight: 1 }]);
  });

  it('a violation lowers its dimension; resolving halves its penalty, dismissing removes it — as the formula says', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const violationId = await raise(t, a.id, 'HIGH', 'DECEPTION');
    const raised = await trustOf(t, a.id);
    const honesty = 0.8 * Math.exp(-0.35);
    close(raised.trustScore?.honesty, honesty);
    close(raised.trustScore?.overall, overallOf({ ...PRIOR, honesty }));
    const event = await prisma.activityEvent.findFirstOrThrow({ where: { agentId: a.id, verb: 'violation.raised' } });
    expect(raised.trustScore).toMatchObject({ causeVerb: 'violation.raised', causeSequence: event.sequence });
    const input = raised.trustScore?.explanation.find((i) => i.kind === 'violation');
    expect(input).toMatchObject({ dimension: 'honesty', weight: 1 });
    close(input?.effect, overallOf({ ...PRIOR, honesty }) - 0.65);

    await api.ok(Ack, { input: { violationId } }, t.ownerKey);
    await api.ok(ResolveV, { input: { violationId, note: 'fixed' } }, t.ownerKey);
    close((await trustOf(t, a.id)).trustScore?.honesty, 0.8 * Math.exp(-0.175));

    const second = await raise(t, a.id, 'LOW', 'TRANSPARENCY');
    close((await trustOf(t, a.id)).trustScore?.transparency, 0.8 * Math.exp(-0.05));
    await api.ok(Ack, { input: { violationId: second } }, t.ownerKey);
    await api.ok(DismissV, { input: { violationId: second, reason: 'not one' } }, t.ownerKey);
    const after = await trustOf(t, a.id);
    close(after.trustScore?.transparency, 0.8);
    expect(after.trustHistory.edges.map((e) => e.node.causeVerb)).toEqual([
      'violation.dismissed',
      'violation.raised',
      'violation.resolved',
      'violation.raised',
      'agent.created',
    ]);
  });

  it('time passing decays a violation by its half-life (clock controlled by the test)', async () => {
    const t = await newTenant();
    const a = await t.agent();
    await raise(t, a.id, 'CRITICAL', 'DECEPTION');
    close((await trustOf(t, a.id)).trustScore?.honesty, 0.8 * Math.exp(-0.7));
    const start = Date.now();
    clock.set(() => new Date(start + 30 * 86_400_000)); // one default half-life
    await refreshTrustScores(t.organization.id);
    const later = await trustOf(t, a.id);
    close(later.trustScore?.honesty, 0.8 * Math.exp(-0.35));
    expect(later.trustScore?.causeVerb).toBe('trust.decay');
    expect(later.trustScore?.explanation.find((i) => i.kind === 'violation')?.weight).toBeCloseTo(0.5, 3);
  });

  it('attestations raise competence until revoked; reported outcomes move reliability', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const r = await api.ok(
      Attest,
      {
        input: {
          agentId: encodeGlobalId('Agent', a.id),
          issuer: 'Eval suite',
          claim: 'passes 98% of regression set',
          score: 1,
        },
      },
      t.ownerKey,
    );
    if (r.addAttestation.__typename !== 'AttestationPayload') throw new Error(r.addAttestation.__typename);
    close((await trustOf(t, a.id)).trustScore?.competence, (2 * 0.5 + 1) / 3);
    await api.ok(RevokeAttestation, { input: { attestationId: r.addAttestation.attestation.id } }, t.ownerKey);
    close((await trustOf(t, a.id)).trustScore?.competence, 0.5);
    await t.version(a.id, '1.0.0', { publish: true });
    await api.ok(
      ReportForTrust,
      { input: { agentId: encodeGlobalId('Agent', a.id), action: 'ticket.reply', succeeded: false } },
      t.ownerKey,
    );
    const afterFailure = await trustOf(t, a.id);
    close(afterFailure.trustScore?.reliability, (2 * 0.5 + 0) / 3);
    expect(afterFailure.currentVersion?.trustScore?.overall).toBeCloseTo(afterFailure.trustScore?.overall ?? 0, 5);
    const bad = await api.ok(
      Attest,
      { input: { agentId: encodeGlobalId('Agent', a.id), issuer: 'x', claim: 'y', score: 1.5 } },
      t.ownerKey,
    );
    expect(bad.addAttestation).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'score'] }] });
    const past = await api.ok(
      Attest,
      {
        input: {
          agentId: encodeGlobalId('Agent', a.id),
          issuer: 'x',
          claim: 'y',
          score: 1,
          expiresAt: '2020-01-01T00:00:00Z',
        },
      },
      t.ownerKey,
    );
    expect(past.addAttestation).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'expiresAt'] }],
    });
  });

  it('an attestation stops counting once it expires', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const start = Date.now();
    await api.ok(
      Attest,
      {
        input: {
          agentId: encodeGlobalId('Agent', a.id),
          issuer: 'Audit',
          claim: 'SOC 2',
          score: 0.9,
          expiresAt: new Date(start + 86_400_000).toISOString(),
        },
      },
      t.ownerKey,
    );
    close((await trustOf(t, a.id)).trustScore?.competence, (2 * 0.5 + 0.9) / 3);
    clock.set(() => new Date(start + 2 * 86_400_000));
    await refreshTrustScores(t.organization.id);
    close((await trustOf(t, a.id)).trustScore?.competence, 0.5);
  });

  it('suspends an ACTIVE agent that falls below the minimum, with an event and a violation by the system', async () => {
    const t = await newTenant();
    const a = await t.agent();
    await t.version(a.id, '1.0.0', { publish: true });
    const set = await api.ok(Settings, { input: { trustSettings: { minimumOverall: 0.6 } } }, t.ownerKey);
    expect(set.updateTrustSettings).toMatchObject({ trustSettings: { minimumOverall: 0.6, halfLifeDays: 30 } });
    expect((await trustOf(t, a.id)).status).toBe('ACTIVE');
    await raise(t, a.id, 'CRITICAL', 'DECEPTION');
    expect((await trustOf(t, a.id)).status).toBe('SUSPENDED');
    const suspended = await prisma.activityEvent.findFirstOrThrow({
      where: { agentId: a.id, verb: 'agent.suspended' },
    });
    expect(suspended.actorType).toBe('SYSTEM');
    const system = await prisma.violation.findFirstOrThrow({ where: { agentId: a.id, raisedByType: 'SYSTEM' } });
    expect(system).toMatchObject({ category: 'SAFETY', severity: 'HIGH' });
    expect(system.description).toMatch(/below the minimum 0.6/);
  });

  it('decisions racing the violation that suspends the agent (below the minimum) are decided before it or refused: no ALLOW follows agent.suspended', async () => {
    const t = await newTenant();
    await api.ok(Settings, { input: { trustSettings: { minimumOverall: 0.6 } } }, t.ownerKey);
    for (let round = 0; round < 4; round++) {
      const a = await t.agent();
      await t.version(a.id, '1.0.0', { publish: true });
      const evaluate = () =>
        postGraphQL(
          api.url,
          `mutation($input: EvaluateActionInput!) { evaluateAction(input: $input) { __typename } }`,
          { input: { agentId: encodeGlobalId('Agent', a.id), action: 'kb.search', scopes: ['kb:read'] } },
          t.ownerKey,
        );
      const before = Array.from({ length: 10 }, evaluate);
      const raised = raise(t, a.id, 'CRITICAL', 'DECEPTION');
      await Promise.all([...before, ...Array.from({ length: 10 }, evaluate), raised]);
      const log = await prisma.activityEvent.findMany({
        where: { agentId: a.id, verb: { in: ['agent.suspended', 'decision.recorded'] } },
        orderBy: { sequence: 'asc' },
        select: { verb: true, sequence: true, payload: true },
      });
      const suspendedAt = log.find((e) => e.verb === 'agent.suspended')?.sequence ?? 0;
      expect(suspendedAt).toBeGreaterThan(0);
      const allowedAfter = log.filter(
        (e) => e.sequence > suspendedAt && (e.payload as { outcome?: string }).outcome === 'ALLOW',
      );
      expect(allowedAfter).toEqual([]);
    }
  });

  it('settings are validated and need settings:write', async () => {
    const t = await newTenant();
    const bad = await api.ok(Settings, { input: { trustSettings: { halfLifeDays: -1 } } }, t.ownerKey);
    expect(bad.updateTrustSettings).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'trustSettings', 'halfLifeDays'] }],
    });
    const governor = await t.member('GOVERNOR');
    expect((await api.gql(Settings, { input: { trustSettings: {} } }, governor.jwt)).errors?.[0]?.extensions.code).toBe(
      'FORBIDDEN',
    );
  });

  it('trustScoreChanged pushes each change; another organization sees nothing', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const a = await t.agent();
    const live = await subscribeWs(api.url, Changed, { agentId: encodeGlobalId('Agent', a.id) }, t.ownerKey);
    const spy = await subscribeWs(api.url, Changed, {}, other.ownerKey);
    try {
      await raise(t, a.id, 'MEDIUM', 'SAFETY');
      const [change] = await live.waitFor(1);
      expect(change?.trustScoreChanged.causeVerb).toBe('violation.raised');
      close(change?.trustScoreChanged.overall, overallOf({ ...PRIOR, reliability: 0.5 * Math.exp(-0.15) }));
      await new Promise((r) => setTimeout(r, 200));
      expect(spy.data).toEqual([]);
    } finally {
      await live.close();
      await spy.close();
    }
  });

  it("another organization's trust scores and agents are out of reach", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const a = await other.agent();
    const score = await prisma.trustScore.findFirstOrThrow({ where: { agentId: a.id } });
    expect((await api.ok(TrustNode, { id: encodeGlobalId('TrustScore', score.id) }, t.ownerKey)).node).toBeNull();
    const r = await api.ok(
      Attest,
      { input: { agentId: encodeGlobalId('Agent', a.id), issuer: 'x', claim: 'y', score: 1 } },
      t.ownerKey,
    );
    expect(r.addAttestation.__typename).toBe('NotFoundError');
  });

  it('the trust dashboard costs the same SQL statements for 5 and for 50 agents', async () => {
    const t = await newTenant();
    // Authenticate right before counting (the key cache lasts API_KEY_CACHE_SECONDS).
    const count = async (first: number) => {
      await api.ok(Dashboard, { first: 1 }, t.ownerKey);
      return (await api.statements(() => api.ok(Dashboard, { first }, t.ownerKey))).length;
    };
    for (let i = 0; i < 50; i++) {
      const a = await t.agent();
      await raise(t, a.id, 'LOW', 'SAFETY');
    }
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
  });
});
