import { checkpointPublicKey, checkpointStatement } from '../../events/checkpoint-signer.js';
import { issueCheckpoint } from '../../events/checkpoints.js';
import { type ChainVerification, verifyChain } from '../../events/verify.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';
import { encodeGlobalId } from '../../graphql/global-id.js';

const ChainBreakEnum = builder.enumType('ActivityChainBreak', {
  values: {
    MISSING_SEQUENCE: { description: 'A sequence number is absent from the log.' },
    PREV_HASH_MISMATCH: { description: "The event does not link to the previous event's hash." },
    HASH_MISMATCH: { description: 'The event was altered: its recomputed hash differs.' },
    HEAD_MISMATCH: {
      description: 'The newest event is not the one the chain head names: events were deleted or added past it.',
    },
    TRUNCATED: { description: 'The log ends before a signed checkpoint: its tail was deleted.' },
    REWRITTEN: { description: 'The event at a signed checkpoint has another hash than the one signed.' },
    CHECKPOINT_INVALID: { description: "The checkpoint's signature is not this server's." },
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
    signedCheckpointSequence: t.exposeInt('signedCheckpointSequence', {
      nullable: true,
      description: 'The signed checkpoint the log was compared with: the one you gave, or the newest stored.',
    }),
  }),
});

const SignedCheckpointType = builder.prismaObject('SignedCheckpoint', {
  description:
    "A signed statement of your organization's chain head: at `sequence` the chain's hash was `hash`. Keep it: `verifyActivityChain(checkpoint:)` and an offline check (README, Audit) detect any later rewrite or truncation of the log up to it.",
  fields: (t) => ({
    organizationId: t.field({
      type: 'ID',
      resolve: (c) => encodeGlobalId('Organization', c.organizationId),
    }),
    sequence: t.exposeInt('sequence'),
    hash: t.exposeString('hash'),
    signedAt: t.expose('signedAt', { type: 'DateTime' }),
    signature: t.exposeString('signature', { description: 'Base64 Ed25519 signature of `statement`.' }),
    statement: t.string({
      description:
        'The exact bytes signed: canonical JSON (RFC 8785) of algorithm, organizationId (a UUID), sequence, hash, signedAt.',
      resolve: (c) => checkpointStatement(c),
    }),
    publicKey: t.string({
      description: "The server's Ed25519 public key (SPKI PEM) that verifies `signature`.",
      resolve: () => checkpointPublicKey(),
    }),
  }),
});

const CheckpointInput = builder.inputType('ActivityCheckpointInput', {
  description: 'A checkpoint you kept from `activityCheckpoint`.',
  fields: (t) => ({
    sequence: t.int(),
    hash: t.string(),
    signedAt: t.field({ type: 'DateTime' }),
    signature: t.string(),
  }),
});

builder.queryField('activityCheckpoint', (t) =>
  t.field({
    type: SignedCheckpointType,
    nullable: true,
    description:
      "Your organization's newest signed checkpoint, signing the current chain head first if it moved (after verifying the events since the previous one). Null while the log is empty.",
    authScopes: { scope: 'audit:read' },
    complexity: 100,
    resolve: (_root, _args, ctx) => issueCheckpoint(viewerOf(ctx).organizationId),
  }),
);

builder.queryField('verifyActivityChain', (t) =>
  t.field({
    type: Verification,
    description: "Recompute your organization's hash chain over [from, to] (default: all of it).",
    authScopes: { scope: 'audit:read' },
    // Reads and hashes the whole range: priced like a thousand nodes (src/graphql/cost.ts).
    complexity: 1_000,
    args: {
      from: t.arg.int({ required: false }),
      to: t.arg.int({ required: false }),
      checkpoint: t.arg({
        type: CheckpointInput,
        required: false,
        description: 'A checkpoint you kept; without it, the newest stored one is used.',
      }),
    },
    resolve: (_root, args, ctx) => verifyChain(viewerOf(ctx).organizationId, args, args.checkpoint),
  }),
);
