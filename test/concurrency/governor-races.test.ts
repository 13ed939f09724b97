// Every agent that is not retired has a governor who is a member. removeMember refuses a member
// who still governs agents, and naming a governor (createAgent, updateAgent) needs a member — also
// when the two are sent at once: either the governor is named first and the removal is refused,
// or the removal comes first and naming them is a ValidationError. Without a lock on the
// membership, both passed their checks and the agent was left governed by a removed member.
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { prisma, useTestApi } from '../harness.js';
import { send } from '../schema-calls.js';
import { newTenant } from '../seed.js';

const api = useTestApi();
const ROUNDS = 6;
const gid = encodeGlobalId;

const REMOVE = `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { __typename } }`;
const UPDATE = `mutation($input: UpdateAgentInput!) { updateAgent(input: $input) { __typename } }`;
const CREATE = `mutation($input: CreateAgentInput!) { createAgent(input: $input) { __typename } }`;

type Answer = Awaited<ReturnType<typeof send>>;
const typename = ({ body }: Answer, field: string) => {
  expect(body.errors ?? []).toEqual([]);
  return (body.data as Record<string, { __typename: string }>)[field]?.__typename;
};

/** After `name` (which names the member governor) raced removeMember: no removed member governs. */
async function race(name: 'createAgent' | 'updateAgent') {
  const t = await newTenant();
  const outcomes = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    const m = await t.member('OPERATOR');
    const agent = await t.agent();
    const governorId = gid('User', m.userId);
    const naming =
      name === 'updateAgent'
        ? send(api.url, UPDATE, { input: { agentId: gid('Agent', agent.id), governorId } }, t.ownerKey)
        : send(
            api.url,
            CREATE,
            {
              input: {
                slug: `governed-${round}`,
                name: 'Governed',
                description: 'x',
                category: 'UTILITY',
                capabilities: [],
                policyScopes: [],
                tags: [],
                governorId,
              },
            },
            t.ownerKey,
          );
    const removal = send(api.url, REMOVE, { input: { membershipId: gid('Membership', m.membership.id) } }, t.ownerKey);
    const [named, removed] = [typename(await naming, name), typename(await removal, 'removeMember')];
    outcomes.add(`${named}/${removed}`);
    expect(['AgentPayload/ConflictError', 'ValidationError/RemoveMemberPayload']).toContain(`${named}/${removed}`);
    const stillMember = await prisma.membership.count({ where: { id: m.membership.id } });
    const governed = await prisma.agent.count({
      where: { organizationId: t.organization.id, governorId: m.userId, status: { not: 'RETIRED' } },
    });
    if (!stillMember) expect(governed).toBe(0);
  }
  return outcomes;
}

describe('naming a governor racing the removal of that member', () => {
  it('updateAgent naming the member vs removeMember: one of them wins; no agent is left governed by a removed member', async () => {
    await race('updateAgent');
  });

  it('createAgent naming the member vs removeMember: one of them wins; no agent is left governed by a removed member', async () => {
    await race('createAgent');
  });
});
