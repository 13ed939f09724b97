import { type Prisma, prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { TaskStatusEnum, TaskType } from './task.type.js';

const TasksFilter = builder.inputType('TasksFilter', {
  fields: (t) => ({
    agentId: t.globalID({ required: false }),
    contextId: t.globalID({ required: false }),
    status: t.field({ type: [TaskStatusEnum], required: false, description: 'Any of these statuses.' }),
  }),
});

type Filter = typeof TasksFilter.$inferInput | null | undefined;

function tasksWhere(organizationId: string, filter: Filter): Prisma.TaskWhereInput {
  return {
    organizationId,
    ...(filter?.agentId ? { agentId: idFor('Agent', filter.agentId) ?? NIL_UUID } : {}),
    ...(filter?.contextId ? { contextId: idFor('AgentContext', filter.contextId) ?? NIL_UUID } : {}),
    ...(filter?.status?.length ? { status: { in: filter.status } } : {}),
  };
}

const NEWEST_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

builder.queryField('tasks', (t) =>
  t.prismaConnection({
    type: TaskType,
    cursor: 'id',
    description: 'Tasks of your organization, newest first.',
    authScopes: { scope: 'tasks:read' },
    args: { filter: t.arg({ type: TasksFilter, required: false }) },
    totalCount: (_parent, { filter }, ctx) => prisma.task.count({ where: tasksWhere(tenantOf(ctx), filter) }),
    resolve: (query, _root, { filter }, ctx) =>
      prisma.task.findMany({ ...query, where: tasksWhere(tenantOf(ctx), filter), orderBy: NEWEST_FIRST }),
  }),
);

builder.queryField('task', (t) =>
  t.prismaField({
    type: TaskType,
    nullable: true,
    description: 'A task by ID; null when it does not exist in your organization.',
    authScopes: { scope: 'tasks:read' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.task.findFirst({
        ...query,
        where: { id: idFor('Task', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx) },
      }),
  }),
);

for (const model of ['Agent', 'AgentContext'] as const) {
  builder.prismaObjectField(model, 'tasks', (t) =>
    t.relatedConnection('tasks', {
      description: 'Tasks, newest first.',
      authScopes: { scope: 'tasks:read' },
      cursor: 'id',
      totalCount: true,
      query: { orderBy: NEWEST_FIRST },
    }),
  );
}
