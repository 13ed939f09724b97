// Calls built from the schema, for tests that search every root field rather than list some:
// where an ID can go in a field's arguments, values that get a call as far as its IDs, a
// selection that shows what an answer holds, and an organization holding an object of (nearly)
// every type, made through the API as its owner.
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
} from 'graphql';
import { encodeGlobalId } from '../src/graphql/global-id.js';
import { schema } from '../src/graphql/schema.js';
import { prisma } from './harness.js';
import { newTenant, type Tenant, validManifest } from './seed.js';

export async function send(url: string, query: string, variables: unknown, key: string) {
  const res = await fetch(url, {
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
export async function must(url: string, t: Tenant, field: string, input: Record<string, unknown>) {
  const query = `mutation($input: ${inputTypeOf(field)}!) { ${field}(input: $input) { __typename ... on Error { code message } } }`;
  const { body } = await send(url, query, { input }, t.ownerKey);
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
export async function organizationTables(): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ table: string }[]>`
    SELECT table_name AS table FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name = 'organizationId' ORDER BY 1`;
  return rows.map((r) => r.table);
}

/** One organization with an object of (nearly) every type, made through the API as its owner. */
export async function populate(url: string, t: Tenant, tag: string) {
  const agent = await t.agent({ slug: `main-${tag}` });
  const other = await t.agent({ slug: `other-${tag}` });
  const version = await t.version(agent.id, '1.0.0', { publish: true });
  await t.version(other.id, '1.0.0', { publish: true });
  const gid = (type: string, id: string) => encodeGlobalId(type, id);
  const agentId = gid('Agent', agent.id);
  const versionId = gid('AgentVersion', version.id);
  await t.budget({ agentId: agent.id, limit: '1000' });
  await t.policy('CONTENT', { deny: ['^pii://'], requireApproval: ['^prod://'] });
  await must(url, t, 'createService', { key: `svc-${tag}`, name: 'Search', unit: 'call', unitPrice: '0.01' });
  await must(url, t, 'authorizeSpend', { agentId, quantity: '1', service: `svc-${tag}`, requestKey: `r-${tag}` });
  await must(url, t, 'raiseViolation', { agentId, category: 'ACCOUNTABILITY', description: 'late', severity: 'HIGH' });
  await must(url, t, 'addAttestation', { agentId, claim: 'soc2', issuer: 'auditor', score: 0.9 });
  await must(url, t, 'createCustomer', { email: `c-${tag}@example.com`, name: 'Customer' });
  const customer = await prisma.customer.findFirstOrThrow({ where: { organizationId: t.organization.id } });
  await must(url, t, 'startTrial', { agentId, customerId: gid('Customer', customer.id) });
  const trial = await prisma.trial.findFirstOrThrow({ where: { organizationId: t.organization.id } });
  await must(url, t, 'addTrialDeliverable', { trialId: gid('Trial', trial.id), title: 'Report', content: 'done' });
  await must(url, t, 'createContext', {
    name: 'Room',
    collaborationModel: 'CONSENSUS',
    participants: [{ agentId }, { agentId: gid('Agent', other.id) }],
  });
  const context = await prisma.agentContext.findFirstOrThrow({ where: { organizationId: t.organization.id } });
  const contextId = gid('AgentContext', context.id);
  await must(url, t, 'postContextMessage', {
    contextId,
    fromAgentId: agentId,
    type: 'BROADCAST',
    content: { text: 'hi' },
  });
  await must(url, t, 'createTask', { agentId, goal: 'work', contextId });
  await must(url, t, 'createSkill', { key: `skill-${tag}`, name: 'Skill', category: 'ops' });
  const skill = await prisma.skill.findFirstOrThrow({ where: { organizationId: t.organization.id } });
  await must(url, t, 'createJobRole', { name: 'Role', requiredSkillIds: [gid('Skill', skill.id)] });
  // Quiet in the background: an endpoint for an event no test here causes (no deliveries to
  // retry), and a deployment retired once made (no health checks every 30 s).
  await must(url, t, 'createWebhookEndpoint', { url: 'https://example.com/hook', events: ['trial.converted'] });
  await must(url, t, 'deployAgentVersion', {
    versionId,
    environment: 'prod',
    endpointUrl: 'https://example.com/agent',
    healthCheckUrl: 'https://example.com/health',
  });
  const deployment = await prisma.deployment.findFirstOrThrow({ where: { organizationId: t.organization.id } });
  await must(url, t, 'retireDeployment', { deploymentId: gid('Deployment', deployment.id) });
  await must(url, t, 'installAgentVersion', { versionId });
  await must(url, t, 'evaluateAction', { agentId, action: 'db.write', resource: 'prod://db' });
  await must(url, t, 'createApiKey', { name: 'spare', scopes: ['agents:read'] });
  await must(url, t, 'addMember', { email: `m-${tag}@example.com`, name: 'Member', role: 'OPERATOR' });
  await must(url, t, 'runComplianceAudit', {});
  await t.member('VIEWER');
  return { agentId, versionId };
}

/** Up to three global IDs of each type the organization holds. The owner's own key is left out. */
export async function harvest(t: Tenant, tables: string[]): Promise<Map<string, string[]>> {
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
export async function snapshot(organizationId: string, tables: string[]): Promise<Record<string, string>> {
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
export function typeOfPosition(name: string): string | null {
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

export type Position = { path: (string | number)[]; name: string; list: boolean };

/** Every place an ID can go in the arguments of `field`, inputs and lists included. */
export function positionsOf(args: readonly GraphQLArgument[]): Position[] {
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
export function filler(type: GraphQLInputType, name: string, ids: (position: string) => string, depth = 0): unknown {
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

export function setAt(target: Record<string, unknown>, path: (string | number)[], value: unknown) {
  let cursor: Record<string | number, unknown> = target;
  for (const key of path.slice(0, -1)) {
    cursor[key] ??= typeof key === 'number' ? {} : {};
    cursor = cursor[key] as Record<string | number, unknown>;
  }
  cursor[path[path.length - 1] as string | number] = value;
}

/** A selection that shows what the answer holds: leaves, and objects two levels down. */
export function selectionOf(type: GraphQLOutputType, depth = 0): string {
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
export function normalized(body: unknown, ids: string[]): string {
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

/**
 * `snapshot` once the organization's rows stop moving: the consumers (notifications, webhooks)
 * and a new deployment's first health check finish with what came before.
 */
export async function settledSnapshot(organizationId: string, tables: string[]): Promise<Record<string, string>> {
  let previous = '';
  for (let i = 0; i < 50; i++) {
    const now = await snapshot(organizationId, tables);
    if (JSON.stringify(now) === previous) return now;
    previous = JSON.stringify(now);
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('the organization never stopped changing');
}

export type RootField = { kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> };

/** The call of a root field with values for every required argument and every ID position. */
export function callOf({ kind, field }: RootField, id: (position: string) => string) {
  const positions = positionsOf(field.args);
  const variables: Record<string, unknown> = {};
  for (const a of field.args)
    if (isNonNullType(a.type) || positions.some((p) => p.path[0] === a.name))
      variables[a.name] = filler(a.type, a.name, id);
  const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = selectionOf(field.type, kind === 'mutation' ? 1 : 0);
  const query = `${kind}${defs ? `(${defs})` : ''} { ${field.name}${call ? `(${call})` : ''} ${selection} }`;
  return { query, variables };
}

/**
 * Each ID position of `root` given the object of its type in `theirs`, and, just before and just
 * after, an ID of that type naming nothing. A call may use up what the next one needed (a budget,
 * a unique key), so the answer must equal one of the two absent ones. Every other position gets
 * `ours(position name)`. `own`, when given, is asked the same way, to count the positions where
 * the caller's own object answers differently: proof that the calls got as far as their IDs.
 */
export async function answersAsAbsent(
  url: string,
  key: string,
  root: RootField,
  theirs: ReadonlyMap<string, string>,
  ours: (position: string) => string,
  options: { own?: ReadonlyMap<string, string>; skip?: (label: string, type: string) => boolean } = {},
): Promise<{ differs: string[]; compared: number; ownDiffers: number }> {
  const out = { differs: [] as string[], compared: 0, ownDiffers: 0 };
  for (const position of positionsOf(root.field.args)) {
    const named = typeOfPosition(position.name);
    const label = `${root.field.name} ${position.path.join('.')}`;
    for (const type of named && theirs.has(named) ? [named] : [...theirs.keys()]) {
      const foreign = theirs.get(type) as string;
      if (options.skip?.(label, type)) continue;
      const absent = encodeGlobalId(type, randomUUID());
      const shown = async (value: string) => {
        const { query, variables } = callOf(root, ours);
        setAt(variables, position.path, position.list ? [value] : value);
        const { status, body } = await send(url, query, variables, key);
        return `${status} ${normalized(body, [value, absent])}`;
      };
      const before = await shown(absent);
      const answer = await shown(foreign);
      const after = await shown(absent);
      if (answer !== before && answer !== after)
        out.differs.push(`${label} = ${type}: ${answer.slice(0, 200)} (absent: ${before.slice(0, 160)})`);
      // Nothing a caller sends may be an internal error, whatever the objects it names.
      for (const text of [before, answer, after])
        if (/INTERNAL_SERVER_ERROR|^5\d\d /.test(text)) out.differs.push(`${label} = ${type}: ${text.slice(0, 300)}`);
      out.compared += 1;
      const own = options.own?.get(type);
      if (own && named === type && (await shown(own)) !== after) out.ownDiffers += 1;
    }
  }
  return out;
}

/** The root fields of the schema of these kinds. */
export function rootFields(...kinds: ('query' | 'mutation')[]): RootField[] {
  return kinds.flatMap((kind) =>
    Object.values((kind === 'query' ? schema.getQueryType() : schema.getMutationType())?.getFields() ?? {}).map(
      (field) => ({ kind, field }),
    ),
  );
}

/** `answersAsAbsent` over many root fields, the differences and the count of comparisons summed. */
export async function answersAsAbsentIn(
  url: string,
  key: string,
  roots: RootField[],
  theirs: ReadonlyMap<string, string>,
  ours: (position: string) => string,
  skip?: (label: string, type: string) => boolean,
): Promise<{ differs: string[]; compared: number }> {
  const out = { differs: [] as string[], compared: 0 };
  for (const root of roots) {
    const result = await answersAsAbsent(url, key, root, theirs, ours, { skip });
    out.differs.push(...result.differs);
    out.compared += result.compared;
  }
  return out;
}

/** Calls that end or stop an object; they go last, so the calls before them find it open. */
export const ENDS =
  /^(close|cancel|retire|halt|revoke|remove|uninstall|archive|fail|complete|convert|dismiss|resolve|deprecate|reject|refuse|suspend|disable|pause|decline|acknowledge)/;

/** Orders fields (or anything `nameOf` names) so that those which end an object come last. */
export function endingLast<T>(items: T[], nameOf = (item: T) => (item as { name: string }).name): T[] {
  return [...items].sort((a, b) => Number(ENDS.test(nameOf(a))) - Number(ENDS.test(nameOf(b))));
}

/**
 * A new organization holding an object of nearly every type (made through the API), and `own`:
 * for an ID position's name, the first object of its type.
 */
export async function populatedTenant(url: string, name: string, tag: string) {
  const tables = await organizationTables();
  const t = await newTenant(name);
  await populate(url, t, tag);
  const ids = await harvest(t, tables);
  const own = (position: string) => ids.get(typeOfPosition(position) ?? '')?.[0] ?? '';
  return { t, tables, ids, own };
}
