// Tenancy, searched for rather than listed: every ID a root field takes — an argument, a field of
// its input or filter, an item of a list — is given a real object of another organization, and
// must answer exactly as an ID of the same type that names nothing. The other organization's
// rows stay as they were and its log records nothing of the attempt. The positions and the
// objects come from the schema and the database, so a new mutation, filter or type is covered
// the day it is added.
import { randomUUID } from 'node:crypto';
import { type GraphQLField, isNonNullType, parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { useTestApi } from '../harness.js';
import { type Received, subscribeWs } from '../live.js';
import {
  answersAsAbsent,
  endingLast,
  filler,
  harvest,
  must as mustAt,
  organizationTables,
  populate,
  positionsOf,
  selectionOf,
  send as sendTo,
  setAt,
  settledSnapshot,
  snapshot,
  typeOfPosition,
} from '../schema-calls.js';
import { newTenant, type Tenant } from '../seed.js';

// Each call selects every field two levels deep (agent(id:) alone costs 17,940 points), and the
// walk makes about 2,000 calls with one key: some 2 million points, four times what one key may
// spend in an hour by default. The rate limit is not what this file tests. Read by config() on
// first use, which comes after this line.
process.env.RATE_LIMIT_POINTS = '100000000';

const api = useTestApi();
const _send = (query: string, variables: unknown, key: string) => sendTo(api.url, query, variables, key);
const must = (t: Tenant, field: string, input: Record<string, unknown>) => mustAt(api.url, t, field, input);

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
  await populate(api.url, victim, 'v');
  await populate(api.url, attacker, 'a');
  theirs = await harvest(victim, tables);
  ours = await harvest(attacker, tables);
  before = await settledSnapshot(victim.organization.id, tables);
}, 120_000);

type Root = { kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> };
// What ends or stops the attacker's own objects goes last, so the calls before it find them
// open and get as far as their IDs.
const roots: Root[] = endingLast(
  [
    ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ kind: 'query' as const, field })),
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({
      kind: 'mutation' as const,
      field,
    })),
  ].filter((r) => positionsOf(r.field.args).length > 0),
  (r) => r.field.name,
);

describe('every ID position of every root field, given another organization’s object', () => {
  const reached = { ownDiffers: 0, pairs: 0 };

  it.each(roots.map((r) => [`${r.kind} ${r.field.name}`, r] as const))(
    '%s answers as for an ID that names nothing',
    async (_name, root) => {
      const foreign = new Map([...theirs].map(([type, list]) => [type, list[0] as string]));
      const own = new Map([...ours].map(([type, list]) => [type, list[0] as string]));
      const result = await answersAsAbsent(
        api.url,
        attacker.ownerKey,
        root,
        foreign,
        (n) => ours.get(typeOfPosition(n) ?? '')?.[0] ?? '',
        { own },
      );
      expect(result.differs).toEqual([]);
      reached.pairs += result.compared;
      reached.ownDiffers += result.ownDiffers;
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
