import { actorGlobalId } from '../../events/record.js';
import { type ActorType, CertificationStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const CertificationStatusEnum = builder.enumType(CertificationStatus, {
  name: 'CertificationStatus',
  description:
    'DRAFT → PENDING_CERTIFICATION (submit) → CERTIFIED or REJECTED (with a reason; change it and submit again) → DEPRECATED (final). Only CERTIFIED skills and job roles can be given to agents.',
});

interface CertifiableShape {
  status: CertificationStatus;
  submittedByType: ActorType | null;
  submittedById: string | null;
  submittedAt: Date | null;
  decidedByType: ActorType | null;
  decidedById: string | null;
  decidedAt: Date | null;
  rejectionReason: string | null;
  deprecatedAt: Date | null;
}

/** What skills and job roles share: where each stands in certification, and who moved it. */
export const CertifiableInterface = builder.interfaceRef<CertifiableShape>('Certifiable').implement({
  description: 'Something certified before agents may use it: a Skill or a JobRole.',
  resolveType: (value) => ('key' in value ? 'Skill' : 'JobRole'),
  fields: (t) => ({
    status: t.expose('status', { type: CertificationStatusEnum }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    submittedById: t.string({
      nullable: true,
      description: 'Who submitted it for certification (User or ApiKey ID); they cannot certify it.',
      resolve: (r) =>
        r.submittedByType ? actorGlobalId({ actorType: r.submittedByType, actorId: r.submittedById }) : null,
    }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    decidedById: t.string({
      nullable: true,
      description: 'Who certified or rejected it.',
      resolve: (r) => (r.decidedByType ? actorGlobalId({ actorType: r.decidedByType, actorId: r.decidedById }) : null),
    }),
    rejectionReason: t.exposeString('rejectionReason', { nullable: true }),
    deprecatedAt: t.expose('deprecatedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const SkillType = builder.prismaNode('Skill', {
  id: { field: 'id' },
  nullable: true,
  description: 'A skill an agent can be certified to use (Genesis workflow: certify before use).',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'agents:read') }),
  authScopes: { scope: 'agents:read' },
  interfaces: [CertifiableInterface],
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Unique in your organization, e.g. "invoice-extraction".' }),
    name: t.exposeString('name'),
    category: t.exposeString('category'),
    description: t.exposeString('description'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const JobRoleType = builder.prismaNode('JobRole', {
  id: { field: 'id' },
  nullable: true,
  description: 'A job role an agent performs; it requires skills, and is certified before agents may take it.',
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'agents:read') }),
  authScopes: { scope: 'agents:read' },
  interfaces: [CertifiableInterface],
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Unique in your organization.' }),
    description: t.exposeString('description'),
    requiredSkills: t.field({
      type: [SkillType],
      description: 'The skills an agent in this role must hold (the compliance audit reports those missing).',
      select: (_args, _ctx, nestedSelection) => ({
        requiredSkills: { select: { skill: nestedSelection(true) }, orderBy: { skill: { key: 'asc' } } },
      }),
      resolve: (role) => role.requiredSkills.map((r) => r.skill),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
