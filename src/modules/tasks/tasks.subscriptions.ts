import { prisma } from '../../db/client.js';
import { activityStream } from '../../events/stream.js';
import type { ActivityEvent } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { viewerOf } from '../../graphql/context.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { parseSequenceCursor } from '../activity/activity.queries.js';
import { TaskType } from './task.type.js';

const TASK_VERBS = [
  'task.created',
  'task.started',
  'task.step_recorded',
  'task.completed',
  'task.failed',
  'task.cancelled',
  'task.retried',
];

const TaskStreamFilter = builder.inputType('TaskStreamFilter', {
  fields: (t) => ({
    taskId: t.globalID({ required: false }),
    agentId: t.globalID({ required: false }),
    contextId: t.globalID({ required: false }),
  }),
});

builder.subscriptionField('taskUpdated', (t) =>
  t.prismaField({
    type: TaskType,
    description: 'A task after each change: created, started, a step recorded, completed, failed, cancelled, retried.',
    authScopes: { scope: 'tasks:read' },
    args: {
      filter: t.arg({ type: TaskStreamFilter, required: false }),
      after: t.arg.string({
        required: false,
        description: 'Replay changes after this activity sequence, then go live.',
      }),
    },
    subscribe: (_root, { filter, after }, ctx) => {
      const taskId = filter?.taskId ? (idFor('Task', filter.taskId) ?? NIL_UUID) : null;
      const contextId = filter?.contextId ? (idFor('AgentContext', filter.contextId) ?? NIL_UUID) : null;
      return activityStream(viewerOf(ctx).organizationId, {
        after: after != null ? parseSequenceCursor(after) : null,
        filter: {
          agentId: filter?.agentId ? (idFor('Agent', filter.agentId) ?? NIL_UUID) : undefined,
          verbs: TASK_VERBS,
          where: (e) =>
            (!taskId || e.subjectId === taskId) &&
            (!contextId || (e.payload as { contextId?: string | null }).contextId === contextId),
        },
      });
    },
    resolve: (query, event) =>
      prisma.task.findUniqueOrThrow({ ...query, where: { id: (event as unknown as ActivityEvent).subjectId } }),
  }),
);
