import { TaskPriority, TaskStatus, TaskStepStatus } from '../../generated/prisma/enums.js';
import { builder } from '../../graphql/builder.js';
import { tenantOf } from '../../graphql/tenant.js';

export const TaskStatusEnum = builder.enumType(TaskStatus, {
  name: 'TaskStatus',
  description: 'QUEUED → RUNNING → SUCCEEDED or FAILED; QUEUED or RUNNING → CANCELLED; FAILED → QUEUED (retry).',
});
export const TaskPriorityEnum = builder.enumType(TaskPriority, { name: 'TaskPriority' });
export const TaskStepStatusEnum = builder.enumType(TaskStepStatus, { name: 'TaskStepStatus' });

export const TaskStepType = builder.prismaObject('TaskStep', {
  fields: (t) => ({
    position: t.exposeInt('position', { description: '1, 2, 3 … in the order recorded.' }),
    attempt: t.exposeInt('attempt', { description: 'The attempt the step belongs to.' }),
    step: t.exposeString('name'),
    state: t.expose('state', { type: 'JSON' }),
    status: t.expose('status', { type: TaskStepStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const TaskType = builder.prismaNode('Task', {
  id: { field: 'id' },
  nullable: true,
  description: "Work for one agent, driven step by step by the agent's own key.",
  findUnique: (id, ctx) => ({ id, organizationId: tenantOf(ctx, 'tasks:read') }),
  authScopes: { scope: 'tasks:read' },
  fields: (t) => ({
    agent: t.relation('agent'),
    context: t.relation('context', { nullable: true }),
    goal: t.exposeString('goal'),
    input: t.expose('input', { type: 'JSON' }),
    priority: t.expose('priority', { type: TaskPriorityEnum }),
    sandbox: t.exposeBoolean('sandbox'),
    status: t.expose('status', { type: TaskStatusEnum }),
    attempts: t.exposeInt('attempts', { description: 'Times the task has been started.' }),
    maxAttempts: t.exposeInt('maxAttempts'),
    output: t.expose('output', { type: 'JSON', nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    cost: t.expose('cost', { type: 'Decimal', nullable: true }),
    steps: t.relatedConnection('steps', {
      description: 'Steps recorded, in order.',
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { position: 'asc' } },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});
