// Issue 16 §5: tamper evidence that survives a database superuser. The chain is compared with its
// head, and the head with Ed25519-signed checkpoints whose key lives outside the database: a
// rewritten newest event (hash and head recomputed), a deleted tail (head wound back) and a
// forged checkpoint are all reported; the statement verifies offline with the public key alone.
import { createPublicKey, verify } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventHash } from '../../src/events/append.js';
import { asSuperuser, postGraphQL, prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

const post = (query: string, token: string, variables?: unknown) =>
  postGraphQL<{ data: Record<string, Record<string, unknown>> }>(api.url, query, variables, token).then((r) => r.body);

const Checkpoint = '{ activityCheckpoint { organizationId sequence hash signedAt signature statement publicKey } }';
const Verify = `query($checkpoint: ActivityCheckpointInput) {
  verifyActivityChain(checkpoint: $checkpoint) { ok brokenAt reason signedCheckpointSequence }
}`;

let tenant: Tenant;
beforeEach(async () => {
  tenant = await newTenant('Audited');
  for (let i = 0; i < 3; i++) await tenant.agent();
});

async function signedNow() {
  const answer = await post(Checkpoint, tenant.ownerKey);
  return answer.data.activityCheckpoint as {
    sequence: number;
    hash: string;
    signedAt: string;
    signature: string;
    statement: string;
    publicKey: string;
  };
}

describe('signed checkpoints', () => {
  it('sign the chain head; the statement verifies offline with the public key alone', async () => {
    const checkpoint = await signedNow();
    const head = await prisma.activityChainHead.findUniqueOrThrow({
      where: { organizationId: tenant.organization.id },
    });
    expect(checkpoint).toMatchObject({ sequence: head.lastSequence, hash: head.lastHash });
    expect(JSON.parse(checkpoint.statement)).toEqual({
      algorithm: 'Ed25519',
      organizationId: tenant.organization.id,
      sequence: head.lastSequence,
      hash: head.lastHash,
      signedAt: checkpoint.signedAt,
    });
    const key = createPublicKey(checkpoint.publicKey);
    expect(verify(null, Buffer.from(checkpoint.statement), key, Buffer.from(checkpoint.signature, 'base64'))).toBe(
      true,
    );
    expect(
      verify(
        null,
        Buffer.from(checkpoint.statement.replace('"sequence":', '"sequence":1')),
        key,
        Buffer.from(checkpoint.signature, 'base64'),
      ),
    ).toBe(false);
    expect((await post(Verify, tenant.ownerKey)).data.verifyActivityChain).toMatchObject({
      ok: true,
      signedCheckpointSequence: head.lastSequence,
    });
  });

  it('a rewritten newest event, with its hash and the head recomputed, is reported REWRITTEN', async () => {
    const checkpoint = await signedNow();
    const newest = await prisma.activityEvent.findFirstOrThrow({
      where: { organizationId: tenant.organization.id },
      orderBy: { sequence: 'desc' },
    });
    const forged = { ...newest, payload: { forged: true } };
    const hash = eventHash(newest.prevHash, forged as never);
    await asSuperuser(api.databaseUrl, 'UPDATE "ActivityEvent" SET payload = $1, hash = $2 WHERE id = $3', [
      { forged: true },
      hash,
      newest.id,
    ]);
    await prisma.activityChainHead.update({
      where: { organizationId: tenant.organization.id },
      data: { lastHash: hash },
    });
    const answer = await post(Verify, tenant.ownerKey, {
      checkpoint: {
        sequence: checkpoint.sequence,
        hash: checkpoint.hash,
        signedAt: checkpoint.signedAt,
        signature: checkpoint.signature,
      },
    });
    expect(answer.data.verifyActivityChain).toMatchObject({
      ok: false,
      reason: 'REWRITTEN',
      brokenAt: checkpoint.sequence,
    });
    // The newest stored checkpoint says the same, and the tampered head is never signed.
    expect((await post(Verify, tenant.ownerKey)).data.verifyActivityChain).toMatchObject({ reason: 'REWRITTEN' });
  });

  it('deleting the last two events and winding the head back is reported TRUNCATED', async () => {
    const checkpoint = await signedNow();
    const [, second] = await prisma.activityEvent.findMany({
      where: { organizationId: tenant.organization.id },
      orderBy: { sequence: 'desc' },
      take: 3,
    });
    await asSuperuser(api.databaseUrl, 'DELETE FROM "ActivityEvent" WHERE "organizationId" = $1 AND sequence > $2', [
      tenant.organization.id,
      checkpoint.sequence - 2,
    ]);
    await prisma.activityChainHead.update({
      where: { organizationId: tenant.organization.id },
      data: { lastSequence: checkpoint.sequence - 2, lastHash: second?.prevHash ?? '' },
    });
    expect((await post(Verify, tenant.ownerKey)).data.verifyActivityChain).toMatchObject({
      ok: false,
      reason: 'TRUNCATED',
    });
  });

  it('deleting the newest events without winding the head back is reported HEAD_MISMATCH', async () => {
    const head = await prisma.activityChainHead.findUniqueOrThrow({
      where: { organizationId: tenant.organization.id },
    });
    await asSuperuser(api.databaseUrl, 'DELETE FROM "ActivityEvent" WHERE "organizationId" = $1 AND sequence = $2', [
      tenant.organization.id,
      head.lastSequence,
    ]);
    expect((await post(Verify, tenant.ownerKey)).data.verifyActivityChain).toMatchObject({
      ok: false,
      reason: 'HEAD_MISMATCH',
    });
  });

  it('a checkpoint whose signature is not the server’s is reported CHECKPOINT_INVALID', async () => {
    const checkpoint = await signedNow();
    const answer = await post(Verify, tenant.ownerKey, {
      checkpoint: {
        sequence: checkpoint.sequence,
        hash: checkpoint.hash,
        signedAt: checkpoint.signedAt,
        signature: Buffer.alloc(64).toString('base64'),
      },
    });
    expect(answer.data.verifyActivityChain).toMatchObject({ ok: false, reason: 'CHECKPOINT_INVALID' });
  });
});
