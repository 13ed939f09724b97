// Issue 16 §3: input PostgreSQL cannot store, input too deep to handle, and our own errors
// thrown by query resolvers all answer with a typed error (ValidationError in a mutation's
// result, BAD_USER_INPUT for queries), never INTERNAL_SERVER_ERROR; user regular expressions
// run in linear time.
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant } from '../seed.js';

const api = useTestApi();

const post = (query: string, variables: unknown, token: string) => postGraphQL(api.url, query, variables, token);

const CreateAgent = `mutation($input: CreateAgentInput!) {
  createAgent(input: $input) { __typename ... on ValidationError { issues { path message } } }
}`;
const CreatePolicy = `mutation($input: CreatePolicyInput!) {
  createPolicy(input: $input) { __typename ... on ValidationError { issues { path message } } ... on PolicyPayload { policy { id } } }
}`;

let tenant: Tenant;
beforeAll(async () => {
  tenant = await newTenant('Bad input');
});

describe('text PostgreSQL cannot store', () => {
  it.each([
    ['a NUL character', 'Agent\u0000name', /NUL/],
    ['a lone high surrogate', 'Agent \ud800', /lone UTF-16 surrogate/],
    ['a lone low surrogate', '\udc00 agent', /lone UTF-16 surrogate/],
  ])('%s in a text field is a ValidationError with its path', async (_what, name, message) => {
    const answer = await post(CreateAgent, { input: { name, slug: 'bad-text', category: 'UTILITY' } }, tenant.ownerKey);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.createAgent).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'name'], message: expect.stringMatching(message) }],
    });
    expect(await prisma.agent.count({ where: { slug: 'bad-text' } })).toBe(0);
  });

  it('a NUL character or a lone surrogate inside JSON (values and keys) is a ValidationError', async () => {
    for (const rules of [{ deny: ['x\u0000'] }, { ['\ud800']: 1 }, { deny: [{ deep: ['\u0000'] }] }]) {
      const answer = await post(
        CreatePolicy,
        { input: { key: 'BAD-1', name: 'Bad', kind: 'CONTENT', defaultSeverity: 'LOW', rules } },
        tenant.ownerKey,
      );
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.createPolicy?.__typename).toBe('ValidationError');
    }
  });

  it('JSON nested 100,000 deep is a ValidationError, and the server keeps answering', async () => {
    const body = `{"query":${JSON.stringify(CreatePolicy)},"variables":{"input":{"key":"DEEP-1","name":"Deep","kind":"CONTENT","defaultSeverity":"LOW","rules":${'{"a":'.repeat(100_000)}"x"${'}'.repeat(100_000)}}}}`;
    const res = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.ownerKey}` },
      body,
    });
    const answer = (await res.json()) as {
      data?: { createPolicy: { __typename: string; issues: { message: string }[] } };
    };
    expect(answer.data?.createPolicy.__typename).toBe('ValidationError');
    expect(answer.data?.createPolicy.issues[0]?.message).toMatch(/nested more than 64 levels/);
    expect((await fetch(api.url.replace('/graphql', '/healthz'))).status).toBe(200);
  });

  it('queries answer BAD_USER_INPUT for such text, in variables or in the document', async () => {
    const inVariable = await post(
      'query($s: String) { agents(filter: { search: $s }) { totalCount } }',
      { s: 'a\u0000b' },
      tenant.ownerKey,
    );
    expect(inVariable.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(inVariable.body.errors?.[0]?.message).toMatch(/variables\.s: must not contain the NUL/);
    const inDocument = await post('{ agents(filter: { search: "a\\u0000b" }) { totalCount } }', {}, tenant.ownerKey);
    expect(inDocument.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    // graphql-js's parser itself refuses a lone surrogate escape in a document.
    const surrogate = await post('{ agents(filter: { search: "\\ud800" }) { totalCount } }', {}, tenant.ownerKey);
    expect(surrogate.body.errors?.[0]?.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const inVariableSurrogate = await post(
      'query($s: String) { agents(filter: { search: $s }) { totalCount } }',
      { s: '\ud800' },
      tenant.ownerKey,
    );
    expect(inVariableSurrogate.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('our errors keep their code wherever they are thrown', () => {
  it('a ValidationError from a query resolver is BAD_USER_INPUT, not INTERNAL_SERVER_ERROR', async () => {
    const answer = await post(
      'query($s: String) { agents(filter: { search: $s }) { totalCount } }',
      { s: 'x'.repeat(201) },
      tenant.ownerKey,
    );
    expect(answer.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message).toMatch(/200/);
  });
});

describe('user regular expressions', () => {
  it('evaluate in linear time: ^(a+)+$ against a 27-character resource does not stall the process', async () => {
    const created = await post(
      CreatePolicy,
      {
        input: { key: 'REDOS-1', name: 'Redos', kind: 'CONTENT', defaultSeverity: 'LOW', rules: { deny: ['^(a+)+$'] } },
      },
      tenant.ownerKey,
    );
    expect(created.body.data?.createPolicy?.__typename).toBe('PolicyPayload');
    const agent = await tenant.agent({ slug: 'redos-target' });
    const started = Date.now();
    const health = fetch(api.url.replace('/graphql', '/healthz')).then(() => Date.now() - started);
    const decision = await post(
      `mutation($input: EvaluateActionInput!) { evaluateAction(input: $input) { __typename ... on Decision { outcome reasons } } }`,
      { input: { agentId: encodeGlobalId('Agent', agent.id), action: 'read', resource: `${'a'.repeat(27)}!` } },
      tenant.ownerKey,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await health).toBeLessThan(2_000);
    expect(decision.body.errors).toBeUndefined();
    expect(decision.body.data?.evaluateAction?.reasons).not.toContain('resource matches ^(a+)+$');
  });

  it('a pattern RE2 cannot run (lookaround, backreferences) is refused when the policy is saved', async () => {
    for (const pattern of ['(?=a)b', '(a)\\1']) {
      const answer = await post(
        CreatePolicy,
        {
          input: {
            key: 'RE2-1',
            name: 'Lookahead',
            kind: 'CONTENT',
            defaultSeverity: 'LOW',
            rules: { deny: [pattern] },
          },
        },
        tenant.ownerKey,
      );
      expect(answer.body.data?.createPolicy).toMatchObject({
        __typename: 'ValidationError',
        issues: [{ message: expect.stringMatching(/RE2/) }],
      });
    }
  });
});
