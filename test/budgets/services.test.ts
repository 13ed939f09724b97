// Issue 19 §3: a priced service catalog. authorizeSpend prices {service, quantity} from it, shows
// the price used, keeps that price for the reservation (settling by quantity uses it) while a
// change applies to new authorizations only, downgrades to the catalog's fallback service, and
// refuses inactive and archived services. The treasury: the organization's ledger as
// transactions, settled money, revenue per service and spend per agent, at a bounded cost.
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

type Body = { data?: Record<string, Record<string, unknown> | null>; errors?: { extensions?: { code?: string } }[] };
const post = (query: string, variables: unknown, token: string) =>
  postGraphQL<Body>(api.url, query, variables, token).then((r) => r.body);

const CreateService = `mutation($input: CreateServiceInput!) { createService(input: $input) {
  __typename ... on ServicePayload { service { id key unit unitPrice currency active fallbackService { key } } }
  ... on ValidationError { issues { path message } } ... on ConflictError { message } } }`;
const UpdateService = `mutation($input: UpdateServiceInput!) { updateService(input: $input) {
  __typename ... on ServicePayload { service { unitPrice active } } ... on ValidationError { issues { path message } } } }`;
const Authorize = `mutation($input: AuthorizeSpendInput!) { authorizeSpend(input: $input) {
  __typename ... on SpendDecision { outcome reasons reservation { id amount }
    price { service unit unitPrice currency quantity amount } fallbackPrice { service unitPrice quantity amount } }
  ... on ValidationError { issues { path message } } ... on ConflictError { message } } }`;
const Settle = `mutation($input: SettleSpendInput!) { settleSpend(input: $input) {
  __typename ... on SpendReservationPayload { reservation { status actualAmount quantity unitPrice service } }
  ... on ValidationError { issues { path message } } } }`;

let t: Tenant;
let agentGid: string;
let agentId: string;
let n = 0;
beforeEach(async () => {
  t = await newTenant('Priced');
  const a = await t.agent();
  await t.version(a.id, '1.0.0', { publish: true });
  agentId = a.id;
  agentGid = encodeGlobalId('Agent', a.id);
});

const service = async (input: Record<string, unknown>, token = t.ownerKey) =>
  (await post(CreateService, { input: { name: 'A service', unit: 'call', ...input } }, token)).data?.createService as {
    __typename: string;
    service: { id: string; unitPrice: string };
    issues?: { path: string[]; message: string }[];
  };
const authorize = async (input: Record<string, unknown>, token = t.ownerKey) =>
  (await post(Authorize, { input: { agentId: agentGid, requestKey: `k-${++n}`, ...input } }, token)).data
    ?.authorizeSpend as Record<string, unknown> & {
    outcome: string;
    reasons: string[];
    reservation: { id: string; amount: string } | null;
  };

describe('the service catalog', () => {
  it('creates, lists and finds services by key; each change is an event; other organizations see none of it', async () => {
    const created = await service({ key: 'image-gen', unit: 'image', unitPrice: '0.04' });
    expect(created).toMatchObject({
      __typename: 'ServicePayload',
      service: { key: 'image-gen', unit: 'image', unitPrice: '0.04', currency: 'USD', active: true },
    });
    await service({ key: 'openai:gpt-4o', unit: '1K tokens', unitPrice: '0.0125' });
    const list = await post(
      `{ services { edges { node { key } } } service(key: "image-gen") { unitPrice } }`,
      {},
      t.ownerKey,
    );
    expect(list.data?.services).toEqual({
      edges: [{ node: { key: 'image-gen' } }, { node: { key: 'openai:gpt-4o' } }],
    });
    expect(list.data?.service).toEqual({ unitPrice: '0.04' });
    const changed = await post(
      UpdateService,
      { input: { serviceId: created.service.id, unitPrice: '0.05' } },
      t.ownerKey,
    );
    expect(changed.data?.updateService).toMatchObject({ service: { unitPrice: '0.05' } });
    const events = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, subjectType: 'Service' },
      orderBy: { sequence: 'asc' },
    });
    expect(events.map((e) => e.verb)).toEqual(['service.created', 'service.created', 'service.updated']);
    expect(events[2]?.payload).toMatchObject({ previousUnitPrice: '0.04', unitPrice: '0.05' });

    const other = await newTenant('Other');
    const seen = await post(
      `query($id: ID!) { node(id: $id) { id } service(key: "image-gen") { id } services { totalCount: edges { cursor } } }`,
      { id: created.service.id },
      other.ownerKey,
    );
    expect(seen.data).toEqual({ node: null, service: null, services: { totalCount: [] } });
    const update = await post(
      UpdateService,
      { input: { serviceId: created.service.id, unitPrice: '9' } },
      other.ownerKey,
    );
    expect(update.data?.updateService).toEqual({ __typename: 'NotFoundError' });
  });

  it('refuses bad keys, prices and fallbacks, a taken key, and callers without budgets:write; nothing changes', async () => {
    await service({ key: 'llm', unitPrice: '1' });
    const bad = [
      [{ key: ' spaces inside ', unitPrice: '1' }, ['input', 'key']],
      [{ key: 'free', unitPrice: '0' }, ['input', 'unitPrice']],
      [{ key: 'neg', unitPrice: '-1' }, ['input', 'unitPrice']],
      [{ key: 'many-digits', unitPrice: '0.0000001' }, ['input', 'unitPrice']],
      [{ key: 'eur', unitPrice: '1', currency: 'euro' }, ['input', 'currency']],
      [{ key: 'self', unitPrice: '1', fallbackServiceKey: 'self' }, ['input', 'fallbackServiceKey']],
      [{ key: 'cheap', unitPrice: '0.5', fallbackServiceKey: 'llm' }, ['input', 'fallbackServiceKey']],
      [{ key: 'orphan', unitPrice: '2', fallbackServiceKey: 'nowhere' }, ['input', 'fallbackServiceKey']],
      // The API's own spend: a catalog entry would make trial tasks need a quantity.
      [{ key: 'trial', unitPrice: '1' }, ['input', 'key']],
      [{ key: 'task', unitPrice: '1' }, ['input', 'key']],
    ] as const;
    for (const [input, path] of bad) {
      const r = await service(input);
      expect(r, JSON.stringify(input)).toMatchObject({ __typename: 'ValidationError', issues: [{ path }] });
    }
    expect(await service({ key: 'llm', unitPrice: '2' })).toMatchObject({ __typename: 'ConflictError' });
    const viewer = await t.member('VIEWER');
    const refused = await post(
      CreateService,
      { input: { key: 'v', name: 'v', unit: 'u', unitPrice: '1' } },
      viewer.key,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await prisma.service.count({ where: { organizationId: t.organization.id } })).toBe(1);
    expect(
      await prisma.activityEvent.count({ where: { organizationId: t.organization.id, subjectType: 'Service' } }),
    ).toBe(1);
  });
});

describe('authorizeSpend with {service, quantity}', () => {
  it('prices from the catalog and shows the price; a price change applies to new authorizations only', async () => {
    await t.budget({ limit: '100' });
    const created = await service({ key: 'oracle', unit: 'query', unitPrice: '0.05' });
    const first = await authorize({ service: 'oracle', quantity: '3', requestKey: 'first' });
    expect(first).toMatchObject({
      outcome: 'ALLOWED',
      reservation: { amount: '0.15' },
      price: { service: 'oracle', unit: 'query', unitPrice: '0.05', currency: 'USD', quantity: '3', amount: '0.15' },
      fallbackPrice: null,
    });
    await post(UpdateService, { input: { serviceId: created.service.id, unitPrice: '0.1' } }, t.ownerKey);
    const second = await authorize({ service: 'oracle', quantity: '3' });
    expect(second).toMatchObject({ reservation: { amount: '0.3' }, price: { unitPrice: '0.1', amount: '0.3' } });
    // A retry of the first gets the first decision, at the price of then.
    const retry = await authorize({ service: 'oracle', quantity: '3', requestKey: 'first' });
    expect(retry).toEqual(first);
    const conflict = await authorize({ service: 'oracle', quantity: '4', requestKey: 'first' });
    expect(conflict).toMatchObject({ __typename: 'ConflictError' });
    // Settling by quantity uses the price the reservation was authorized at.
    const settled = await post(
      Settle,
      { input: { reservationId: first.reservation?.id, actualQuantity: '2' } },
      t.ownerKey,
    );
    expect(settled.data?.settleSpend).toMatchObject({
      reservation: { status: 'SETTLED', actualAmount: '0.1', quantity: '3', unitPrice: '0.05', service: 'oracle' },
    });
  });

  it('an amount for a priced service, a quantity for an unknown one, both or neither: a ValidationError that changes nothing', async () => {
    await t.budget({ limit: '100' });
    await service({ key: 'oracle', unit: 'query', unitPrice: '0.05' });
    await service({ key: 'gpu', unit: 'hour', unitPrice: '2' });
    const before = await prisma.spendReservation.count({ where: { organizationId: t.organization.id } });
    const cases = [
      [{ service: 'oracle', amount: '1' }, ['input', 'amount'], /priced in the catalog .*give a quantity/],
      [{ service: 'unlisted', quantity: '1' }, ['input', 'quantity'], /not in the catalog/],
      [{ service: 'oracle', quantity: '1', amount: '1' }, ['input', 'quantity'], /not both/],
      [{ service: 'oracle' }, ['input', 'amount'], /give an amount, or a quantity/],
      [{ service: 'oracle', quantity: '0.000001' }, ['input', 'quantity'], /rounds to 0/],
      [{ service: 'gpu', quantity: '999999999999' }, ['input', 'quantity'], /larger than a budget can hold/],
      [{ service: 'oracle', quantity: '10', fallbackAmount: '0.5' }, ['input', 'fallbackAmount'], /less than/],
    ] as const;
    for (const [input, path, message] of cases) {
      const r = await authorize(input);
      expect(r, JSON.stringify(input)).toMatchObject({
        __typename: 'ValidationError',
        issues: [{ path, message: expect.stringMatching(message) }],
      });
    }
    expect(await prisma.spendReservation.count({ where: { organizationId: t.organization.id } })).toBe(before);
    // A service not in the catalog is still authorized by amount, unpriced.
    expect(await authorize({ service: 'unlisted', amount: '1.5' })).toMatchObject({
      outcome: 'ALLOWED',
      price: null,
      reservation: { amount: '1.5' },
    });
  });

  it('DOWNGRADED names the catalog fallback service and its price; the reservation is for that service', async () => {
    await t.budget({ limit: '1' });
    await service({ key: 'summary', unit: 'log', unitPrice: '0.1' });
    await service({ key: 'archive', unit: 'log', unitPrice: '0.5', fallbackServiceKey: 'summary' });
    const d = await authorize({ service: 'archive', quantity: '4' });
    expect(d).toMatchObject({
      outcome: 'DOWNGRADED',
      reservation: { amount: '0.4' },
      price: { service: 'archive', amount: '2' },
      fallbackPrice: { service: 'summary', unitPrice: '0.1', quantity: '4', amount: '0.4' },
    });
    expect(d.reasons[1]).toMatch(/fallback service "summary"/);
    const reservation = await prisma.spendReservation.findFirstOrThrow({ where: { agentId, outcome: 'DOWNGRADED' } });
    expect(reservation).toMatchObject({ service: 'summary' });
    expect(reservation.unitPrice?.toString()).toBe('0.1');
    // When even the fallback does not fit: REJECTED, with both reasons.
    const rejected = await authorize({ service: 'archive', quantity: '20' });
    expect(rejected).toMatchObject({ outcome: 'REJECTED', reservation: null });
    expect(rejected.reasons).toHaveLength(2);
  });

  it('an inactive or archived service is REJECTED with a reason that says so; active again, it is allowed', async () => {
    await t.budget({ limit: '100' });
    const s = await service({ key: 'batch', unit: 'job', unitPrice: '2' });
    await post(UpdateService, { input: { serviceId: s.service.id, active: false } }, t.ownerKey);
    expect(await authorize({ service: 'batch', quantity: '1' })).toMatchObject({
      outcome: 'REJECTED',
      reasons: ['the service "batch" is inactive'],
    });
    await post(UpdateService, { input: { serviceId: s.service.id, active: true } }, t.ownerKey);
    expect(await authorize({ service: 'batch', quantity: '1' })).toMatchObject({ outcome: 'ALLOWED' });
    await post(
      `mutation($input: ArchiveServiceInput!) { archiveService(input: $input) { __typename } }`,
      { input: { serviceId: s.service.id } },
      t.ownerKey,
    );
    expect(await authorize({ service: 'batch', quantity: '1' })).toMatchObject({
      outcome: 'REJECTED',
      reasons: ['the service "batch" is archived'],
    });
    // Nothing was held by the refusals.
    const usage = await prisma.budgetUsage.findFirstOrThrow({
      where: { budget: { organizationId: t.organization.id } },
    });
    expect(usage.reserved.toString()).toBe('2');
  });

  it('settling by quantity an unpriced reservation is a ValidationError', async () => {
    await t.budget({ limit: '100' });
    const d = await authorize({ service: 'unlisted', amount: '1' });
    const r = await post(Settle, { input: { reservationId: d.reservation?.id, actualQuantity: '1' } }, t.ownerKey);
    expect(r.data?.settleSpend).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'actualQuantity'], message: expect.stringMatching(/not priced/) }],
    });
    const both = await post(
      Settle,
      { input: { reservationId: d.reservation?.id, actualQuantity: '1', actualAmount: '1' } },
      t.ownerKey,
    );
    expect(both.data?.settleSpend).toMatchObject({ __typename: 'ValidationError' });
    expect((await prisma.spendReservation.findFirstOrThrow({ where: { agentId } })).status).toBe('PENDING');
  });
});

const Transactions = `query($filter: TransactionsFilter, $first: Int) { transactions(filter: $filter, first: $first) {
  edges { node { kind spentDelta reservedDelta budget { name } reservation { service agent { slug } } } } } }`;
const Treasury = `query($from: DateTime!, $to: DateTime!) { treasury(from: $from, to: $to) {
  settled settlements adjusted reservedNow revenueByService { key amount count } spendByAgent { key amount count } } }`;

describe('the treasury', () => {
  async function spendSome(agents: number) {
    await t.budget({ limit: '1000' });
    await service({ key: 'oracle', unit: 'query', unitPrice: '0.05' });
    const ids = [agentId];
    for (let i = 1; i < agents; i++) {
      const a = await t.agent();
      await t.version(a.id, '1.0.0', { publish: true });
      ids.push(a.id);
    }
    for (const id of ids) {
      const d = await authorize({ agentId: encodeGlobalId('Agent', id), service: 'oracle', quantity: '10' });
      await post(Settle, { input: { reservationId: d.reservation?.id, actualQuantity: '4' } }, t.ownerKey);
      await authorize({ agentId: encodeGlobalId('Agent', id), service: 'llm', amount: '3' });
    }
    return ids;
  }

  it('lists the ledger across budgets, filtered by agent, service and kind; totals, revenue per service and spend per agent', async () => {
    const ids = await spendSome(2);
    const all = await post(Transactions, { first: 100 }, t.ownerKey);
    const edges = (all.data?.transactions as { edges: { node: Record<string, unknown> }[] }).edges;
    // Per agent: RESERVE + SETTLE (oracle) and RESERVE (llm), in the one organization budget.
    expect(edges).toHaveLength(6);
    const mine = await post(
      Transactions,
      { filter: { agentId: encodeGlobalId('Agent', agentId), service: 'oracle', kinds: ['SETTLE'] } },
      t.ownerKey,
    );
    expect((mine.data?.transactions as { edges: unknown[] }).edges).toEqual([
      { node: expect.objectContaining({ kind: 'SETTLE', spentDelta: '0.2', reservedDelta: '-0.5' }) },
    ]);
    const range = {
      from: new Date(Date.now() - 60_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    };
    const treasury = (await post(Treasury, range, t.ownerKey)).data?.treasury;
    expect(treasury).toEqual({
      settled: '0.4',
      settlements: 2,
      adjusted: '0',
      reservedNow: '6',
      revenueByService: [{ key: 'oracle', amount: '0.4', count: 2 }],
      spendByAgent: ids
        .map((id) => ({ key: encodeGlobalId('Agent', id), amount: '0.2', count: 1 }))
        .sort((a, b) => (a.key < b.key ? -1 : 1)),
    });
    const other = await newTenant('Other');
    expect((await post(Transactions, {}, other.ownerKey)).data?.transactions).toEqual({ edges: [] });
    expect((await post(Treasury, range, other.ownerKey)).data?.treasury).toMatchObject({
      settled: '0',
      revenueByService: [],
    });
  });

  it('transactions and the treasury cost the same statements for 1 and for 8 agents', async () => {
    await spendSome(1);
    const range = {
      from: new Date(Date.now() - 60_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    };
    const cost = async () => {
      // The key is cached after a use (API_KEY_CACHE_SECONDS): both counts are without its lookup.
      await post('{ __typename }', {}, t.ownerKey);
      return {
        transactions: (await api.statements(() => post(Transactions, { first: 100 }, t.ownerKey))).length,
        treasury: (await api.statements(() => post(Treasury, range, t.ownerKey))).length,
      };
    };
    const small = await cost();
    t = await newTenant('Bigger');
    const a = await t.agent();
    await t.version(a.id, '1.0.0', { publish: true });
    agentId = a.id;
    agentGid = encodeGlobalId('Agent', a.id);
    await spendSome(8);
    const large = await cost();
    expect(large).toEqual(small);
    // The treasury: its totals and the spend part, one statement each (plus the caller's key).
    expect(small.treasury).toBeLessThanOrEqual(3);
  });
});

describe('prices under concurrency', () => {
  it('authorizations racing price changes each use one price, whole: amount = quantity × the unit price shown', async () => {
    await t.budget({ limit: '100000' });
    const s = await service({ key: 'racy', unit: 'call', unitPrice: '0.01' });
    const prices = ['0.02', '0.03', '0.07', '0.011', '0.013'];
    const quantities = Array.from({ length: 40 }, (_, i) => String(1 + i * 7));
    const [decisions] = await Promise.all([
      Promise.all(quantities.map((quantity) => authorize({ service: 'racy', quantity }))),
      (async () => {
        for (const unitPrice of prices)
          await post(UpdateService, { input: { serviceId: s.service.id, unitPrice } }, t.ownerKey);
      })(),
    ]);
    for (const [i, d] of decisions.entries()) {
      const price = d.price as { unitPrice: string; quantity: string; amount: string };
      expect(['0.01', ...prices]).toContain(price.unitPrice);
      expect(price.quantity).toBe(quantities[i]);
      expect(Number(price.amount)).toBeCloseTo(Number(price.unitPrice) * Number(quantities[i]), 6);
      expect(d.reservation?.amount).toBe(price.amount);
    }
    // The database holds each reservation to its price too (a CHECK constraint).
    const rows = await prisma.spendReservation.findMany({ where: { service: 'racy', agentId } });
    expect(rows).toHaveLength(40);
    for (const r of rows)
      expect(r.amount.toString()).toBe(
        r.quantity
          ?.mul(r.unitPrice ?? 0)
          .toDecimalPlaces(6)
          .toString(),
      );
  });
});
