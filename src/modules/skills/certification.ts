// Certification (the Genesis workflow) for skills and job roles — the one owner of its rules:
// DRAFT → PENDING_CERTIFICATION → CERTIFIED or REJECTED (with a reason); a rejected one may be
// changed and submitted again; CERTIFIED or REJECTED → DEPRECATED, which is final. Only a
// person holding certification:decide certifies, rejects or deprecates, and never what they
// submitted themselves (neither by their own key nor by their JWT). Something in use — a skill
// held by an agent or required by a live job role, a job role some agent performs — cannot be
// deprecated: the refusal names what uses it.
import { refuseAgentKey } from '../../auth/agent-binding.js';
import type { Caller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import type { Tx } from '../../db/client.js';
import { lockOwnedRow } from '../../db/lock.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { JobRole, Skill } from '../../generated/prisma/client.js';
import type { CertificationStatus } from '../../generated/prisma/enums.js';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../../graphql/errors.js';

export type Certifiable = 'Skill' | 'JobRole';
export type CertificationStep = 'submit' | 'certify' | 'reject' | 'deprecate';

const TO: Record<CertificationStep, CertificationStatus> = {
  submit: 'PENDING_CERTIFICATION',
  certify: 'CERTIFIED',
  reject: 'REJECTED',
  deprecate: 'DEPRECATED',
};

const FROM: Record<CertificationStep, readonly CertificationStatus[]> = {
  submit: ['DRAFT', 'REJECTED'],
  certify: ['PENDING_CERTIFICATION'],
  reject: ['PENDING_CERTIFICATION'],
  deprecate: ['CERTIFIED', 'REJECTED'],
};

/** The steps only a person with certification:decide may take. */
export const DECIDING_STEPS: readonly CertificationStep[] = ['certify', 'reject', 'deprecate'];

/** Content may change only before submission or after a rejection. */
export function assertEditable(kind: Certifiable, status: CertificationStatus): void {
  if (status !== 'DRAFT' && status !== 'REJECTED')
    throw new InvalidTransitionError(
      kind,
      status,
      status,
      `A ${status} ${kind === 'Skill' ? 'skill' : 'job role'} cannot be changed; only DRAFT or REJECTED ones can.`,
    );
}

/** The verb prefix of each kind's events. */
export const VERB: Record<Certifiable, string> = { Skill: 'skill', JobRole: 'job_role' };

/** Locks a skill or job role of the caller's organization (a subject row: src/db/transaction.ts order). */
export async function lockCertifiable<K extends Certifiable>(
  tx: Tx,
  caller: Caller,
  kind: K,
  id: string | null,
): Promise<K extends 'Skill' ? Skill : JobRole> {
  const row = await lockOwnedRow<Skill | JobRole>(tx, kind, id, caller.viewer.organizationId);
  if (!row) throw new NotFoundError(kind);
  return row as K extends 'Skill' ? Skill : JobRole;
}

/** What still uses a skill or job role; deprecating it is refused while anything does. */
async function usesOf(tx: Tx, kind: Certifiable, id: string): Promise<string[]> {
  if (kind === 'JobRole') {
    const agents = await tx.agent.count({ where: { jobRoleId: id, status: { not: 'RETIRED' } } });
    return agents ? [`performed by ${agents} agent${agents === 1 ? '' : 's'}`] : [];
  }
  const [agents, roles] = await Promise.all([
    tx.agentSkill.count({ where: { skillId: id, agent: { status: { not: 'RETIRED' } } } }),
    tx.jobRoleSkill.count({ where: { skillId: id, jobRole: { status: { not: 'DEPRECATED' } } } }),
  ]);
  return [
    ...(agents ? [`held by ${agents} agent${agents === 1 ? '' : 's'}`] : []),
    ...(roles ? [`required by ${roles} job role${roles === 1 ? '' : 's'} not deprecated`] : []),
  ];
}

/** A job role is certified only when every skill it requires is (read FOR SHARE: none is deprecated meanwhile). */
async function assertRequiredSkillsCertified(tx: Tx, jobRoleId: string): Promise<void> {
  const skills = await tx.$queryRaw<{ key: string; status: CertificationStatus }[]>`
    SELECT s.key, s.status FROM "JobRoleSkill" r JOIN "Skill" s ON s.id = r."skillId"
     WHERE r."jobRoleId" = ${jobRoleId}::uuid ORDER BY s.id FOR SHARE OF s`;
  const uncertified = skills.filter((s) => s.status !== 'CERTIFIED');
  if (uncertified.length)
    throw new ConflictError(
      `Every required skill must be CERTIFIED first: ${uncertified.map((s) => `${s.key} (${s.status})`).join(', ')}.`,
    );
}

/** Takes one certification step on a skill or job role, with its event, in one transaction. */
export function certificationStep(
  caller: Caller,
  kind: Certifiable,
  id: string | null,
  step: CertificationStep,
  reason: string | null = null,
) {
  const { actorType, actorId, userId } = caller.viewer;
  if (DECIDING_STEPS.includes(step)) refuseAgentKey(caller.viewer, 'certify');
  return transact(async (tx) => {
    const row = await lockCertifiable(tx, caller, kind, id);
    const to = TO[step];
    if (!FROM[step].includes(row.status)) throw new InvalidTransitionError(kind, row.status, to);
    if (step === 'reject' && !reason) throw ValidationError.of(['input', 'reason'], 'is required to reject');
    if (DECIDING_STEPS.includes(step)) {
      const submitter =
        (row.submittedByType === actorType && row.submittedById === actorId) ||
        (userId !== null && row.submittedByUserId === userId);
      if (submitter && step !== 'deprecate')
        throw new ConflictError('You submitted this for certification; someone else must decide it.');
    }
    if (step === 'certify' && kind === 'JobRole') await assertRequiredSkillsCertified(tx, row.id);
    if (step === 'deprecate') {
      const uses = await usesOf(tx, kind, row.id);
      if (uses.length) throw new ConflictError(`It is still in use (${uses.join('; ')}): reassign those first.`);
    }
    const now = clock.now();
    const data = {
      status: to,
      ...(step === 'submit'
        ? {
            submittedByType: actorType,
            submittedById: actorId,
            submittedByUserId: userId,
            submittedAt: now,
            rejectionReason: null,
            decidedByType: null,
            decidedById: null,
            decidedAt: null,
          }
        : {}),
      ...(step === 'certify' || step === 'reject'
        ? { decidedByType: actorType, decidedById: actorId, decidedAt: now, rejectionReason: reason }
        : {}),
      ...(step === 'deprecate' ? { deprecatedAt: now } : {}),
    };
    const updated =
      kind === 'Skill'
        ? await tx.skill.update({ where: { id: row.id }, data })
        : await tx.jobRole.update({ where: { id: row.id }, data });
    appendEvents(tx, caller, [
      {
        verb: `${VERB[kind]}.${{ submit: 'submitted', certify: 'certified', reject: 'rejected', deprecate: 'deprecated' }[step]}`,
        subjectType: kind,
        subjectId: row.id,
        payload: {
          ...('key' in row ? { key: row.key } : { name: row.name }),
          from: row.status,
          to,
          ...(reason ? { reason } : {}),
        },
      },
    ]);
    return updated;
  });
}
