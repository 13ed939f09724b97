import type { Prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';

export const ActivityFilterInput = builder.inputType('ActivityFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false }),
    verbs: t.stringList({ required: false, description: 'Any of these verbs, e.g. ["agent.created"].' }),
    subjectTypes: t.stringList({ required: false, description: 'Any of these subject types, e.g. ["Agent"].' }),
    from: t.field({ type: 'DateTime', required: false, description: 'Occurred at or after.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Occurred before.' }),
  }),
});

export interface ActivityFilterArg {
  agentId?: { typename: string; id: string } | null;
  verbs?: string[] | null;
  subjectTypes?: string[] | null;
  from?: Date | null;
  to?: Date | null;
}

/** The agent's database id; a foreign or malformed one matches nothing, like a missing one. */
export function agentIdOf(filter: ActivityFilterArg | null | undefined): string | null | undefined {
  return filter?.agentId ? (idFor('Agent', filter.agentId) ?? NIL_UUID) : undefined;
}

export function activityWhere(
  organizationId: string,
  filter: ActivityFilterArg | null | undefined,
): Prisma.ActivityEventWhereInput {
  const agentId = agentIdOf(filter);
  return {
    organizationId,
    ...(agentId ? { agentId } : {}),
    ...(filter?.verbs?.length ? { verb: { in: filter.verbs } } : {}),
    ...(filter?.subjectTypes?.length ? { subjectType: { in: filter.subjectTypes } } : {}),
    ...(filter?.from || filter?.to
      ? { occurredAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
      : {}),
  };
}
