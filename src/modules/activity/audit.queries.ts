import { type ChainVerification, verifyChain } from '../../events/verify.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';

const ChainBreakEnum = builder.enumType('ActivityChainBreak', {
  values: {
    MISSING_SEQUENCE: { description: 'A sequence number is absent from the log.' },
    PREV_HASH_MISMATCH: { description: "The event does not link to the previous event's hash." },
    HASH_MISMATCH: { description: 'The event was altered: its recomputed hash differs.' },
  } as const,
});

const Verification = builder.objectRef<ChainVerification>('ActivityChainVerification').implement({
  description: 'The result of recomputing the hash chain over a range of the log.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    from: t.exposeInt('from', { description: 'First sequence checked.' }),
    to: t.exposeInt('to', { description: 'Last sequence of the range.' }),
    checked: t.exposeInt('checked', {
      description: 'How many events were verified before the end or the first break.',
    }),
    brokenAt: t.exposeInt('brokenAt', { nullable: true, description: 'The first broken sequence number.' }),
    reason: t.field({ type: ChainBreakEnum, nullable: true, resolve: (v) => v.reason }),
    checkpointSequence: t.exposeInt('checkpointSequence', {
      nullable: true,
      description: 'Where the retained log begins after retention (events up to it were pruned).',
    }),
  }),
});

builder.queryField('verifyActivityChain', (t) =>
  t.field({
    type: Verification,
    description: "Recompute your organization's hash chain over [from, to] (default: all of it).",
    authScopes: { scope: 'audit:read' },
    // Reads and hashes the whole range: priced like a thousand nodes (src/graphql/cost.ts).
    complexity: 1_000,
    args: { from: t.arg.int({ required: false }), to: t.arg.int({ required: false }) },
    resolve: (_root, args, ctx) => verifyChain(viewerOf(ctx).organizationId, args),
  }),
);
