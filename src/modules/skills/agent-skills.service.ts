// What an agent is certified to do: the job role it performs and the skills it holds. Only
// CERTIFIED ones can be given; taking them away is always allowed. The agent row is locked first,
// then the skills or job role FOR SHARE (src/db/transaction.ts order), so nothing given here is
// deprecated by a concurrent transaction before this one commits.
import type { Caller } from '../../auth/viewer.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { CertificationStatus } from '../../generated/prisma/enums.js';
import { ValidationError } from '../../graphql/errors.js';
import { assertAgentEditable } from '../agents/agent-lifecycle.js';
import { lockAgent } from '../agents/agents.service.js';
import { shareSkills } from './skills.service.js';

/** `jobRole` null takes the job role away; `{id: null}` names one that cannot exist. */
export function assignAgentJobRole(caller: Caller, agentId: string | null, jobRole: { id: string | null } | null) {
  return transact(async (tx) => {
    const agent = await lockAgent(tx, caller, agentId);
    assertAgentEditable(agent.status);
    let role: { id: string; name: string } | null = null;
    if (jobRole) {
      const [row] = jobRole.id
        ? await tx.$queryRaw<{ id: string; name: string; status: CertificationStatus }[]>`
            SELECT id, name, status FROM "JobRole"
             WHERE id = ${jobRole.id}::uuid AND "organizationId" = ${caller.viewer.organizationId}::uuid FOR SHARE`
        : [];
      const path = ['input', 'jobRoleId'];
      if (!row) throw ValidationError.of(path, 'no job role with this ID in your organization');
      if (row.status !== 'CERTIFIED')
        throw ValidationError.of(path, `job role "${row.name}" is ${row.status}; only CERTIFIED ones can be assigned`);
      role = row;
    }
    const updated = await tx.agent.update({ where: { id: agent.id }, data: { jobRoleId: role?.id ?? null } });
    appendEvents(tx, caller, [
      {
        verb: 'agent.job_role_assigned',
        subjectType: 'Agent',
        subjectId: agent.id,
        agentId: agent.id,
        payload: { jobRole: role?.name ?? null, previousJobRoleId: agent.jobRoleId },
      },
    ]);
    return updated;
  });
}

export function updateAgentSkills(
  caller: Caller,
  agentId: string | null,
  change: { add: (string | null)[]; remove: (string | null)[] },
) {
  return transact(async (tx) => {
    const agent = await lockAgent(tx, caller, agentId);
    assertAgentEditable(agent.status);
    const added = await shareSkills(tx, caller, change.add, ['input', 'add'], ['CERTIFIED']);
    const removeIds = change.remove.filter((id): id is string => id !== null);
    const held = await tx.agentSkill.findMany({
      where: { agentId: agent.id },
      select: { skillId: true, skill: { select: { key: true } } },
    });
    const heldIds = new Set(held.map((h) => h.skillId));
    const issues = change.remove.flatMap((id, i) =>
      id && heldIds.has(id)
        ? []
        : [{ path: ['input', 'remove', String(i)], message: 'the agent does not hold this skill' }],
    );
    const both = added.filter((s) => removeIds.includes(s.id));
    if (both.length) issues.push({ path: ['input', 'remove'], message: 'a skill cannot be added and removed at once' });
    if (issues.length) throw new ValidationError(issues);
    const fresh = added.filter((s) => !heldIds.has(s.id));
    await tx.agentSkill.createMany({ data: fresh.map((s) => ({ agentId: agent.id, skillId: s.id })) });
    const removed = held.filter((h) => removeIds.includes(h.skillId)).map((h) => h.skill);
    await tx.agentSkill.deleteMany({ where: { agentId: agent.id, skillId: { in: removeIds } } });
    appendEvents(tx, caller, [
      {
        verb: 'agent.skills_changed',
        subjectType: 'Agent',
        subjectId: agent.id,
        agentId: agent.id,
        payload: { added: fresh.map((s) => s.key).sort(), removed: removed.map((s) => s.key).sort() },
      },
    ]);
    return tx.agent.findUniqueOrThrow({ where: { id: agent.id } });
  });
}
