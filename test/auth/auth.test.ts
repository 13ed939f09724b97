import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { clock } from '../../src/clock.js';
import { presentError } from '../../src/graphql/present-errors.js';
import { createLogger } from '../../src/logger.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant, signJwt } from '../seed.js';

const api = useTestApi();

const Viewer = graphql(
  `query Viewer { viewer { actorType role scopes organization { id name } user { id } apiKey { prefix } } }`,
);
const Agents = graphql(`query AgentsForAuth { agents(first: 1) { totalCount } }`);
const Members = graphql(`query Members { viewer { organization { members(first: 10) { totalCount } } } }`);
const Boom = graphql(`query Boom { agents(first: 1) { edges { node { id } } } }`);

describe('authentication', () => {
  it('without credentials: UNAUTHENTICATED, while introspection and the GraphiQL page still load', async () => {
    const result = await api.gql(Agents, {}, null);
    expect(result.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const introspection = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    }).then((r) => r.json());
    expect(introspection).toMatchObject({ data: { __schema: { queryType: { name: 'Query' } } } });
    const page = await fetch(api.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GraphiQL');
  });

  it('an API key authenticates, shows its scopes, and records lastUsedAt', async () => {
    const t = await newTenant();
    const { viewer } = await api.ok(Viewer, {}, t.ownerKey);
    expect(viewer).toMatchObject({ actorType: 'API_KEY', role: null, organization: { name: 'Tenant' } });
    expect(viewer.scopes).toContain('agents:write');
    const key = await prisma.apiKey.findFirstOrThrow({
      where: { organizationId: t.organization.id, prefix: viewer.apiKey?.prefix },
    });
    expect(key.lastUsedAt).not.toBeNull();
  });

  it('a JWT naming a member authenticates as that user with the scopes of their role', async () => {
    const t = await newTenant();
    const operator = await t.member('OPERATOR');
    const { viewer } = await api.ok(Viewer, {}, operator.jwt);
    expect(viewer).toMatchObject({ actorType: 'USER', role: 'OPERATOR' });
    expect(viewer.scopes).toEqual([
      'actions:evaluate',
      'activity:read',
      'agents:read',
      'agents:write',
      'approvals:read',
      'budgets:read',
      'budgets:write',
      'contexts:post',
      'contexts:read',
      'contexts:write',
      'customers:read',
      'customers:write',
      'marketplace:read',
      'metrics:write',
      'notifications:read',
      'org:read',
      'policies:read',
      'spend:authorize',
      'tasks:read',
      'tasks:write',
      'trials:manage',
      'trials:read',
      'trials:write',
      'violations:read',
      'violations:write',
    ]);
  });

  it.each([
    ['an unknown API key', async () => 'agk_aaaaaaaaaaaa_' + 'a'.repeat(43)],
    ['a malformed Authorization header', async () => 'x y z'],
    [
      'a JWT signed with another secret',
      async () =>
        signJwt(
          { sub: crypto.randomUUID(), org: crypto.randomUUID() },
          { secret: 'another-secret-of-at-least-32-characters!!' },
        ),
    ],
    [
      'an expired JWT',
      async () => {
        const t = await newTenant();
        return signJwt({ sub: t.owner.id, org: t.organization.id }, { expiresIn: '-1m' });
      },
    ],
    [
      'a JWT for someone who is not a member',
      async () => {
        const t = await newTenant();
        return signJwt({ sub: crypto.randomUUID(), org: t.organization.id });
      },
    ],
  ])('%s is UNAUTHENTICATED', async (_name, token) => {
    const result = await api.gql(Agents, {}, await token());
    expect(result.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(result.data ?? null).toBeNull();
  });

  it('a revoked key and an expired key are UNAUTHENTICATED', async () => {
    const t = await newTenant();
    const revoked = await t.key(['agents:read']);
    await prisma.apiKey.updateMany({
      where: { organizationId: t.organization.id, name: 'test key', scopes: { equals: ['agents:read'] } },
      data: { revokedAt: new Date() },
    });
    expect((await api.gql(Agents, {}, revoked)).errors?.[0]?.message).toMatch(/revoked/);
    const expiring = await t.key(['agents:read'], { expiresAt: new Date(Date.now() + 1_000), name: 'short-lived' });
    expect((await api.ok(Agents, {}, expiring)).agents.totalCount).toBe(0);
    // Past its expiry (the server had it cached from the request above).
    clock.set(() => new Date(Date.now() + 2_000));
    try {
      expect((await api.gql(Agents, {}, expiring)).errors?.[0]?.message).toMatch(/expired/);
    } finally {
      clock.set();
    }
  });
});

describe('authorization', () => {
  it('a key without the scope a field needs is FORBIDDEN', async () => {
    const t = await newTenant();
    const agentsOnly = await t.key(['agents:read']);
    expect((await api.ok(Agents, {}, agentsOnly)).agents.totalCount).toBe(0);
    const result = await api.gql(Members, {}, agentsOnly);
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('request ids', () => {
  it('echoes the request id in x-request-id and in every error', async () => {
    const res = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-123' },
      body: JSON.stringify({ query: '{ agents(first: 1) { totalCount } }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    const body = (await res.json()) as { errors: { extensions: { requestId: string } }[] };
    expect(body.errors[0]?.extensions.requestId).toBe('trace-123');
    const generated = await api.gql(Boom, {}, null);
    expect(generated.headers.get('x-request-id')).toBe(generated.errors?.[0]?.extensions.requestId);
  });

  it('masks unexpected errors as INTERNAL_SERVER_ERROR without their message, keeping the request id', () => {
    const bug = new GraphQLError('connection string postgres://secret', {
      path: ['agents'],
      originalError: new Error('secret'),
    });
    const shown = presentError(bug, 'req-1', createLogger('silent'));
    expect(shown.message).toBe('Unexpected error.');
    expect(shown.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' });
  });
});
