import { z } from 'zod';
import { CollaborationModel, MessageType, ParticipantRole } from '../../generated/prisma/enums.js';
import { jsonObject, text } from '../../graphql/input-rules.js';

const name = text(200);

/** The most agents a context holds (createContext, addContextParticipant), and so the most a message is for. */
export const MAX_PARTICIPANTS = 50;
/** The most contexts Agent.contexts shows. */
export const AGENT_CONTEXTS_SHOWN = 100;

const participant = z.object({ agentId: z.string().nullable(), role: z.enum(ParticipantRole) });

export const createContextInput = z
  .object({
    name,
    collaborationModel: z.enum(CollaborationModel),
    metadata: jsonObject(100).default({}),
    participants: z
      .array(participant)
      .min(1, 'must name at least one agent')
      .max(MAX_PARTICIPANTS, `must be at most ${MAX_PARTICIPANTS} agents`),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.participants.forEach((p, i) => {
      if (p.agentId && seen.has(p.agentId))
        ctx.addIssue({ code: 'custom', path: ['participants', i, 'agentId'], message: 'names an agent twice' });
      if (p.agentId) seen.add(p.agentId);
    });
    const leads = input.participants.filter((p) => p.role === 'LEAD').length;
    if (leads > 1) ctx.addIssue({ code: 'custom', path: ['participants'], message: 'may have at most one LEAD' });
    if (input.collaborationModel === 'HIERARCHICAL' && leads !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['participants'],
        message: 'a HIERARCHICAL context needs exactly one LEAD',
      });
  });

export const updateContextInput = z.object({ name: name.nullish(), metadata: jsonObject(100).nullish() });

export const persistStateInput = z.object({
  state: jsonObject(1000),
  expectedRevision: z.number().int().min(0, 'must not be negative'),
});

export const postMessageInput = z
  .object({
    type: z.enum(MessageType),
    toAgentIds: z
      .array(z.string().nullable())
      .max(MAX_PARTICIPANTS, `must be at most ${MAX_PARTICIPANTS} agents`)
      .default([]),
    content: z.unknown().refine((v) => v !== undefined && v !== null, 'is required'),
    replyToId: z.string().nullish(),
    replyGiven: z.boolean(),
  })
  .superRefine((input, ctx) => {
    if (JSON.stringify(input.content ?? null).length > 100_000)
      ctx.addIssue({ code: 'custom', path: ['content'], message: 'must be at most 100 kB of JSON' });
    if (['REQUEST', 'RESPONSE', 'HANDOFF'].includes(input.type) && input.toAgentIds.length === 0)
      ctx.addIssue({ code: 'custom', path: ['toAgentIds'], message: `a ${input.type} needs at least one recipient` });
    if (input.type === 'HANDOFF' && input.toAgentIds.length > 1)
      ctx.addIssue({ code: 'custom', path: ['toAgentIds'], message: 'a HANDOFF goes to exactly one agent' });
    if (input.type === 'RESPONSE' && !input.replyGiven)
      ctx.addIssue({ code: 'custom', path: ['replyToId'], message: 'a RESPONSE must reply to a message' });
  });
