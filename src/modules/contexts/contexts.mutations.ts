import type { Prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { ApprovalRequiredError } from '../../graphql/errors.js';
import { idFor } from '../../graphql/global-id.js';
import { parseInput } from '../../graphql/validation.js';
import {
  AgentContextType,
  CollaborationModelEnum,
  ContextMessageType,
  MessageTypeEnum,
  ParticipantRoleEnum,
} from './context.type.js';
import {
  addContextParticipant,
  changeContextStatus,
  createContext,
  persistContextState,
  removeContextParticipant,
  updateContext,
} from './contexts.service.js';
import { createContextInput, persistStateInput, postMessageInput, updateContextInput } from './contexts.validation.js';
import { postContextMessage } from './messages.service.js';

const ContextPayload = builder.simpleObject('AgentContextPayload', {
  fields: (t) => ({ context: t.field({ type: AgentContextType }) }),
});
const MessagePayload = builder.simpleObject('ContextMessagePayload', {
  fields: (t) => ({ contextMessage: t.field({ type: ContextMessageType }) }),
});

const ParticipantInput = builder.inputType('ContextParticipantInput', {
  fields: (t) => ({
    agentId: t.globalID(),
    role: t.field({ type: ParticipantRoleEnum, defaultValue: 'MEMBER' }),
  }),
});

const contextIdOf = (id: { typename: string; id: string }) => idFor('AgentContext', id);
const agentIdOf = (id: { typename: string; id: string }) => idFor('Agent', id);

builder.mutationField('createContext', (t) =>
  t.fieldWithInput({
    description: 'Open a context for ACTIVE agents of your organization to coordinate in.',
    authScopes: { scope: 'contexts:write' },
    errors: { types: commonErrors },
    input: {
      name: t.input.string(),
      collaborationModel: t.input.field({ type: CollaborationModelEnum }),
      participants: t.input.field({ type: [ParticipantInput] }),
      metadata: t.input.field({ type: 'JSON', required: false }),
    },
    type: ContextPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(createContextInput, {
        ...input,
        metadata: input.metadata ?? undefined,
        participants: input.participants.map((p) => ({ agentId: agentIdOf(p.agentId), role: p.role ?? 'MEMBER' })),
      });
      const context = await createContext(callerOf(ctx), {
        ...parsed,
        metadata: parsed.metadata as Prisma.InputJsonObject,
      });
      return { context };
    },
  }),
);

builder.mutationField('updateContext', (t) =>
  t.fieldWithInput({
    description: 'Rename a context or replace its metadata. Its state goes through persistContextState.',
    authScopes: { scope: 'contexts:write' },
    errors: { types: commonErrors },
    input: {
      contextId: t.input.globalID(),
      name: t.input.string({ required: false }),
      metadata: t.input.field({ type: 'JSON', required: false }),
    },
    type: ContextPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(updateContextInput, { name: input.name, metadata: input.metadata });
      const context = await updateContext(callerOf(ctx), contextIdOf(input.contextId), {
        name: parsed.name,
        metadata: parsed.metadata as Prisma.InputJsonObject | null | undefined,
      });
      return { context };
    },
  }),
);

builder.mutationField('addContextParticipant', (t) =>
  t.fieldWithInput({
    description: 'Add an ACTIVE agent to a context. A context has at most one LEAD.',
    authScopes: { scope: 'contexts:write' },
    errors: { types: commonErrors },
    input: {
      contextId: t.input.globalID(),
      agentId: t.input.globalID(),
      role: t.input.field({ type: ParticipantRoleEnum, required: false, description: 'Default MEMBER.' }),
    },
    type: ContextPayload,
    resolve: async (_root, { input }, ctx) => ({
      context: await addContextParticipant(
        callerOf(ctx),
        contextIdOf(input.contextId),
        agentIdOf(input.agentId),
        input.role ?? 'MEMBER',
      ),
    }),
  }),
);

builder.mutationField('removeContextParticipant', (t) =>
  t.fieldWithInput({
    description: 'Remove an agent from a context (not the last one, nor the LEAD of a HIERARCHICAL context).',
    authScopes: { scope: 'contexts:write' },
    errors: { types: commonErrors },
    input: { contextId: t.input.globalID(), agentId: t.input.globalID() },
    type: ContextPayload,
    resolve: async (_root, { input }, ctx) => ({
      context: await removeContextParticipant(callerOf(ctx), contextIdOf(input.contextId), agentIdOf(input.agentId)),
    }),
  }),
);

const steps = [
  ['pauseContext', 'PAUSED', 'Pause an ACTIVE context: no messages until it resumes.'],
  ['resumeContext', 'ACTIVE', 'Resume a PAUSED context.'],
  ['closeContext', 'CLOSED', 'Close a context for good; it stays readable.'],
] as const;

for (const [name, to, description] of steps) {
  builder.mutationField(name, (t) =>
    t.fieldWithInput({
      description,
      authScopes: { scope: 'contexts:write' },
      errors: { types: commonErrors },
      input: { contextId: t.input.globalID() },
      type: ContextPayload,
      resolve: async (_root, { input }, ctx) => ({
        context: await changeContextStatus(callerOf(ctx), contextIdOf(input.contextId), to),
      }),
    }),
  );
}

builder.mutationField('persistContextState', (t) =>
  t.fieldWithInput({
    description:
      'Replace the context state if it is still at `expectedRevision`; otherwise a ConflictError and nothing changes.',
    authScopes: { scope: 'contexts:post' },
    errors: { types: commonErrors },
    input: {
      contextId: t.input.globalID(),
      state: t.input.field({ type: 'JSON' }),
      expectedRevision: t.input.int(),
    },
    type: ContextPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(persistStateInput, { state: input.state, expectedRevision: input.expectedRevision });
      const context = await persistContextState(
        callerOf(ctx),
        contextIdOf(input.contextId),
        parsed.state as Prisma.InputJsonObject,
        parsed.expectedRevision,
      );
      return { context };
    },
  }),
);

builder.mutationField('postContextMessage', (t) =>
  t.fieldWithInput({
    description:
      'Post a message from a participant (not an OBSERVER) to participants. It passes a governance decision; a denied message is stored as blocked, not delivered, and raises a violation; one that needs approval returns ApprovalRequiredError and is not stored.',
    authScopes: { scope: 'contexts:post' },
    errors: { types: [...commonErrors, ApprovalRequiredError] },
    input: {
      contextId: t.input.globalID(),
      fromAgentId: t.input.globalID(),
      toAgentIds: t.input.globalIDList({ required: false, description: 'Empty for a BROADCAST to everyone.' }),
      type: t.input.field({ type: MessageTypeEnum }),
      content: t.input.field({ type: 'JSON' }),
      replyToId: t.input.globalID({ required: false }),
      approvalRequestId: t.input.globalID({
        required: false,
        description: 'Send a message that needs approval, once its approval request is APPROVED (single use).',
      }),
    },
    type: MessagePayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(postMessageInput, {
        type: input.type,
        toAgentIds: (input.toAgentIds ?? []).map(agentIdOf),
        content: input.content,
        replyToId: input.replyToId ? idFor('ContextMessage', input.replyToId) : null,
        replyGiven: input.replyToId != null,
      });
      const message = await postContextMessage(callerOf(ctx), {
        contextId: contextIdOf(input.contextId),
        fromAgentId: agentIdOf(input.fromAgentId),
        toAgentIds: parsed.toAgentIds,
        type: parsed.type,
        content: parsed.content as Prisma.InputJsonValue,
        replyToId: parsed.replyToId ?? null,
        replyGiven: parsed.replyGiven,
        approvalRequestId: input.approvalRequestId ? idFor('ApprovalRequest', input.approvalRequestId) : undefined,
      });
      return { contextMessage: message };
    },
  }),
);
