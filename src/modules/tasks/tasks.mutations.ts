import { hasScope } from '../../auth/viewer.js';
import type { Prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors, governanceErrors } from '../../graphql/error-types.js';
import { TrialNotActiveError } from '../../graphql/errors.js';
import { idFor } from '../../graphql/global-id.js';
import { given, parseInput } from '../../graphql/validation.js';
import { TaskPriorityEnum, TaskStepStatusEnum, TaskType } from './task.type.js';
import {
  cancelTask,
  completeTask,
  createTask,
  failTask,
  recordTaskStep,
  retryTask,
  startTask,
} from './tasks.service.js';
import {
  cancelTaskInput,
  completeTaskInput,
  createTaskInput,
  failTaskInput,
  recordStepInput,
} from './tasks.validation.js';

const TaskPayload = builder.simpleObject('TaskPayload', {
  fields: (t) => ({ task: t.field({ type: TaskType }) }),
});

const TaskUsageInput = builder.inputType('TaskUsageInput', {
  fields: (t) => ({
    inputTokens: t.int({ required: false }),
    outputTokens: t.int({ required: false }),
    apiCalls: t.int({ required: false }),
  }),
});

const taskIdOf = (id: { typename: string; id: string }) => idFor('Task', id);

builder.mutationField('createTask', (t) =>
  t.fieldWithInput({
    description:
      'Queue a task for an ACTIVE agent (in a context it takes part in, if given). Policy decides on it first (action `task.create`; CONTENT rules see the goal and the input): PolicyDeniedError or ApprovalRequiredError refuse it.',
    authScopes: { scope: 'tasks:write' },
    errors: { types: [...commonErrors, ...governanceErrors] },
    input: {
      agentId: t.input.globalID(),
      goal: t.input.string(),
      input: t.input.field({ type: 'JSON', required: false }),
      priority: t.input.field({ type: TaskPriorityEnum, required: false, description: 'Default NORMAL.' }),
      contextId: t.input.globalID({ required: false }),
      sandbox: t.input.boolean({ required: false, description: 'Run without side effects outside the sandbox.' }),
      maxAttempts: t.input.int({ required: false, description: 'Default 3.' }),
      approvalRequestId: t.input.globalID({
        required: false,
        description: 'Queue a task that needs approval, once its approval request is APPROVED (single use).',
      }),
    },
    type: TaskPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(
        createTaskInput,
        given({
          goal: input.goal,
          input: input.input,
          priority: input.priority,
          sandbox: input.sandbox,
          maxAttempts: input.maxAttempts,
        }),
      );
      const task = await createTask(callerOf(ctx), {
        ...parsed,
        input: parsed.input as Prisma.InputJsonObject,
        agentId: idFor('Agent', input.agentId),
        contextGiven: input.contextId != null,
        contextId: input.contextId ? idFor('AgentContext', input.contextId) : null,
        approvalRequestId: input.approvalRequestId ? idFor('ApprovalRequest', input.approvalRequestId) : undefined,
      });
      return { task };
    },
  }),
);

builder.mutationField('startTask', (t) =>
  t.fieldWithInput({
    description: "QUEUED → RUNNING. Only the task's agent, with its own key.",
    authScopes: { scope: 'tasks:run' },
    errors: { types: [...commonErrors, TrialNotActiveError] },
    input: { taskId: t.input.globalID() },
    type: TaskPayload,
    resolve: async (_root, { input }, ctx) => ({ task: await startTask(callerOf(ctx), taskIdOf(input.taskId)) }),
  }),
);

builder.mutationField('recordTaskStep', (t) =>
  t.fieldWithInput({
    description: "Record a step of a RUNNING task and the state it left. Only the task's agent.",
    authScopes: { scope: 'tasks:run' },
    errors: { types: commonErrors },
    input: {
      taskId: t.input.globalID(),
      step: t.input.string({ description: 'What the step was, e.g. "search the knowledge base".' }),
      state: t.input.field({ type: 'JSON', required: false }),
      status: t.input.field({ type: TaskStepStatusEnum }),
    },
    type: TaskPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(recordStepInput, given({ step: input.step, state: input.state, status: input.status }));
      return {
        task: await recordTaskStep(callerOf(ctx), taskIdOf(input.taskId), {
          ...parsed,
          state: parsed.state as Prisma.InputJsonObject,
        }),
      };
    },
  }),
);

builder.mutationField('completeTask', (t) =>
  t.fieldWithInput({
    description:
      "RUNNING → SUCCEEDED with the output. A cost is charged to the spend ledger (every applicable budget). Only the task's agent.",
    authScopes: { scope: 'tasks:run' },
    errors: { types: commonErrors },
    input: {
      taskId: t.input.globalID(),
      output: t.input.field({ type: 'JSON', required: false }),
      cost: t.input.field({ type: 'Decimal', required: false }),
      usage: t.input.field({ type: TaskUsageInput, required: false }),
    },
    type: TaskPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(
        completeTaskInput,
        given({ output: input.output, cost: input.cost, usage: input.usage ? given(input.usage) : undefined }),
      );
      return {
        task: await completeTask(callerOf(ctx), taskIdOf(input.taskId), {
          ...parsed,
          output: parsed.output as Prisma.InputJsonObject,
        }),
      };
    },
  }),
);

builder.mutationField('failTask', (t) =>
  t.fieldWithInput({
    description: "RUNNING → FAILED with the error. Only the task's agent.",
    authScopes: { scope: 'tasks:run' },
    errors: { types: commonErrors },
    input: { taskId: t.input.globalID(), error: t.input.string() },
    type: TaskPayload,
    resolve: async (_root, { input }, ctx) => {
      const { error } = parseInput(failTaskInput, { error: input.error });
      return { task: await failTask(callerOf(ctx), taskIdOf(input.taskId), error) };
    },
  }),
);

builder.mutationField('cancelTask', (t) =>
  t.fieldWithInput({
    description: 'QUEUED or RUNNING → CANCELLED, by people (tasks:write) or the agent itself (tasks:run).',
    authScopes: (_root, _args, ctx) => hasScope(ctx.viewer, 'tasks:write') || hasScope(ctx.viewer, 'tasks:run'),
    errors: { types: commonErrors },
    input: { taskId: t.input.globalID(), reason: t.input.string({ required: false }) },
    type: TaskPayload,
    resolve: async (_root, { input }, ctx) => {
      const { reason } = parseInput(cancelTaskInput, { reason: input.reason });
      return { task: await cancelTask(callerOf(ctx), taskIdOf(input.taskId), reason ?? null) };
    },
  }),
);

builder.mutationField('retryTask', (t) =>
  t.fieldWithInput({
    description: 'FAILED → QUEUED, while the task has attempts left.',
    authScopes: { scope: 'tasks:write' },
    errors: { types: commonErrors },
    input: { taskId: t.input.globalID() },
    type: TaskPayload,
    resolve: async (_root, { input }, ctx) => ({ task: await retryTask(callerOf(ctx), taskIdOf(input.taskId)) }),
  }),
);
