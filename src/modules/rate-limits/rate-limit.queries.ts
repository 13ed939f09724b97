// `rateLimit`: what this operation cost and what is left of the caller's window, as GitHub's
// GraphQL API shows it. The numbers are the ones the limits plugin took before execution
// (src/graphql/operation-limits.ts), so a query that selects only `rateLimit` costs 1.
import { builder } from '../../graphql/builder.js';
import type { RateLimitState } from './rate-limit.store.js';

const RateLimitType = builder.objectRef<RateLimitState>('RateLimit').implement({
  description:
    'Your rate limit: every operation costs points (the nodes it may return, plus weights for expensive fields), spent from a budget per window shared by all server processes.',
  fields: (t) => ({
    cost: t.exposeInt('cost', { description: 'What this operation cost.' }),
    limit: t.exposeInt('limit', { description: 'Points per window.' }),
    used: t.exposeInt('used', { description: 'Points spent in the current window, this operation included.' }),
    remaining: t.exposeInt('remaining', { description: 'Points left in the current window.' }),
    resetAt: t.field({ type: 'DateTime', description: 'When the window ends.', resolve: (s) => s.resetAt }),
  }),
});

builder.queryField('rateLimit', (t) =>
  t.field({
    type: RateLimitType,
    nullable: true,
    description: 'What this operation cost and what remains of your rate-limit window.',
    resolve: (_root, _args, ctx) => ctx.rateLimit ?? null,
  }),
);
