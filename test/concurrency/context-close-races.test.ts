// A context that is closed (or paused) takes no message, also when the close and the messages are
// sent at once: every message the API accepted is ordered before the close in the activity log,
// and every one it did not is a ConflictError naming the state. Without a lock, a message that read
// the context as ACTIVE before the close committed was stored after it.
import { describe, expect, it } from 'vitest';
import { decodeGlobalId, encodeGlobalId } from '../../src/graphql/global-id.js';
import { prisma, useTestApi } from '../harness.js';
import { send } from '../schema-calls.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();
const MESSAGES = 12;
const ROUNDS = 4;
const gid = encodeGlobalId;

const CREATE = `mutation($input: CreateContextInput!) { createContext(input: $input) {
  __typename ... on AgentContextPayload { context { id } } } }`;
const POST = `mutation($input: PostContextMessageInput!) { postContextMessage(input: $input) {
  __typename ... on Error { message } } }`;

async function context(t: Tenant, a: { id: string }, b: { id: string }) {
  const { body } = await send(
    api.url,
    CREATE,
    {
      input: {
        name: 'Race',
        collaborationModel: 'PARALLEL',
        participants: [
          { agentId: gid('Agent', a.id), role: 'MEMBER' },
          { agentId: gid('Agent', b.id), role: 'MEMBER' },
        ],
      },
    },
    t.ownerKey,
  );
  return (body.data as { createContext: { context: { id: string } } }).createContext.context.id;
}

type Agents = [{ id: string }, { id: string }];
interface Race {
  /** The call that ends or changes the context, and its input beside contextId. */
  ending: string;
  endingInput?: (agents: Agents) => Record<string, unknown>;
  /** The event it appends. */
  verb: string;
  /** What is sent amid it, as the first agent. */
  write: 'post' | 'task';
  /** How a write it came before is refused. */
  refusal: { type: string; message: RegExp };
}

const POST_AS = (contextId: string, agents: Agents) => ({
  query: POST,
  input: {
    contextId,
    fromAgentId: gid('Agent', agents[0].id),
    toAgentIds: [],
    type: 'BROADCAST',
    content: { text: 'hi' },
  },
});
const TASK_AS = (contextId: string, agents: Agents) => ({
  query: `mutation($input: CreateTaskInput!) { createTask(input: $input) {
    __typename ... on Error { message } } }`,
  input: { contextId, agentId: gid('Agent', agents[0].id), goal: 'Summarize Q3' },
});

/** `ending` sent amid MESSAGES writes, ROUNDS times; what was accepted must precede it in the log. */
async function race({ ending, endingInput, verb, write, refusal }: Race) {
  const t = await newTenant();
  const agents: Agents = [await t.agent(), await t.agent()];
  for (const a of agents) await t.version(a.id, '1.0.0', { publish: true });
  const field = write === 'post' ? 'postContextMessage' : 'createTask';
  const written = write === 'post' ? 'context.message_posted' : 'task.created';
  for (let round = 0; round < ROUNDS; round++) {
    const contextId = await context(t, agents[0], agents[1]);
    const rawId = decodeGlobalId(contextId).id;
    const { query, input } = (write === 'post' ? POST_AS : TASK_AS)(contextId, agents);
    const one = () => send(api.url, query, { input }, t.ownerKey);
    const half = Array.from({ length: MESSAGES / 2 }, one);
    const end = send(
      api.url,
      `mutation($input: ${ending[0]?.toUpperCase()}${ending.slice(1)}Input!) { ${ending}(input: $input) { __typename } }`,
      { input: { contextId, ...endingInput?.(agents) } },
      t.ownerKey,
    );
    const answers = await Promise.all([...half, ...Array.from({ length: MESSAGES / 2 }, one)]);
    expect((await end).body.data).toEqual({ [ending]: { __typename: 'AgentContextPayload' } });
    const results = answers.map(({ body }) => {
      expect(body.errors ?? []).toEqual([]);
      return (body.data as Record<string, { __typename: string; message?: string }>)[field];
    });
    const stored = write === 'post' ? 'ContextMessagePayload' : 'TaskPayload';
    const accepted = results.filter((r) => r?.__typename === stored);
    for (const r of results.filter((r) => r?.__typename !== stored)) {
      expect(r?.__typename).toBe(refusal.type);
      expect(r?.message).toMatch(refusal.message);
    }
    const log = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, payload: { path: ['contextId'], equals: rawId } },
      orderBy: { sequence: 'asc' },
      select: { verb: true },
    });
    const ended = log.findIndex((e) => e.verb === verb);
    const writes = log.flatMap((e, i) => (e.verb === written ? [i] : []));
    expect(ended).toBeGreaterThan(0);
    expect(writes.filter((i) => i > ended)).toEqual([]);
    expect(writes).toHaveLength(accepted.length);
  }
}

describe('writes racing a change of their context', () => {
  it('closeContext amid posts: every stored message precedes the close; the rest are ConflictError "closed"', async () => {
    await race({
      ending: 'closeContext',
      verb: 'context.closed',
      write: 'post',
      refusal: { type: 'ConflictError', message: /closed/ },
    });
  });

  it('pauseContext amid posts: every stored message precedes the pause; the rest are ConflictError "paused"', async () => {
    await race({
      ending: 'pauseContext',
      verb: 'context.paused',
      write: 'post',
      refusal: { type: 'ConflictError', message: /paused/ },
    });
  });

  it('removeContextParticipant of the sender amid its posts: every stored message precedes the removal', async () => {
    await race({
      ending: 'removeContextParticipant',
      endingInput: (agents) => ({ agentId: gid('Agent', agents[0].id) }),
      verb: 'context.participant_removed',
      write: 'post',
      refusal: { type: 'ValidationError', message: /participant/ },
    });
  });

  it('closeContext amid createTask in it: every task created precedes the close; the rest are ConflictError "closed"', async () => {
    await race({
      ending: 'closeContext',
      verb: 'context.closed',
      write: 'task',
      refusal: { type: 'ConflictError', message: /closed/ },
    });
  });
});
