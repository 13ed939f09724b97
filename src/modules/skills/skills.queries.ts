import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';
import { CertificationStatusEnum, JobRoleType, SkillType } from './skill.type.js';

const SkillsFilter = builder.inputType('SkillsFilter', {
  fields: (t) => ({
    status: t.field({ type: [CertificationStatusEnum], required: false, description: 'Any of these statuses.' }),
    category: t.string({ required: false }),
    search: t.string({ required: false, description: 'Part of the key or name, any case.' }),
  }),
});

builder.queryField('skills', (t) =>
  t.prismaConnection({
    type: SkillType,
    cursor: 'id',
    description: 'Your skills, by key.',
    authScopes: { scope: 'agents:read' },
    args: { filter: t.arg({ type: SkillsFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) => {
      const search = filter?.search?.slice(0, 200);
      const where: Prisma.SkillWhereInput = {
        organizationId: tenantOf(ctx),
        ...(filter?.status?.length ? { status: { in: filter.status } } : {}),
        ...(filter?.category ? { category: filter.category } : {}),
        ...(search
          ? {
              OR: [
                { key: { contains: search, mode: 'insensitive' } },
                { name: { contains: search, mode: 'insensitive' } },
              ],
            }
          : {}),
      };
      return prisma.skill.findMany({ ...query, where, orderBy: [{ key: 'asc' }, { id: 'asc' }] });
    },
  }),
);

const JobRolesFilter = builder.inputType('JobRolesFilter', {
  fields: (t) => ({
    status: t.field({ type: [CertificationStatusEnum], required: false, description: 'Any of these statuses.' }),
  }),
});

builder.queryField('jobRoles', (t) =>
  t.prismaConnection({
    type: JobRoleType,
    cursor: 'id',
    description: 'Your job roles, by name.',
    authScopes: { scope: 'agents:read' },
    args: { filter: t.arg({ type: JobRolesFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) =>
      prisma.jobRole.findMany({
        ...query,
        where: { organizationId: tenantOf(ctx), ...(filter?.status?.length ? { status: { in: filter.status } } : {}) },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      }),
  }),
);

builder.prismaObjectFields('Agent', (t) => ({
  jobRole: t.relation('jobRole', { nullable: true, description: 'The certified job role this agent performs.' }),
  skills: t.field({
    type: [SkillType],
    description: 'The certified skills this agent holds, by key.',
    select: (_args, _ctx, nestedSelection) => ({
      skills: { select: { skill: nestedSelection(true) }, orderBy: { skill: { key: 'asc' } } },
    }),
    resolve: (agent) => agent.skills.map((s) => s.skill),
  }),
  missingSkills: t.field({
    type: [SkillType],
    description: "The skills its job role requires that it does not hold (the compliance audit's finding).",
    select: (_args, _ctx, nestedSelection) => ({
      jobRole: {
        select: { requiredSkills: { select: { skill: nestedSelection(true) }, orderBy: { skill: { key: 'asc' } } } },
      },
      skills: { select: { skillId: true } },
    }),
    resolve: (agent) => {
      const held = new Set(agent.skills.map((s) => s.skillId));
      return (agent.jobRole?.requiredSkills ?? []).map((r) => r.skill).filter((s) => !held.has(s.id));
    },
  }),
}));
