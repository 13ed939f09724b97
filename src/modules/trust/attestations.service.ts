import { refuseAgentKey } from '../../auth/agent-binding.js';
import type { Caller } from '../../auth/viewer.js';
import type { Prisma } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { ConflictError, NotFoundError, ValidationError } from '../../graphql/errors.js';
import { lockAgentForTrust, recomputeTrust } from './trust.service.js';

export interface NewAttestation {
  agentId: string | null;
  versionGiven: boolean;
  versionId: string | null;
  issuer: string;
  claim: string;
  evidence: Prisma.InputJsonObject;
  score: number;
  expiresAt: Date | null;
}

export function addAttestation(caller: Caller, input: NewAttestation) {
  const { organizationId } = caller.viewer;
  // An attestation is a third party's claim: an agent's key would only ever attest itself.
  refuseAgentKey(caller.viewer, 'add attestations');
  return transact(async (tx) => {
    const agent = input.agentId ? await tx.agent.findFirst({ where: { id: input.agentId, organizationId } }) : null;
    if (!agent) throw new NotFoundError('Agent');
    await lockAgentForTrust(tx, agent.id);
    if (input.versionGiven) {
      const version = input.versionId
        ? await tx.agentVersion.findFirst({ where: { id: input.versionId, agentId: agent.id } })
        : null;
      if (!version) throw ValidationError.of(['input', 'versionId'], 'must be a version of the agent');
    }
    const attestation = await tx.attestation.create({
      data: {
        organizationId,
        agentId: agent.id,
        versionId: input.versionGiven ? input.versionId : null,
        issuer: input.issuer,
        claim: input.claim,
        evidence: input.evidence,
        score: input.score,
        expiresAt: input.expiresAt,
        createdBy: caller.viewer.actorId,
      },
    });
    const [event] = appendEvents(tx, caller, [
      {
        verb: 'attestation.added',
        subjectType: 'Attestation',
        subjectId: attestation.id,
        agentId: agent.id,
        payload: { issuer: attestation.issuer, claim: attestation.claim, score: attestation.score },
      },
    ]);
    await recomputeTrust(tx, caller, agent.id, { verb: 'attestation.added', event: event ?? null });
    return attestation;
  });
}

export function revokeAttestation(caller: Caller, attestationId: string | null) {
  // Withdrawing a third party's claim is as much the organization's act as making one.
  refuseAgentKey(caller.viewer, 'revoke attestations');
  return transact(async (tx) => {
    const id = await lockOwned(tx, 'Attestation', attestationId, caller.viewer.organizationId);
    const attestation = id ? await tx.attestation.findUnique({ where: { id } }) : null;
    if (!attestation) throw new NotFoundError('Attestation');
    await lockAgentForTrust(tx, attestation.agentId);
    if (attestation.revokedAt) throw new ConflictError('The attestation is already revoked.');
    const revoked = await tx.attestation.update({
      where: { id: attestation.id },
      data: { revokedAt: new Date(), revokedBy: caller.viewer.actorId },
    });
    const [event] = appendEvents(tx, caller, [
      {
        verb: 'attestation.revoked',
        subjectType: 'Attestation',
        subjectId: attestation.id,
        agentId: attestation.agentId,
        payload: { issuer: attestation.issuer, claim: attestation.claim },
      },
    ]);
    await recomputeTrust(tx, caller, attestation.agentId, { verb: 'attestation.revoked', event: event ?? null });
    return revoked;
  });
}
