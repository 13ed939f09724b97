// Amounts are at most 12 digits before the point and 6 after (the database's Decimal(18,6)). A
// sum past that — a debit on top of a large spend, a quantity times a price, a settlement
// above a large reservation — is the caller's input going too far: a ValidationError at the
// argument's path that changes nothing, never a top-level error without a path.
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { prisma, useTestApi } from '../harness.js';
import { send } from '../schema-calls.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
const MAX = '999999999999';

let t: Tenant;
let agentGid: string;
let n = 0;
beforeEach(async () => {
  t = await newTenant('Large');
  const a = await t.agent();
  await t.version(a.id, '1.0.0', { publish: true });
  agentGid = encodeGlobalId('Agent', a.id);
});

const call = async (field: string, input: Record<string, unknown>) => {
  const type = `${field[0]?.toUpperCase()}${field.slice(1)}Input`;
  const { body } = await send(
    api.url,
    `mutation($input: ${type}!) { ${field}(input: $input) { __typename
      ... on ValidationError { issues { path message } }
      ${field === 'authorizeSpend' ? '... on SpendDecision { outcome reservation { id } }' : ''} } }`,
    { input },
    t.ownerKey,
  );
  if (body.errors) return { __typename: 'errors', errors: body.errors };
  return (body.data as Record<string, Record<string, unknown>>)[field] as {
    __typename: string;
    errors?: unknown;
    issues?: { path: string[]; message: string }[];
    outcome?: string;
    reservation?: { id: string } | null;
  };
};
const ledger = async () => ({
  entries: await prisma.spendEntry.count({ where: { budget: { organizationId: t.organization.id } } }),
  events: await prisma.activityEvent.count({ where: { organizationId: t.organization.id } }),
});

describe('amounts past Decimal(18,6)', () => {
  it('a debit that would carry spent past 999,999,999,999.999999 is a ValidationError on input.amount; nothing changes', async () => {
    const budget = await t.budget({ limit: MAX });
    const budgetId = encodeGlobalId('Budget', budget.id);
    expect(await call('adjustBudget', { budgetId, amount: MAX, reason: 'big' })).toMatchObject({
      __typename: 'BudgetPayload',
    });
    const before = await ledger();
    const second = await call('adjustBudget', { budgetId, amount: MAX, reason: 'too big' });
    expect(second).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'amount'] }] });
    expect(await ledger()).toEqual(before);
  });

  it('a quantity whose price is past the limit of an amount is a ValidationError on input.quantity; nothing changes', async () => {
    await t.budget({ limit: MAX });
    await send(
      api.url,
      'mutation($input: CreateServiceInput!) { createService(input: $input) { __typename } }',
      { input: { key: 'dear', name: 'Dear', unit: 'call', unitPrice: '1000' } },
      t.ownerKey,
    );
    const before = await ledger();
    const r = await call('authorizeSpend', {
      agentId: agentGid,
      service: 'dear',
      quantity: MAX,
      requestKey: `q-${++n}`,
    });
    expect(r).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'quantity'] }] });
    expect(await ledger()).toEqual(before);
  });

  it('settling far above a large spend is a ValidationError on input.actualAmount; the reservation stays open', async () => {
    const budget = await t.budget({ limit: MAX });
    const budgetId = encodeGlobalId('Budget', budget.id);
    await call('adjustBudget', { budgetId, amount: '999999999000', reason: 'most of it' });
    const d = await call('authorizeSpend', { agentId: agentGid, service: 'llm', amount: '1', requestKey: `s-${++n}` });
    expect(d).toMatchObject({ outcome: 'ALLOWED' });
    const before = await ledger();
    const settled = await call('settleSpend', { reservationId: d.reservation?.id, actualAmount: MAX });
    expect(settled).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'actualAmount'] }] });
    expect(await ledger()).toEqual(before);
    expect(await call('settleSpend', { reservationId: d.reservation?.id, actualAmount: '1' })).toMatchObject({
      __typename: 'SpendReservationPayload',
    });
  });
});
