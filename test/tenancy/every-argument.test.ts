// Tenancy, searched for rather than listed: every ID a root field takes — an argument, a field of
// its input or filter, an item of a list — is given a real object of another organization, and
// must answer exactly as an ID of the same type that names nothing. The other organization's
// rows stay as they were and its log records nothing of the attempt. The positions and the
// objects come from the schema and the database, so a new mutation, filter or type is covered
// the day it is added.
import { randomUUID } from 'node:crypto';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { schema } from '../../src/graphql/schema.js';
import { prisma, useTestApi } from '../harness.js';
import { type Received, subscribeWs } from '../live.js';
import { newTenant, type Tenant, validManifest } from '../seed.js';

const api = useTestApi();

async function send(query: string, variables: unknown, key: string) {
  const res = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
  };
}

/** A mutation that must succeed: no GraphQL error and no Error member of its result union. */
async function must(t: Tenant, field: string, input: Record<string, unknown>) {
  const query = `mutation($input: ${inputTypeOf(field)}!) { ${field}(input: $input) { __typename ... on Error { code message } } }`;
  const { body } = await send(query, { input }, t.ownerKey);
  const result = (body.data as Record<string, { __typename: string; message?: string }> | null)?.[field];
  if (body.errors || !result || result.message) throw new Error(`${field}: ${JSON.stringify(body.errors ?? result)}`);
}

function inputTypeOf(field: string): string {
  const arg = schema
    .getMutationType()
    ?.getFields()
    [field]?.args.find((a) => a.name === 'input');
  return getNamedType(arg?.type as GraphQLInputType).name;
}

/** The tables whose rows belong to one organization, by their GraphQL type (the model's name). */
async function organizationTables(): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ table: string }[]>`
    SELECT table_name AS table FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name = 'organizationId' ORDER BY 1`;
  return rows.map((r) => r.table);
}

/** One organization with an object of (nearly) every type, made through the API as its owner. */
async function populate(t: Tenant, tag: string) {
  const agent = await t.agent({ slug: `main-${tag}` });
  const other = await t.agent({ slug: `other-${tag}` });
  const version = await t.version(agent.id, '1.0.0', { publish: true });
  await t.version(other.id, '1.0.0', { publish: true });
  const gid = (type: string, id: string) => encodeGlobalId(type, id);
  const agentId = gid('Agent', agent.id);
  const versionId = gid('AgentVersion', version.id);
  await t.budget({ agentId: agent.id, limit: '1000' });
  await t.policy('CONTENT', { deny: ['^pii://'], requireApproval: ['^prod://'] });
  await must(t, 'createService', { key: `svc-${tag}`, name: 'Search', unit: 'call', unitPrice: '0.01' });
  await must(t, 'authorizeSpend', { agentId, quantity: '1', service: `svc-${tag}`, requestKey: `r-${tag}` });
  await must(t, 'raiseViolation', { agentId, category: 'ACCOUNTABILITY', description: 'late', severity: 'HIGH' });
  await must(t, 'addAttestation', { agentId, claim: 'soc2', issuer: 'auditor', score: 0.9 });
  await must(t, 'createCustomer', { email: `c-${tag}@example.com`, name: 'Customer' });
  const customer = await prisma.customer.findFirstOrThrow({ where: { organizationId: t.organization.id } });
  await must(t, 'startTrial', { agentId, customerId: gid('Customer', customer.id) });
  const trial = await prisma.trial.findFirstOrThrow({ where: { organizationId: t.organization.id } });
  await must(t, 'addTrialDeliverable', { trialId: gid('Trial', trial.id), title: 'Report', content: 'done' });
  await must(t, 'createContext', {
    name: 'Room',
    collaborationModel: 'CONSENSUS',
    participants: [{ agentId }, { agentId: gid('Agent', other.id) }],
  });
  const context = await prisma.agentContext.findFirstOrThrow({ where: { organizationId: t.organization.id } });
  const contextId = gid('AgentContext', context.id);
  await must(t, 'postContextMessage', { contextId, fromAgentId: agentId, type: 'BROADCAST', content: { text: 'hi' } });
  await must(t, 'createTask', { agentId, goal: 'work', contextId });
  await must(t, 'createSkill', { key: `skill-${tag}`, name: 'Skill', category: 'ops' });
  const skill = await prisma.skill.findFirstOrThrow({ where: { organizationId: t.organization.id } });
  await must(t, 'createJobRole', { name: 'Role', requiredSkillIds: [gid('Skill', skill.id)] });
  await must(t, 'createWebhookEndpoint', { url: 'https://example.com/hook', events: ['violation.raised'] });
  await must(t, 'deployAgentVersion', {
    versionId,
    environment: 'prod',
    endpointUrl: 'https://example.com/agent',
    healthCheckUrl: 'https://example.com/health',
  });
  await must(t, 'installAgentVersion', { versionId });
  await must(t, 'evaluateAction', { agentId, action: 'db.write', resource: 'prod://db' });
  await must(t, 'createApiKey', { name: 'spare', scopes: ['agents:read'] });
  await must(t, 'addMember', { email: `m-${tag}@example.com`, name: 'Member', role: 'OPERATOR' });
  await must(t, 'runComplianceAudit', {});
  await t.member('VIEWER');
  return { agentId, versionId };
}

/** Up to three global IDs of each type the organization holds. The owner's own key is left out. */
async function harvest(t: Tenant, tables: string[]): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>();
  for (const table of tables) {
    const rows = await prisma
      .$queryRawUnsafe<{ id: string }[]>(
        `SELECT id::text FROM "${table}" WHERE "organizationId" = $1::uuid ${table === 'ApiKey' ? `AND name = 'spare'` : ''} ORDER BY id LIMIT 3`,
        t.organization.id,
      )
      .catch(() => []);
    if (rows.length)
      ids.set(
        table,
        rows.map((r) => encodeGlobalId(table, r.id)),
      );
  }
  const users = await prisma.membership.findMany({ where: { organizationId: t.organization.id }, take: 3 });
  ids.set(
    'User',
    users.map((m) => encodeGlobalId('User', m.userId)),
  );
  ids.set('Organization', [encodeGlobalId('Organization', t.organization.id)]);
  return ids;
}

/** The rows of one organization, every table, as one digest per table. */
async function snapshot(organizationId: string, tables: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await prisma.$queryRawUnsafe<{ digest: string | null }[]>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM "${table}" t WHERE "organizationId" = $1::uuid`,
      organizationId,
    );
    out[table] = row?.digest ?? '';
  }
  return out;
}

/** The type an ID position names, from its name; null when the name does not say. */
function typeOfPosition(name: string): string | null {
  const base = name.replace(/Ids?$/, '');
  const known: Record<string, string> = {
    agent: 'Agent',
    fromAgent: 'Agent',
    toAgent: 'Agent',
    version: 'AgentVersion',
    agentVersion: 'AgentVersion',
    context: 'AgentContext',
    replyTo: 'ContextMessage',
    message: 'ContextMessage',
    requiredSkill: 'Skill',
    endpoint: 'WebhookEndpoint',
    delivery: 'WebhookDelivery',
    reservation: 'SpendReservation',
    member: 'User',
    user: 'User',
    governor: 'User',
    report: 'ComplianceReport',
  };
  if (known[base]) return known[base];
  if (!base || base === 'id' || base === 'ids') return null;
  return base[0]?.toUpperCase() + base.slice(1);
}

type Position = { path: (string | number)[]; name: string; list: boolean };

/** Every place an ID can go in the arguments of `field`, inputs and lists included. */
function positionsOf(args: readonly GraphQLArgument[]): Position[] {
  const out: Position[] = [];
  const walk = (type: GraphQLInputType, path: (string | number)[], name: string, depth: number) => {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      const item = isNonNullType(inner.ofType) ? inner.ofType.ofType : inner.ofType;
      if (isScalarType(item) && item.name === 'ID') out.push({ path, name, list: true });
      else if (isInputObjectType(item) && depth < 3) walkFields(item, [...path, 0], depth + 1);
      return;
    }
    if (isScalarType(inner) && inner.name === 'ID') out.push({ path, name, list: false });
    else if (isInputObjectType(inner) && depth < 3) walkFields(inner, path, depth + 1);
  };
  const walkFields = (type: GraphQLInputType, path: (string | number)[], depth: number) => {
    if (!isInputObjectType(type)) return;
    for (const f of Object.values(type.getFields())) walk(f.type, [...path, f.name], f.name, depth);
  };
  for (const a of args) walk(a.type, [a.name], a.name, 0);
  return out;
}

/** Values that pass validation where a plain one would not, by field name (optional ones too). */
const VALID: Record<string, () => unknown> = {
  amount: () => '1',
  actualAmount: () => '1',
  content: () => 'x',
  semver: () => `9.${Math.floor(Math.random() * 1e6)}.0`,
  manifest: () => validManifest('9.0.0'),
  scopes: () => ['agents:read'],
  slug: () => `slug-${randomUUID().slice(0, 8)}`,
  key: () => `key-${randomUUID().slice(0, 8)}`,
  requestKey: () => randomUUID(),
  events: () => ['violation.raised'],
};

/** Values for every required argument, and the few optional ones a call needs to pass its
 * validation, so a call gets as far as its IDs. */
function filler(type: GraphQLInputType, name: string, ids: (position: string) => string, depth = 0): unknown {
  if (VALID[name] && getNamedType(type).name !== 'ID') return VALID[name]();
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [filler(inner.ofType, name, ids, depth + 1)];
  if (isEnumType(inner)) return inner.getValues()[0]?.name;
  if (isInputObjectType(inner)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(inner.getFields())) {
      const required = isNonNullType(f.type) && f.defaultValue === undefined;
      const isId = getNamedType(f.type).name === 'ID';
      if (required || isId || VALID[f.name]) out[f.name] = filler(f.type, f.name, ids, depth + 1);
    }
    if (typeof out.semver === 'string' && out.manifest) out.manifest = validManifest(out.semver);
    return out;
  }
  switch (getNamedType(inner).name) {
    case 'ID':
      return ids(name);
    case 'String':
      return /email/i.test(name) ? 'x@example.com' : /url/i.test(name) ? 'https://example.com/x' : 'x';
    case 'Int':
      return 1;
    case 'Float':
      return 0.5;
    case 'Boolean':
      return false;
    case 'Decimal':
      return '1';
    case 'DateTime':
      return /from/i.test(name) ? '2020-01-01T00:00:00Z' : '2099-01-01T00:00:00Z';
    case 'JSON':
      return {};
    default:
      return null;
  }
}

function setAt(target: Record<string, unknown>, path: (string | number)[], value: unknown) {
  let cursor: Record<string | number, unknown> = target;
  for (const key of path.slice(0, -1)) {
    cursor[key] ??= typeof key === 'number' ? {} : {};
    cursor = cursor[key] as Record<string | number, unknown>;
  }
  cursor[path[path.length - 1] as string | number] = value;
}

/** A selection that shows what the answer holds: leaves, and objects two levels down. */
function selectionOf(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named)) {
    const members = named
      .getTypes()
      .map((m) => `... on ${m.name} ${selectionOf(m, depth + 1) || '{ __typename }'}`)
      .join(' ');
    return `{ __typename ${members} }`;
  }
  if (!isObjectType(named)) return '{ __typename }';
  const fields = Object.values(named.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type)));
  const parts = fields.flatMap((f) => {
    const inner = getNamedType(f.type);
    if (isLeafType(inner)) return [f.name];
    if (depth >= 2) return [];
    const sub = selectionOf(f.type, depth + 1);
    return sub ? [`${f.name} ${sub}`] : [];
  });
  return `{ __typename ${parts.join(' ')} }`;
}

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
/** The answer without what differs between any two calls (request ids, clocks, the cost). */
function normalized(body: unknown, ids: string[]): string {
  const { extensions: _, ...rest } = body as Record<string, unknown>;
  let text = JSON.stringify(rest)
    .replace(/"requestId":"[^"]*"/g, '')
    .replace(ISO, '<time>');
  for (const id of ids) {
    text = text.replaceAll(id, '<id>');
    const raw = Buffer.from(id, 'base64url').toString().split(':')[1];
    if (raw) text = text.replaceAll(raw, '<id>');
  }
  // Objects a call made (both calls of a pair may succeed: an ID the call had no use for) get
  // new IDs each time; which type they are stays in the text.
  return text
    .replace(/"([A-Za-z0-9_-]{16,})"/g, (whole, id: string) => {
      const decoded = Buffer.from(id, 'base64url').toString();
      return /^[A-Z][A-Za-z]*:[0-9a-f-]{36}$/.test(decoded) ? `"<${decoded.split(':')[0]}>"` : whole;
    })
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
}

let attacker: Tenant;
let victim: Tenant;
let tables: string[];
let theirs: Map<string, string[]>;
let ours: Map<string, string[]>;
let before: Record<string, string>;

beforeAll(async () => {
  tables = await organizationTables();
  victim = await newTenant('Victim');
  attacker = await newTenant('Attacker');
  await populate(victim, 'v');
  await populate(attacker, 'a');
  theirs = await harvest(victim, tables);
  ours = await harvest(attacker, tables);
  // The consumers (notifications, webhooks) finish with the victim's own events first.
  let previous = '';
  for (let i = 0; i < 50; i++) {
    const now = JSON.stringify(await snapshot(victim.organization.id, tables));
    if (now === previous) break;
    previous = now;
    await new Promise((r) => setTimeout(r, 200));
  }
  before = await snapshot(victim.organization.id, tables);
}, 120_000);

const ENDS =
  /^(close|cancel|retire|halt|revoke|remove|uninstall|archive|fail|complete|convert|dismiss|resolve|deprecate|reject|refuse|suspend|disable|pause|decline|acknowledge)/;
type Root = { kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> };
const roots: Root[] = [
  ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ kind: 'query' as const, field })),
  ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ kind: 'mutation' as const, field })),
]
  .filter((r) => positionsOf(r.field.args).length > 0)
  // What ends or stops the attacker's own objects goes last, so the calls before it find them
  // open and get as far as their IDs.
  .sort((a, b) => Number(ENDS.test(a.field.name)) - Number(ENDS.test(b.field.name)));

describe('every ID position of every root field, given another organization’s object', () => {
  const reached = { ownDiffers: 0, pairs: 0 };

  it.each(roots.map((r) => [`${r.kind} ${r.field.name}`, r] as const))(
    '%s answers as for an ID that names nothing',
    async (_name, { kind, field }) => {
      const positions = positionsOf(field.args);
      const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const selection = kind === 'mutation' ? selectionOf(field.type, 1) : selectionOf(field.type);
      const query = `${kind}(${defs}) { ${field.name}(${call}) ${selection} }`;
      for (const position of positions) {
        const named = typeOfPosition(position.name);
        const types = named && theirs.has(named) ? [named] : [...theirs.keys()];
        for (const type of types) {
          const foreign = theirs.get(type)?.[0] as string;
          const absent = encodeGlobalId(type, randomUUID());
          const own = ours.get(type)?.[0];
          // Every other ID position: the attacker's own object of its type, so the call gets as
          // far as the position under test.
          const base = (value: string) => {
            const variables: Record<string, unknown> = {};
            for (const a of field.args) {
              const required = isNonNullType(a.type) || positions.some((p) => p.path[0] === a.name);
              if (required)
                variables[a.name] = filler(a.type, a.name, (n) => ours.get(typeOfPosition(n) ?? '')?.[0] ?? absent);
            }
            setAt(variables, position.path, position.list ? [value] : value);
            return variables;
          };
          // Absent, foreign, absent: a call may use up what the next one needed (a budget, a
          // unique key), so the foreign answer must equal the absent one before or after it.
          const label = `${field.name} ${position.path.join('.')} = ${type}`;
          const shown = (r: Awaited<ReturnType<typeof send>>) => `${r.status} ${normalized(r.body, [foreign, absent])}`;
          const before = shown(await send(query, base(absent), attacker.ownerKey));
          const a = shown(await send(query, base(foreign), attacker.ownerKey));
          const b = shown(await send(query, base(absent), attacker.ownerKey));
          expect([before, b], label).toContain(a);
          reached.pairs += 1;
          if (own && named === type) {
            const c = await send(query, base(own), attacker.ownerKey);
            if (`${c.status} ${normalized(c.body, [own, absent])}` !== b.replaceAll(foreign, '<id>'))
              reached.ownDiffers += 1;
          }
        }
      }
    },
    60_000,
  );

  it('reached the IDs: the attacker’s own objects answer differently in many positions', () => {
    // Without this the comparisons above could all be equal because every call failed before
    // it looked at an ID.
    expect(reached.pairs).toBeGreaterThan(200);
    expect(reached.ownDiffers).toBeGreaterThan(40);
  });

  it('left the other organization exactly as it was, and its log records nothing', async () => {
    expect(await snapshot(victim.organization.id, tables)).toEqual(before);
  });
});

describe('every subscription, filtered by another organization’s objects or by nothing', () => {
  it('delivers nothing of the other organization while it writes to each of those objects', async () => {
    const subscriptions = Object.values(schema.getSubscriptionType()?.getFields() ?? {});
    const open: { label: string; live: Received<unknown> }[] = [];
    for (const field of subscriptions) {
      const positions = positionsOf(field.args);
      const hasAfter = field.args.some((a) => a.name === 'after');
      const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const doc = parse(
        `subscription${defs ? `(${defs})` : ''} { ${field.name}${call ? `(${call})` : ''} ${selectionOf(field.type)} }`,
      );
      const required = () => {
        const variables: Record<string, unknown> = {};
        for (const a of field.args)
          if (isNonNullType(a.type))
            variables[a.name] = filler(a.type, a.name, (n) => ours.get(typeOfPosition(n) ?? '')?.[0] ?? '');
        return variables;
      };
      // Unfiltered (and replayed from the start of the log where the field can replay): the
      // attacker's own organization only.
      for (const after of hasAfter ? [undefined, '0'] : [undefined])
        open.push({
          label: `${field.name} unfiltered after=${after}`,
          live: await subscribeWs(api.url, doc, { ...required(), after }, attacker.ownerKey),
        });
      // Each ID position given each of the other organization's objects of its type.
      for (const position of positions) {
        const named = typeOfPosition(position.name);
        const types = named && theirs.has(named) ? [named] : [...theirs.keys()];
        for (const type of types) {
          const foreign = theirs.get(type)?.[0] as string;
          const variables = required();
          setAt(variables, position.path, position.list ? [foreign] : foreign);
          for (const after of hasAfter ? [undefined, '0'] : [undefined])
            open.push({
              label: `${field.name} ${position.path.join('.')} = ${type} after=${after}`,
              live: await subscribeWs(api.url, doc, { ...variables, after }, attacker.ownerKey),
            });
        }
      }
    }

    // The other organization writes to each object a filter could name.
    const MARK = `victim-only-${randomUUID()}`;
    const their = (type: string) => theirs.get(type)?.[0] as string;
    const agentId = their('Agent');
    await must(victim, 'raiseViolation', {
      agentId,
      category: 'ACCOUNTABILITY',
      description: 'again',
      severity: 'HIGH',
    });
    await must(victim, 'acknowledgeViolation', { violationId: their('Violation') });
    await must(victim, 'updateAgent', { agentId, name: 'Renamed' });
    await must(victim, 'authorizeSpend', { agentId, quantity: '1', service: 'svc-v', requestKey: randomUUID() });
    await must(victim, 'postContextMessage', {
      contextId: their('AgentContext'),
      fromAgentId: agentId,
      type: 'BROADCAST',
      content: { text: MARK },
    });
    await must(victim, 'createTask', { agentId, goal: MARK, contextId: their('AgentContext') });
    await must(victim, 'extendTrial', { trialId: their('Trial'), days: 1 });
    await must(victim, 'evaluateAction', { agentId, action: 'db.write', resource: 'prod://db' });
    await must(victim, 'addAttestation', { agentId, claim: 'iso', issuer: 'auditor', score: 0.1 });
    // And the attacker writes once to its own agent: proof that the subscriptions are live.
    await must(attacker, 'raiseViolation', {
      agentId: ours.get('Agent')?.[0],
      category: 'ACCOUNTABILITY',
      description: 'own',
      severity: 'HIGH',
    });
    await new Promise((r) => setTimeout(r, 1_500));

    const victimIds = [...theirs.values()]
      .flat()
      .flatMap((id) => [id, Buffer.from(id, 'base64url').toString().split(':')[1] as string]);
    victimIds.push(victim.organization.id);
    for (const { label, live } of open) {
      const text = JSON.stringify(live.data);
      for (const id of victimIds) expect(text.includes(id), `${label} carried ${id}`).toBe(false);
      expect(text.includes(MARK), `${label} carried the other organization's words`).toBe(false);
    }
    const own = open.find((o) => o.label === 'violationRaised unfiltered after=undefined');
    expect(own?.live.data.length, 'the attacker sees its own violation').toBeGreaterThan(0);
    await Promise.all(open.map((o) => o.live.close()));
  }, 120_000);
});
