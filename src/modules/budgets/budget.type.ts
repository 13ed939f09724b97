import { clock } from '../../clock.js';
import { Decimal, prisma } from '../../db/client.js';
import {
  BudgetSubject,
  BudgetWindow,
  ReservationStatus,
  SpendKind,
  SpendPriority,
} from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import type { RequestContext } from '../../graphql/context.js';
import { requestLoader } from '../../graphql/loaders.js';
import { tenantOf } from '../../graphql/tenant.js';
import { currentWindow } from './windows.js';

export const BudgetWindowEnum = builder.enumType(BudgetWindow, {
  name: 'BudgetWindow',
  description: 'Periods start in the organization time zone.',
});
export const BudgetSubjectEnum = builder.enumType(BudgetSubject, { name: 'BudgetSubject' });
export const SpendPriorityEnum = builder.enumType(SpendPriority, { name: 'SpendPriority' });
export const SpendKindEnum = builder.enumType(SpendKind, { name: 'SpendKind' });
const ReservationStatusEnum = builder.enumType(ReservationStatus, { name: 'ReservationStatus' });

const Window = builder.simpleObject('BudgetWindowRange', {
  fields: (t) => ({ start: t.field({ type: 'DateTime' }), end: t.field({ type: 'DateTime', nullable: true }) }),
});

type Usage = { spent: Decimal; reserved: Decimal; window: { start: Date; end: Date | null } };
type Latest = { budgetId: string; windowStart: Date; windowEnd: Date | null; spent: Decimal; reserved: Decimal };

const windowSelect = { window: true, limit: true, organization: { select: { timeZone: true } } } as const;
type WithWindow = { id: string; window: BudgetWindow; limit: Decimal; organization: { timeZone: string } };

// One query per request for the current windows of every budget it shows: the latest window
// opened, and windows.ts decides whether it is still the current one (it keeps its end across
// a time-zone change) or a new one, not yet used, has begun.
const usageLoader = (ctx: RequestContext) =>
  requestLoader<Latest | null>(ctx, 'budgetUsage', async (ids) => {
    const rows = await prisma.$queryRaw<Latest[]>`
      SELECT DISTINCT ON ("budgetId") "budgetId", "windowStart", "windowEnd", spent, reserved
        FROM "BudgetUsage" WHERE "budgetId" = ANY(${[...ids]}::uuid[]) AND "windowStart" <= ${clock.now()}
       ORDER BY "budgetId", "windowStart" DESC`;
    return ids.map((id) => rows.find((r) => r.budgetId === id) ?? null);
  });
const usageFor = async (b: WithWindow, ctx: RequestContext): Promise<Usage> => {
  const latest = await usageLoader(ctx).load(b.id);
  const window = currentWindow(b.window, b.organization.timeZone, clock.now(), latest);
  return latest && latest.windowStart.getTime() === window.start.getTime()
    ? { spent: new Decimal(latest.spent), reserved: new Decimal(latest.reserved), window }
    : { spent: new Decimal(0), reserved: new Decimal(0), window };
};

export const BudgetType = builder.prismaNode('Budget', {
  id: { field: 'id' },
  // A row outside your organization loads as null, exactly like a missing one.
  nullable: true,
  description: 'A spending limit on a subject for a window. Money is decimal (strings on the wire).',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'budgets:read') }),
  authScopes: { scope: 'budgets:read' },
  fields: (t) => ({
    name: t.exposeString('name'),
    subjectType: t.expose('subjectType', { type: BudgetSubjectEnum }),
    agent: t.relation('agent', { nullable: true, description: 'The agent, for AGENT budgets.' }),
    window: t.expose('window', { type: BudgetWindowEnum }),
    limit: t.expose('limit', { type: 'Decimal' }),
    perCallLimit: t.expose('perCallLimit', { type: 'Decimal', nullable: true }),
    thresholds: t.exposeFloatList('thresholds', { description: 'Utilization levels announced once per window.' }),
    highPriorityReserve: t.float({
      description: 'Share of the limit only HIGH priority may use.',
      resolve: (b) => Number(b.highPriorityReserve),
    }),
    currency: t.exposeString('currency'),
    archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true }),
    currentWindow: t.field({
      type: Window,
      select: windowSelect,
      resolve: async (b, _a, ctx) => (await usageFor(b, ctx)).window,
    }),
    spent: t.field({
      type: 'Decimal',
      select: windowSelect,
      description: 'Settled and adjusted, this window.',
      resolve: async (b, _a, ctx) => (await usageFor(b, ctx)).spent,
    }),
    reserved: t.field({
      type: 'Decimal',
      select: windowSelect,
      description: 'Held by pending reservations, this window.',
      resolve: async (b, _a, ctx) => (await usageFor(b, ctx)).reserved,
    }),
    remaining: t.field({
      type: 'Decimal',
      select: windowSelect,
      description: 'limit − spent − reserved (may be negative after overspend).',
      resolve: async (b, _a, ctx) => {
        const u = await usageFor(b, ctx);
        return new Decimal(b.limit).minus(u.spent).minus(u.reserved);
      },
    }),
    utilization: t.float({
      select: windowSelect,
      description: '(spent + reserved) / limit.',
      resolve: async (b, _a, ctx) => {
        const u = await usageFor(b, ctx);
        return new Decimal(u.spent).plus(u.reserved).div(b.limit).toNumber();
      },
    }),
    entries: t.relatedConnection('entries', {
      description: 'The ledger, newest first.',
      cursor: 'id',
      query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('SpendEntry', {
  description: 'One ledger entry: a change to a budget’s spent or reserved amount.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: SpendKindEnum }),
    spentDelta: t.expose('spentDelta', { type: 'Decimal' }),
    reservedDelta: t.expose('reservedDelta', { type: 'Decimal' }),
    windowStart: t.expose('windowStart', { type: 'DateTime', description: 'The window it counts in.' }),
    actorType: t.exposeString('actorType'),
    reason: t.exposeString('reason'),
    budget: t.relation('budget'),
    reservation: t.relation('reservation', {
      nullable: true,
      description: 'The reservation it belongs to (its agent and service); null for an adjustment.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const SpendReservationType = builder.prismaNode('SpendReservation', {
  id: { field: 'id' },
  nullable: true,
  description: 'Money held for one call until it is settled, released or expires.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'budgets:read') }),
  authScopes: { scope: 'budgets:read' },
  fields: (t) => ({
    agent: t.relation('agent'),
    status: t.expose('status', { type: ReservationStatusEnum }),
    amount: t.expose('amount', { type: 'Decimal' }),
    actualAmount: t.expose('actualAmount', { type: 'Decimal', nullable: true }),
    priority: t.expose('priority', { type: SpendPriorityEnum }),
    service: t.exposeString('service'),
    quantity: t.expose('quantity', {
      type: 'Decimal',
      nullable: true,
      description: 'Priced from the catalog: the units authorized (null when the caller gave an amount).',
    }),
    unitPrice: t.expose('unitPrice', {
      type: 'Decimal',
      nullable: true,
      description: 'Priced from the catalog: the unit price used, also for settling by quantity.',
    }),
    usage: t.expose('usage', { type: 'JSON', nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    settledAt: t.expose('settledAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Agent', 'budgets', (t) =>
  t.relatedConnection('budgets', {
    description: "The agent's own budgets (organization budgets apply too; see budgets()).",
    authScopes: { scope: 'budgets:read' },
    cursor: 'id',
    query: { where: { archivedAt: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  }),
);
