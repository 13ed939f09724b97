// Scope and binding, searched for rather than listed. A key holding every read scope and no other
// calls every mutation of the schema with arguments naming its own organization's objects (so a
// call gets as far as it can): each is refused and nothing changes. A key bound to an agent gives
// every ID position another agent, or an object of another agent, of its organization: each
// answers as an ID that names nothing. The mutations come from the schema, so a new one is
// covered when it is added.
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { schema } from '../../src/graphql/schema.js';
import { prisma, useTestApi } from '../harness.js';
import {
  answersAsAbsentIn,
  callOf,
  harvest,
  organizationTables,
  populate,
  rootFields,
  send,
  settledSnapshot,
  snapshot,
  typeOfPosition,
} from '../schema-calls.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
let t: Tenant;
let ids: Map<string, string[]>;
let tables: string[];
let readOnly: string;

beforeAll(async () => {
  tables = await organizationTables();
  t = await newTenant('Scopes');
  await populate(api.url, t, 's');
  ids = await harvest(t, tables);
  readOnly = await t.key(ALL_SCOPES.filter((s) => s.endsWith(':read')));
}, 120_000);

const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
/** A person's own inbox: notifications:read lets a person mark and mute their notifications. */
const OWN_INBOX = new Set(['markNotificationsRead', 'muteNotificationKinds']);

const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1] as string;

async function outcome(field: (typeof mutations)[number], variables: unknown, query: string, key: string) {
  const { body } = await send(api.url, query, variables, key);
  const result = (body.data as Record<string, { __typename?: string; code?: string }> | null)?.[field.name];
  return body.errors?.[0]?.extensions?.code ?? result?.code ?? `ok ${result?.__typename}`;
}

describe('a key with every read scope and no write scope', () => {
  it('is refused every mutation (FORBIDDEN, or bad input), and nothing changes', async () => {
    // The key's first use records lastUsedAt; after that, nothing may change.
    await send(api.url, '{ __typename }', {}, readOnly);
    const before = await settledSnapshot(t.organization.id, tables);
    const own = (n: string) => ids.get(typeOfPosition(n) ?? '')?.[0] ?? '';
    const outcomes: Record<string, string> = {};
    for (const field of mutations.filter((m) => !OWN_INBOX.has(m.name))) {
      const { query, variables } = callOf({ kind: 'mutation', field }, own);
      outcomes[field.name] = await outcome(field, variables, query, readOnly);
    }
    const allowed = Object.entries(outcomes).filter(([, o]) => o.startsWith('ok'));
    expect(allowed).toEqual([]);
    // Most are refused for their scope; the rest for an ID the call cannot use (an invitation is
    // the invitee's; a list of IDs left empty), never for having run.
    const forbidden = Object.values(outcomes).filter((o) => o === 'FORBIDDEN').length;
    expect(forbidden).toBeGreaterThan(mutations.length - 10);
    const after = await snapshot(t.organization.id, tables);
    expect(after).toEqual(before);
  }, 120_000);
});

/** Where an agent names other agents as counterparts: the participants of a context, whom a message is for. */
const COUNTERPARTS = new Set([
  'createContext input.participants.0.agentId',
  'addContextParticipant input.agentId',
  'removeContextParticipant input.agentId',
  'postContextMessage input.toAgentIds',
]);

describe("an agent's own key", () => {
  const counterpart = (label: string) => COUNTERPARTS.has(label);

  it('finds every other agent of its organization as good as missing, in every mutation', async () => {
    // The key of the first agent, with every scope; the other agent is the second.
    const [self, other] = ids.get('Agent') ?? [];
    const key = await t.agentKey(uuidOf(self as string), ALL_SCOPES);
    const own = (n: string) => ids.get(typeOfPosition(n) ?? '')?.[0] ?? '';
    const theirs = new Map([['Agent', other as string]]);
    const { differs, compared } = await answersAsAbsentIn(
      api.url,
      key,
      rootFields('mutation'),
      theirs,
      own,
      (label, type) => counterpart(label) || typeOfPosition(label.split(/[ .]/).pop() ?? '') !== type,
    );
    expect(differs).toEqual([]);
    expect(compared).toBeGreaterThan(20);
  }, 120_000);

  it('finds each object of another agent (its versions, tasks, reservations, budgets, trials, …) as good as missing', async () => {
    // The key of the second agent; the first holds an object of nearly every type.
    const [owner, self] = (ids.get('Agent') ?? []).map(uuidOf);
    const key = await t.agentKey(self as string, ALL_SCOPES);
    const theirs = new Map<string, string>();
    const mine = new Map<string, string>();
    for (const table of tables) {
      const rows = await prisma
        .$queryRawUnsafe<{ id: string; agent: string }[]>(
          `SELECT DISTINCT ON ("agentId") id::text, "agentId"::text AS agent FROM "${table}"
            WHERE "organizationId" = $1::uuid AND "agentId" IN ($2::uuid, $3::uuid) ORDER BY "agentId", id`,
          t.organization.id,
          owner,
          self,
        )
        .catch(() => []);
      for (const row of rows) (row.agent === owner ? theirs : mine).set(table, encodeGlobalId(table, row.id));
    }
    expect(theirs.size).toBeGreaterThan(8);
    const id = (n: string) => mine.get(typeOfPosition(n) ?? '') ?? ids.get(typeOfPosition(n) ?? '')?.[0] ?? '';
    const { differs, compared } = await answersAsAbsentIn(
      api.url,
      key,
      rootFields('mutation'),
      theirs,
      id,
      (label, type) => counterpart(label) || type === 'Agent',
    );
    expect(differs).toEqual([]);
    expect(compared).toBeGreaterThan(30);
  }, 180_000);
});

describe("an agent's own key and the organization's acts", () => {
  it('cannot create API keys, call or lift an emergency stop, run an audit, or add or revoke an attestation on itself: a ConflictError, and nothing changes', async () => {
    const self = ids.get('Agent')?.[0] as string;
    const key = await t.agentKey(Buffer.from(self, 'base64url').toString().split(':')[1] as string, ALL_SCOPES);
    await send(api.url, '{ __typename }', {}, key);
    // An attestation on the key's own agent, added by a person: revoking it would move the agent's trust.
    const own = await prisma.attestation.findFirstOrThrow({ where: { agentId: uuidOf(self), revokedAt: null } });
    const before = await settledSnapshot(t.organization.id, tables);
    const calls: [string, string, Record<string, unknown>][] = [
      ['createApiKey', 'CreateApiKeyInput', { name: 'unbound', scopes: ['agents:read'] }],
      ['createApiKey', 'CreateApiKeyInput', { name: 'bound to itself', scopes: ['agents:read'], agentId: self }],
      ['haltAgents', 'HaltAgentsInput', { reason: 'whole organization' }],
      ['haltAgents', 'HaltAgentsInput', { reason: 'itself', agentIds: [self] }],
      ['resumeAgents', 'ResumeAgentsInput', {}],
      ['runComplianceAudit', 'RunComplianceAuditInput', {}],
      ['addAttestation', 'AddAttestationInput', { agentId: self, claim: 'me', issuer: 'me', score: 1 }],
      ['revokeAttestation', 'RevokeAttestationInput', { attestationId: encodeGlobalId('Attestation', own.id) }],
    ];
    for (const [field, type, input] of calls) {
      const query = `mutation($input: ${type}!) { ${field}(input: $input) { __typename ... on Error { code message } } }`;
      const { body } = await send(api.url, query, { input }, key);
      const result = (body.data as Record<string, { code?: string; message?: string }>)[field];
      expect(result?.code, `${field} ${JSON.stringify(input)}`).toBe('CONFLICT');
      expect(result?.message).toMatch(/^An agent cannot .+; a person must\.$/);
    }
    expect(await snapshot(t.organization.id, tables)).toEqual(before);
  });
});

describe("a customer's JWT and another customer's trial", () => {
  it('finds the other customer, its trial, its deliverables and its trial tasks as good as missing, in every root field', async () => {
    const { signJwt } = await import('../seed.js');
    const first = await prisma.trial.findFirstOrThrow({ where: { organizationId: t.organization.id } });
    // A second customer of the organization, with a trial of its own.
    await send(
      api.url,
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { __typename } }',
      {
        i: { email: 'second@example.com', name: 'Second' },
      },
      t.ownerKey,
    );
    const second = await prisma.customer.findFirstOrThrow({
      where: { organizationId: t.organization.id, email: 'second@example.com' },
    });
    const jwt = await signJwt({ sub: second.id, org: t.organization.id });
    const agentId = ids.get('Agent')?.[0] as string;
    const started = await send(
      api.url,
      'mutation($i: StartTrialInput!) { startTrial(input: $i) { __typename ... on Error { message } } }',
      { i: { agentId } },
      jwt,
    );
    expect(JSON.stringify(started.body)).toContain('TrialPayload');
    const own = await prisma.trial.findFirstOrThrow({ where: { customerId: second.id } });
    const objects = async (trial: { id: string; customerId: string }) => {
      const found = new Map([
        ['Trial', encodeGlobalId('Trial', trial.id)],
        ['Customer', encodeGlobalId('Customer', trial.customerId)],
      ]);
      const deliverable = await prisma.trialDeliverable.findFirst({ where: { trialId: trial.id } });
      if (deliverable) found.set('TrialDeliverable', encodeGlobalId('TrialDeliverable', deliverable.id));
      const task = await prisma.task.findFirst({ where: { trialId: trial.id } });
      if (task) found.set('Task', encodeGlobalId('Task', task.id));
      return found;
    };
    const theirs = await objects(first);
    const mine = await objects(own);
    const id = (n: string) => mine.get(typeOfPosition(n) ?? '') ?? ids.get(typeOfPosition(n) ?? '')?.[0] ?? '';
    const { differs, compared } = await answersAsAbsentIn(api.url, jwt, rootFields('query', 'mutation'), theirs, id);
    expect(differs).toEqual([]);
    expect(compared).toBeGreaterThan(20);
  }, 180_000);
});

describe("a member and another member's notifications", () => {
  it("finds another member's notifications as good as missing, in every root field", async () => {
    const mine = await t.member('GOVERNOR');
    const theirs = await prisma.notification.findFirst({
      where: { organizationId: t.organization.id, userId: t.owner.id },
    });
    expect(theirs).not.toBeNull();
    const foreign = new Map([['Notification', encodeGlobalId('Notification', theirs?.id as string)]]);
    const id = (n: string) => ids.get(typeOfPosition(n) ?? '')?.[0] ?? '';
    const { differs, compared } = await answersAsAbsentIn(
      api.url,
      mine.jwt,
      rootFields('query', 'mutation'),
      foreign,
      id,
      (label) => !/notification|node/i.test(label),
    );
    expect(differs).toEqual([]);
    expect(compared).toBeGreaterThan(1);
    const after = await prisma.notification.findUniqueOrThrow({ where: { id: theirs?.id as string } });
    expect(after.readAt).toEqual(theirs?.readAt);
  }, 120_000);
});
