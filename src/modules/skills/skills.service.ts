// Skills and job roles: created as DRAFT, changed only while DRAFT or REJECTED
// (certification.ts owns the lifecycle), each write with its event in one transaction.
import type { Caller } from '../../auth/viewer.js';
import type { Tx } from '../../db/client.js';
import { transact, uniquely } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { CertificationStatus } from '../../generated/prisma/enums.js';
import { ValidationError } from '../../graphql/errors.js';
import { assertEditable, lockCertifiable } from './certification.js';

const skillTaken = (key: string) => `A skill "${key}" already exists in your organization.`;
const roleTaken = (name: string) => `A job role "${name}" already exists in your organization.`;

export interface NewSkill {
  key: string;
  name: string;
  category: string;
  description: string;
}

export function createSkill(caller: Caller, input: NewSkill) {
  return transact(async (tx) => {
    const skill = await uniquely(
      tx.skill.create({ data: { ...input, organizationId: caller.viewer.organizationId } }),
      skillTaken(input.key),
    );
    appendEvents(tx, caller, [
      {
        verb: 'skill.created',
        subjectType: 'Skill',
        subjectId: skill.id,
        payload: { key: skill.key, name: skill.name, category: skill.category },
      },
    ]);
    return skill;
  });
}

export function updateSkill(caller: Caller, skillId: string | null, patch: Partial<Omit<NewSkill, 'key'>>) {
  return transact(async (tx) => {
    const skill = await lockCertifiable(tx, caller, 'Skill', skillId);
    assertEditable('Skill', skill.status);
    const updated = await tx.skill.update({ where: { id: skill.id }, data: patch });
    appendEvents(tx, caller, [
      {
        verb: 'skill.updated',
        subjectType: 'Skill',
        subjectId: skill.id,
        payload: { key: skill.key, changed: Object.keys(patch).sort() },
      },
    ]);
    return updated;
  });
}

/**
 * The skills named by `ids`, each of the caller's organization and in one of `allowed`,
 * read FOR SHARE in id order (after the subject row: src/db/transaction.ts), so none changes
 * status before this transaction commits. Problems come back at their index under `path`.
 */
export async function shareSkills(
  tx: Tx,
  caller: Caller,
  ids: (string | null)[],
  path: string[],
  allowed: readonly CertificationStatus[],
): Promise<{ id: string; key: string }[]> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))].sort();
  const rows = wanted.length
    ? await tx.$queryRaw<{ id: string; key: string; status: CertificationStatus }[]>`
        SELECT id, key, status FROM "Skill"
         WHERE id = ANY(${wanted}::uuid[]) AND "organizationId" = ${caller.viewer.organizationId}::uuid
         ORDER BY id FOR SHARE`
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const issues = ids.flatMap((id, i) => {
    const row = id ? byId.get(id) : undefined;
    if (!row) return [{ path: [...path, String(i)], message: 'no skill with this ID in your organization' }];
    if (!allowed.includes(row.status))
      return [
        {
          path: [...path, String(i)],
          message: `skill "${row.key}" is ${row.status}; it must be ${allowed.join(' or ')}`,
        },
      ];
    return [];
  });
  if (issues.length) throw new ValidationError(issues);
  return rows;
}

/** A job role may require skills that are not yet certified, but not rejected or deprecated ones. */
const REQUIRABLE: readonly CertificationStatus[] = ['DRAFT', 'PENDING_CERTIFICATION', 'CERTIFIED'];

export interface NewJobRole {
  name: string;
  description: string;
  requiredSkillIds: (string | null)[];
}

export function createJobRole(caller: Caller, input: NewJobRole) {
  return transact(async (tx) => {
    const { requiredSkillIds, ...fields } = input;
    const role = await uniquely(
      tx.jobRole.create({ data: { ...fields, organizationId: caller.viewer.organizationId } }),
      roleTaken(input.name),
    );
    const skills = await shareSkills(tx, caller, requiredSkillIds, ['input', 'requiredSkillIds'], REQUIRABLE);
    await tx.jobRoleSkill.createMany({ data: skills.map((s) => ({ jobRoleId: role.id, skillId: s.id })) });
    appendEvents(tx, caller, [
      {
        verb: 'job_role.created',
        subjectType: 'JobRole',
        subjectId: role.id,
        payload: { name: role.name, requiredSkills: skills.map((s) => s.key).sort() },
      },
    ]);
    return role;
  });
}

export function updateJobRole(caller: Caller, jobRoleId: string | null, patch: Partial<NewJobRole>) {
  return transact(async (tx) => {
    const role = await lockCertifiable(tx, caller, 'JobRole', jobRoleId);
    assertEditable('JobRole', role.status);
    const { requiredSkillIds, ...fields } = patch;
    const updated = await uniquely(
      tx.jobRole.update({ where: { id: role.id }, data: fields }),
      roleTaken(fields.name ?? ''),
    );
    let requiredSkills: string[] | undefined;
    if (requiredSkillIds) {
      const skills = await shareSkills(tx, caller, requiredSkillIds, ['input', 'requiredSkillIds'], REQUIRABLE);
      await tx.jobRoleSkill.deleteMany({ where: { jobRoleId: role.id } });
      await tx.jobRoleSkill.createMany({ data: skills.map((s) => ({ jobRoleId: role.id, skillId: s.id })) });
      requiredSkills = skills.map((s) => s.key).sort();
    }
    appendEvents(tx, caller, [
      {
        verb: 'job_role.updated',
        subjectType: 'JobRole',
        subjectId: role.id,
        payload: {
          name: updated.name,
          changed: Object.keys(patch).sort(),
          ...(requiredSkills ? { requiredSkills } : {}),
        },
      },
    ]);
    return updated;
  });
}
