import type { Prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors, governanceErrors } from '../../graphql/error-types.js';
import { BudgetExceededError, TrialNotActiveError } from '../../graphql/errors.js';
import { encodeGlobalId, idFor } from '../../graphql/global-id.js';
import { given, parseInput } from '../../graphql/validation.js';
import { TaskStatusEnum, TaskType } from '../tasks/task.type.js';
import { TrialDeliverableType, TrialType } from './trial.type.js';
import { addTrialDeliverable, endTrial, executeTrialTask, extendTrial, startTrial } from './trials.service.js';
import {
  cancelTrialInput,
  convertTrialInput,
  deliverableInput,
  extendTrialInput,
  startTrialInput,
  trialTaskInput,
} from './trials.validation.js';

const TrialPayload = builder.simpleObject('TrialPayload', {
  fields: (t) => ({ trial: t.field({ type: TrialType }) }),
});
const TrialTaskPayload = builder.simpleObject('TrialTaskPayload', {
  fields: (t) => ({
    task: t.field({ type: TaskType, description: 'The task (needs tasks:read: staff, not customers).' }),
    taskId: t.id({ description: "The task's global ID." }),
    taskStatus: t.field({ type: TaskStatusEnum }),
  }),
});
const DeliverablePayload = builder.simpleObject('TrialDeliverablePayload', {
  fields: (t) => ({ deliverable: t.field({ type: TrialDeliverableType }) }),
});

const trialErrors = [...commonErrors, TrialNotActiveError];
const trialIdOf = (id: { typename: string; id: string }) => idFor('Trial', id);

builder.mutationField('startTrial', (t) =>
  t.fieldWithInput({
    description:
      'Start a trial of an ACTIVE, published agent for a customer (a customer: for themselves), 7 days by default, with a TOTAL budget capped at TRIAL_BUDGET_CAP unless budgetCap is given.',
    authScopes: { scope: 'trials:write' },
    errors: { types: commonErrors },
    input: {
      agentId: t.input.globalID(),
      customerId: t.input.globalID({
        required: false,
        description: 'Required for staff; a customer starts their own.',
      }),
      days: t.input.int({ required: false }),
      budgetCap: t.input.field({ type: 'Decimal', required: false }),
    },
    type: TrialPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(startTrialInput, given({ days: input.days, budgetCap: input.budgetCap }));
      const trial = await startTrial(callerOf(ctx), {
        ...parsed,
        agentId: idFor('Agent', input.agentId),
        customerId: input.customerId ? idFor('Customer', input.customerId) : null,
      });
      return { trial };
    },
  }),
);

builder.mutationField('cancelTrial', (t) =>
  t.fieldWithInput({
    description: 'ACTIVE → CANCELLED (staff, or the customer). Deliverables stay readable.',
    authScopes: { scope: 'trials:write' },
    errors: { types: commonErrors },
    input: { trialId: t.input.globalID(), reason: t.input.string({ required: false }) },
    type: TrialPayload,
    resolve: async (_root, { input }, ctx) => {
      const { reason } = parseInput(cancelTrialInput, { reason: input.reason });
      return {
        trial: await endTrial(callerOf(ctx), trialIdOf(input.trialId), 'CANCELLED', { cancelReason: reason ?? null }),
      };
    },
  }),
);

builder.mutationField('convertTrial', (t) =>
  t.fieldWithInput({
    description: 'ACTIVE → CONVERTED: the customer took a plan.',
    authScopes: { scope: 'trials:manage' },
    errors: { types: commonErrors },
    input: { trialId: t.input.globalID(), planReference: t.input.string() },
    type: TrialPayload,
    resolve: async (_root, { input }, ctx) => {
      const { planReference } = parseInput(convertTrialInput, { planReference: input.planReference });
      return { trial: await endTrial(callerOf(ctx), trialIdOf(input.trialId), 'CONVERTED', { planReference }) };
    },
  }),
);

builder.mutationField('completeTrial', (t) =>
  t.fieldWithInput({
    description: 'ACTIVE → COMPLETED: the trial ran its course without a conversion.',
    authScopes: { scope: 'trials:manage' },
    errors: { types: commonErrors },
    input: { trialId: t.input.globalID() },
    type: TrialPayload,
    resolve: async (_root, { input }, ctx) => ({
      trial: await endTrial(callerOf(ctx), trialIdOf(input.trialId), 'COMPLETED'),
    }),
  }),
);

builder.mutationField('extendTrial', (t) =>
  t.fieldWithInput({
    description: 'Give an ACTIVE trial more days (ADMIN).',
    authScopes: { scope: 'trials:extend' },
    errors: { types: trialErrors },
    input: { trialId: t.input.globalID(), days: t.input.int() },
    type: TrialPayload,
    resolve: async (_root, { input }, ctx) => {
      const { days } = parseInput(extendTrialInput, { days: input.days });
      return { trial: await extendTrial(callerOf(ctx), trialIdOf(input.trialId), days) };
    },
  }),
);

builder.mutationField('executeTrialTask', (t) =>
  t.fieldWithInput({
    description:
      "Queue a sandbox task for the trial's agent after reserving its estimated cost (TRIAL_TASK_ESTIMATE unless given) against the trial budget.",
    authScopes: { scope: 'trials:write' },
    errors: { types: [...trialErrors, BudgetExceededError, ...governanceErrors] },
    input: {
      trialId: t.input.globalID(),
      goal: t.input.string(),
      input: t.input.field({ type: 'JSON', required: false }),
      estimatedCost: t.input.field({ type: 'Decimal', required: false }),
      approvalRequestId: t.input.globalID({
        required: false,
        description: 'Run a task that needs approval, once its approval request is APPROVED (single use).',
      }),
    },
    type: TrialTaskPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(
        trialTaskInput,
        given({ goal: input.goal, input: input.input, estimatedCost: input.estimatedCost }),
      );
      const task = await executeTrialTask(callerOf(ctx), trialIdOf(input.trialId), {
        ...parsed,
        input: parsed.input as Prisma.InputJsonObject,
        approvalRequestId: input.approvalRequestId ? idFor('ApprovalRequest', input.approvalRequestId) : undefined,
      });
      return { task, taskId: encodeGlobalId('Task', task.id), taskStatus: task.status };
    },
  }),
);

builder.mutationField('addTrialDeliverable', (t) =>
  t.fieldWithInput({
    description: 'Hand the customer something the trial produced (staff, or the agent’s own key).',
    authScopes: { scope: 'trials:manage' },
    errors: { types: trialErrors },
    input: {
      trialId: t.input.globalID(),
      title: t.input.string(),
      content: t.input.string({ required: false }),
      url: t.input.string({ required: false }),
      taskId: t.input.globalID({ required: false }),
    },
    type: DeliverablePayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(deliverableInput, { title: input.title, content: input.content, url: input.url });
      const deliverable = await addTrialDeliverable(callerOf(ctx), trialIdOf(input.trialId), {
        ...parsed,
        taskGiven: input.taskId != null,
        taskId: input.taskId ? idFor('Task', input.taskId) : null,
      });
      return { deliverable };
    },
  }),
);
