import type { Prisma } from '../../db/client.js';
import { prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { listOfAtMost } from '../../graphql/cost.js';
import { commonErrors } from '../../graphql/error-types.js';
import { encodeGlobalId, idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { given, parseInput } from '../../graphql/validation.js';
import type { PriceUsed } from '../services/pricing.js';
import {
  BudgetSubjectEnum,
  BudgetType,
  BudgetWindowEnum,
  SpendPriorityEnum,
  SpendReservationType,
} from './budget.type.js';
import { archiveBudget, createBudget, MAX_APPLICABLE_BUDGETS, updateBudget } from './budgets.service.js';
import {
  adjustBudgetInput,
  authorizeSpendInput,
  budgetSubjectInput,
  createBudgetInput,
  settleSpendInput,
  updateBudgetInput,
} from './budgets.validation.js';
import { adjustBudget, authorizeSpend, releaseSpend, type SpendDecision, settleSpend } from './spend.service.js';

const BudgetPayload = builder.simpleObject('BudgetPayload', {
  fields: (t) => ({ budget: t.field({ type: BudgetType }) }),
});
const ReservationPayload = builder.simpleObject('SpendReservationPayload', {
  fields: (t) => ({ reservation: t.field({ type: SpendReservationType }) }),
});

builder.mutationField('createBudget', (t) =>
  t.fieldWithInput({
    description: 'Create a budget for your organization or one of its agents.',
    authScopes: { scope: 'budgets:write' },
    errors: { types: commonErrors },
    input: {
      subjectType: t.input.field({
        type: BudgetSubjectEnum,
        description:
          'ORGANIZATION (no ID), AGENT (give agentId only) or CONTEXT (give contextId only); TRIAL budgets come with trials.',
      }),
      agentId: t.input.globalID({ required: false }),
      contextId: t.input.globalID({ required: false }),
      name: t.input.string(),
      window: t.input.field({ type: BudgetWindowEnum }),
      limit: t.input.field({ type: 'Decimal' }),
      perCallLimit: t.input.field({ type: 'Decimal', required: false }),
      thresholds: t.input.floatList({ required: false, description: 'Default [0.5, 0.8, 1].' }),
      highPriorityReserve: t.input.float({
        required: false,
        description: 'Share of the limit kept for HIGH priority, in [0, 1).',
      }),
      currency: t.input.string({ required: false }),
    },
    type: BudgetPayload,
    resolve: async (_root, { input }, ctx) => {
      const { subjectType, agentId, contextId, ...fields } = input;
      const parsed = parseInput(createBudgetInput, given(fields));
      // A global ID of another type names nothing: its subject is then not found.
      const subject = parseInput(budgetSubjectInput, {
        subjectType,
        agentId: agentId ? (idFor('Agent', agentId) ?? NIL_UUID) : null,
        contextId: contextId ? (idFor('AgentContext', contextId) ?? NIL_UUID) : null,
      });
      return { budget: await createBudget(callerOf(ctx), { ...parsed, subject }) };
    },
  }),
);

builder.mutationField('updateBudget', (t) =>
  t.fieldWithInput({
    description: 'Change a budget. Its subject and window are fixed.',
    authScopes: { scope: 'budgets:write' },
    errors: { types: commonErrors },
    input: {
      budgetId: t.input.globalID(),
      name: t.input.string({ required: false }),
      limit: t.input.field({ type: 'Decimal', required: false }),
      perCallLimit: t.input.field({ type: 'Decimal', required: false }),
      thresholds: t.input.floatList({ required: false }),
      highPriorityReserve: t.input.float({ required: false }),
    },
    type: BudgetPayload,
    resolve: async (_root, { input }, ctx) => {
      const { budgetId, ...patch } = input;
      return {
        budget: await updateBudget(callerOf(ctx), idFor('Budget', budgetId), parseInput(updateBudgetInput, patch)),
      };
    },
  }),
);

builder.mutationField('archiveBudget', (t) =>
  t.fieldWithInput({
    description: 'Archive a budget: it stops applying; its ledger stays.',
    authScopes: { scope: 'budgets:write' },
    errors: { types: commonErrors },
    input: { budgetId: t.input.globalID() },
    type: BudgetPayload,
    resolve: async (_root, { input }, ctx) => ({
      budget: await archiveBudget(callerOf(ctx), idFor('Budget', input.budgetId)),
    }),
  }),
);

builder.mutationField('adjustBudget', (t) =>
  t.fieldWithInput({
    description: 'A manual credit (negative) or debit (positive) to the current window, with a reason.',
    authScopes: { scope: 'budgets:adjust' },
    errors: { types: commonErrors },
    input: { budgetId: t.input.globalID(), amount: t.input.field({ type: 'Decimal' }), reason: t.input.string() },
    type: BudgetPayload,
    resolve: async (_root, { input }, ctx) => {
      const { amount, reason } = parseInput(adjustBudgetInput, { amount: input.amount, reason: input.reason });
      return { budget: await adjustBudget(callerOf(ctx), idFor('Budget', input.budgetId), amount, reason) };
    },
  }),
);

const SpendOutcomeEnum = builder.enumType('SpendOutcome', {
  values: {
    ALLOWED: { description: 'The amount is reserved: go ahead, then settle or release.' },
    DOWNGRADED: { description: 'The amount did not fit but the fallback did: it is reserved instead.' },
    REJECTED: { description: 'Nothing is reserved; a BUDGET violation was raised.' },
  } as const,
});
const Remaining = builder.simpleObject('BudgetRemaining', {
  fields: (t) => ({ budget: t.field({ type: BudgetType }), remaining: t.field({ type: 'Decimal' }) }),
});
const ReservationSummary = builder.simpleObject('ReservationSummary', {
  fields: (t) => ({ id: t.id(), amount: t.field({ type: 'Decimal' }), expiresAt: t.field({ type: 'DateTime' }) }),
});
const PriceUsedType = builder.objectRef<PriceUsed>('SpendPrice').implement({
  description: 'A price from the service catalog as used by one decision (later price changes do not alter it).',
  fields: (t) => ({
    service: t.exposeString('service', { description: 'The service key.' }),
    unit: t.exposeString('unit'),
    unitPrice: t.field({ type: 'Decimal', resolve: (p) => p.unitPrice }),
    currency: t.exposeString('currency'),
    quantity: t.field({ type: 'Decimal', resolve: (p) => p.quantity }),
    amount: t.field({ type: 'Decimal', description: 'quantity × unitPrice.', resolve: (p) => p.amount }),
  }),
});
const SpendDecisionType = builder.objectRef<SpendDecision>('SpendDecision').implement({
  description: 'The answer of authorizeSpend. A retry with the same requestKey gets the same answer.',
  fields: (t) => ({
    outcome: t.field({ type: SpendOutcomeEnum, resolve: (d) => d.outcome }),
    reservation: t.field({
      type: ReservationSummary,
      nullable: true,
      resolve: (d) =>
        d.reservationId
          ? {
              id: encodeReservation(d.reservationId),
              amount: d.reservedAmount as string,
              expiresAt: new Date(d.expiresAt as string),
            }
          : null,
    }),
    bindingBudget: t.prismaField({
      type: 'Budget',
      nullable: true,
      description: 'The budget that bound the decision (for DOWNGRADED and REJECTED).',
      resolve: (query, d) =>
        prisma.budget.findUnique({
          ...query,
          where: { id: d.bindingBudgetId ?? '00000000-0000-0000-0000-000000000000' },
        }),
    }),
    remaining: t.field({
      type: [Remaining],
      description: 'What remains in each applicable budget after this decision.',
      complexity: listOfAtMost(MAX_APPLICABLE_BUDGETS),
      resolve: async (d) => {
        const budgets = await prisma.budget.findMany({
          where: { id: { in: d.remaining.map((r) => r.budgetId) } },
          include: { organization: { select: { timeZone: true } } },
        });
        return d.remaining.flatMap((r) => {
          const budget = budgets.find((b) => b.id === r.budgetId);
          return budget ? [{ budget, remaining: r.remaining }] : [];
        });
      },
    }),
    reasons: t.exposeStringList('reasons'),
    price: t.field({
      type: PriceUsedType,
      nullable: true,
      description: 'The catalog price the amount was computed with (null when the caller gave the amount).',
      resolve: (d) => d.price ?? null,
    }),
    fallbackPrice: t.field({
      type: PriceUsedType,
      nullable: true,
      description: 'DOWNGRADED to the catalog’s fallback service: that service and its price.',
      resolve: (d) => d.fallbackPrice ?? null,
    }),
  }),
});

const encodeReservation = (id: string) => encodeGlobalId('SpendReservation', id);

builder.mutationField('authorizeSpend', (t) =>
  t.fieldWithInput({
    description: 'Reserve the estimated maximum of a call against every budget that applies, atomically.',
    authScopes: { scope: 'spend:authorize' },
    errors: { types: commonErrors },
    input: {
      agentId: t.input.globalID(),
      amount: t.input.field({
        type: 'Decimal',
        required: false,
        description: 'The estimated maximum, for a service not in the catalog.',
      }),
      quantity: t.input.field({
        type: 'Decimal',
        required: false,
        description: 'Units of a catalog service: the amount is quantity × its unit price (see SpendDecision.price).',
      }),
      priority: t.input.field({ type: SpendPriorityEnum, required: false }),
      service: t.input.string({
        description:
          'What the money is for, e.g. "openai:gpt-4o": a catalog key (give quantity) or any name (give amount).',
      }),
      requestKey: t.input.string({ description: 'Idempotency key: a retry with it gets the same decision.' }),
      fallbackAmount: t.input.field({ type: 'Decimal', required: false }),
      fallbackDescription: t.input.string({ required: false }),
      contextId: t.input.globalID({ required: false }),
    },
    type: SpendDecisionType,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(authorizeSpendInput, {
        amount: input.amount,
        quantity: input.quantity,
        priority: input.priority ?? undefined,
        service: input.service,
        requestKey: input.requestKey,
        fallback: input.fallbackAmount
          ? { amount: input.fallbackAmount, description: input.fallbackDescription ?? 'fallback' }
          : null,
      });
      return authorizeSpend(callerOf(ctx), {
        ...parsed,
        agentId: idFor('Agent', input.agentId),
        contextId: input.contextId ? (idFor('AgentContext', input.contextId) ?? NIL_UUID) : null,
      });
    },
  }),
);

builder.mutationField('settleSpend', (t) =>
  t.fieldWithInput({
    description:
      'Turn a reservation into spend. An actual amount above the reservation or a limit is recorded and raises a violation.',
    authScopes: { scope: 'spend:authorize' },
    errors: { types: commonErrors },
    input: {
      reservationId: t.input.globalID(),
      actualAmount: t.input.field({ type: 'Decimal', required: false }),
      actualQuantity: t.input.field({
        type: 'Decimal',
        required: false,
        description:
          'Instead of actualAmount, for a reservation priced from the catalog: at the price it was authorized at.',
      }),
      inputTokens: t.input.int({ required: false }),
      outputTokens: t.input.int({ required: false }),
      apiCalls: t.input.int({ required: false }),
    },
    type: ReservationPayload,
    resolve: async (_root, { input }, ctx) => {
      const { actualAmount, actualQuantity, usage } = parseInput(settleSpendInput, {
        actualAmount: input.actualAmount,
        actualQuantity: input.actualQuantity,
        usage: {
          inputTokens: input.inputTokens ?? 0,
          outputTokens: input.outputTokens ?? 0,
          apiCalls: input.apiCalls ?? 0,
        },
      });
      return {
        reservation: await settleSpend(
          callerOf(ctx),
          idFor('SpendReservation', input.reservationId),
          { amount: actualAmount, quantity: actualQuantity },
          usage as Prisma.InputJsonObject,
        ),
      };
    },
  }),
);

builder.mutationField('releaseSpend', (t) =>
  t.fieldWithInput({
    description: 'Give a reservation back unspent.',
    authScopes: { scope: 'spend:authorize' },
    errors: { types: commonErrors },
    input: { reservationId: t.input.globalID() },
    type: ReservationPayload,
    resolve: async (_root, { input }, ctx) => ({
      reservation: await releaseSpend(callerOf(ctx), idFor('SpendReservation', input.reservationId)),
    }),
  }),
);
