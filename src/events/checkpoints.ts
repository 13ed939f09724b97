// Signed checkpoints of each organization's chain head (the statement and key are in
// checkpoint-signer.ts). A head is signed only after the events since the previous checkpoint
// verify, so a tampered log is never vouched for. Issued on request (`activityCheckpoint`) and
// by the periodic sweep for every organization whose log grew.
import { prisma } from '../db/client.js';
import type { SignedCheckpoint } from '../generated/prisma/client.js';
import { checkpointSignatureValid, signCheckpoint } from './checkpoint-signer.js';
import { verifyChain } from './verify.js';

export type CheckpointInput = Pick<SignedCheckpoint, 'sequence' | 'hash' | 'signedAt' | 'signature'>;

export function latestCheckpoint(organizationId: string) {
  return prisma.signedCheckpoint.findFirst({ where: { organizationId }, orderBy: { sequence: 'desc' } });
}

export function checkpointValid(organizationId: string, checkpoint: CheckpointInput): boolean {
  return checkpointSignatureValid({ organizationId, ...checkpoint }, checkpoint.signature);
}

/** The organization's newest signed checkpoint, signing the current head first if it moved. */
export async function issueCheckpoint(organizationId: string): Promise<SignedCheckpoint | null> {
  const [head, latest] = await Promise.all([
    prisma.activityChainHead.findUnique({ where: { organizationId } }),
    latestCheckpoint(organizationId),
  ]);
  if (!head || head.lastSequence === 0 || latest?.sequence === head.lastSequence) return latest;
  // Everything since the previous checkpoint must verify, against it, before the head is signed.
  const check = await verifyChain(organizationId, { from: latest ? latest.sequence + 1 : null, to: head.lastSequence });
  if (!check.ok) return latest;
  const claims = { organizationId, sequence: head.lastSequence, hash: head.lastHash, signedAt: new Date() };
  await prisma.signedCheckpoint.createMany({
    data: [{ ...claims, signature: signCheckpoint(claims) }],
    skipDuplicates: true,
  });
  return latestCheckpoint(organizationId);
}

/** Signs the head of every organization whose log grew since its last checkpoint. */
export async function sweepCheckpoints(): Promise<number> {
  const due = await prisma.$queryRaw<{ organizationId: string }[]>`
    SELECT h."organizationId" FROM "ActivityChainHead" h
    WHERE h."lastSequence" > coalesce(
      (SELECT max(c.sequence) FROM "SignedCheckpoint" c WHERE c."organizationId" = h."organizationId"), 0)`;
  for (const { organizationId } of due) await issueCheckpoint(organizationId);
  return due.length;
}
