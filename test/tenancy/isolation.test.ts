import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

const ListAgents = graphql(`query ListAgents { agents(first: 100) { totalCount edges { node { id } } } }`);
const GetAgent = graphql(`query GetAgent($id: ID!) { agent(id: $id) { id } }`);
const GetBySlug = graphql(`query GetBySlug($slug: String!) { agentBySlug(slug: $slug) { id } }`);
const GetNode = graphql(`query GetNode($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }`);
const GetVersion = graphql(`query GetVersion($id: ID!) { agentVersion(id: $id) { id } }`);
const Rename = graphql(`
  mutation Rename($input: UpdateAgentInput!) {
    updateAgent(input: $input) { __typename ... on NotFoundError { message code } }
  }
`);

describe('tenant isolation', () => {
  it("a second organization cannot read, change, or detect the first one's agents", async () => {
    const acme = await newTenant('Acme');
    const rival = await newTenant('Rival');
    const agent = await acme.agent({ slug: 'secret-agent' });
    const version = await acme.version(agent.id, '1.0.0');
    const id = encodeGlobalId('Agent', agent.id);
    const missing = encodeGlobalId('Agent', '00000000-0000-4000-8000-000000000000');

    const list = await api.ok(ListAgents, {}, rival.ownerKey);
    expect(list.agents.totalCount).toBe(0);
    expect((await api.ok(GetAgent, { id }, rival.ownerKey)).agent).toBeNull();
    expect((await api.ok(GetBySlug, { slug: 'secret-agent' }, rival.ownerKey)).agentBySlug).toBeNull();
    expect(await api.ok(GetNode, { id }, rival.ownerKey)).toEqual({ node: null, nodes: [null] });
    expect(
      (await api.ok(GetVersion, { id: encodeGlobalId('AgentVersion', version.id) }, rival.ownerKey)).agentVersion,
    ).toBeNull();

    // A foreign ID answers exactly like an ID that does not exist.
    const foreign = await api.ok(Rename, { input: { agentId: id, name: 'pwned' } }, rival.ownerKey);
    const absent = await api.ok(Rename, { input: { agentId: missing, name: 'pwned' } }, rival.ownerKey);
    expect(foreign).toEqual(absent);
    expect((await prisma.agent.findUniqueOrThrow({ where: { id: agent.id } })).name).toBe('An agent');

    // The owner still sees it, through every path.
    expect((await api.ok(GetNode, { id }, acme.ownerKey)).node).toEqual({ id });
  });

  it('treats a malformed ID as bad input and an ID of another type as not found', async () => {
    const t = await newTenant();
    const malformed = await api.gql(GetAgent, { id: 'not-an-id' }, t.ownerKey);
    expect(malformed.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const wrongType = await api.ok(GetAgent, { id: encodeGlobalId('User', t.owner.id) }, t.ownerKey);
    expect(wrongType.agent).toBeNull();
    const notUuid = await api.ok(GetAgent, { id: encodeGlobalId('Agent', 'abc') }, t.ownerKey);
    expect(notUuid.agent).toBeNull();
  });
});

describe('existence is never disclosed by node(id:)', () => {
  it("a customer gets null for another customer's ID, exactly as for an ID that does not exist", async () => {
    const acme = await newTenant('Acme customers');
    const { createCustomer } = await import('../../src/modules/customers/customers.service.js');
    const { signJwt } = await import('../seed.js');
    const ada = await createCustomer(acme.caller, { name: 'Ada', email: 'ada@example.com' });
    const bob = await createCustomer(acme.caller, { name: 'Bob', email: 'bob@example.com' });
    const adaJwt = await signJwt({ sub: ada.id, org: acme.organization.id });
    const other = await api.gql(GetNode, { id: encodeGlobalId('Customer', bob.id) }, adaJwt);
    const missing = await api.gql(
      GetNode,
      { id: encodeGlobalId('Customer', '00000000-0000-4000-8000-000000000000') },
      adaJwt,
    );
    expect(other.errors).toBeUndefined();
    expect(other.data).toEqual({ node: null, nodes: [null] });
    expect(missing.data).toEqual(other.data);
    // The same for any type the caller may not read: a VIEWER-scoped key without customers:read.
    const key = await acme.key(['agents:read']);
    expect((await api.gql(GetNode, { id: encodeGlobalId('Customer', bob.id) }, key)).data).toEqual({
      node: null,
      nodes: [null],
    });
  });
});
