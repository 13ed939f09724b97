import { describe, expect, it } from 'vitest';
import { parseApiKey } from '../../src/auth/api-key-secret.js';
import { clock } from '../../src/clock.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant } from '../seed.js';

const api = useTestApi();

const CreateKey = graphql(`
  mutation CreateKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeyPayload { secret apiKey { id prefix scopes active agent { slug } } }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { message }
    }
  }
`);
const RevokeKey = graphql(`
  mutation RevokeKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) { __typename ... on ApiKeyPayload { apiKey { active revokedAt } } ... on ConflictError { message } }
  }
`);
const WhoAmI = graphql(`query WhoAmI { viewer { scopes } }`);
const Keys = graphql(`query Keys { viewer { organization { apiKeys(first: 50) { edges { node { prefix } } } } } }`);

describe('API keys', () => {
  it('shows the secret once, stores only its hash, and the key works with exactly its scopes', async () => {
    const t = await newTenant();
    const { createApiKey } = await api.ok(CreateKey, { input: { name: 'ci', scopes: ['agents:read'] } }, t.ownerJwt);
    if (createApiKey.__typename !== 'CreateApiKeyPayload') throw new Error(createApiKey.__typename);
    const row = await prisma.apiKey.findFirstOrThrow({ where: { prefix: createApiKey.apiKey.prefix } });
    // The secret is base64url and may itself contain "_": take it whole, as the server parses it.
    const secret = parseApiKey(createApiKey.secret)?.secret as string;
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(row.secretHash).not.toContain(secret);
    expect((await api.ok(WhoAmI, {}, createApiKey.secret)).viewer.scopes).toEqual(['agents:read']);
    const listed = await api.ok(Keys, {}, t.ownerKey);
    expect(JSON.stringify(listed)).not.toContain(createApiKey.secret);
    expect(
      await prisma.activityEvent.count({
        where: { organizationId: t.organization.id, verb: 'api_key.created', subjectId: row.id },
      }),
    ).toBe(1);
  });

  it('cannot grant scopes the creator lacks, nor unknown scopes, nor a past expiry', async () => {
    const t = await newTenant();
    const admin = await t.member('GOVERNOR');
    // A GOVERNOR has no api_keys:write at all.
    expect(
      (await api.gql(CreateKey, { input: { name: 'x', scopes: ['agents:read'] } }, admin.jwt)).errors?.[0]?.extensions
        .code,
    ).toBe('FORBIDDEN');
    const limited = await t.key(['api_keys:write', 'agents:read']);
    const escalate = await api.ok(CreateKey, { input: { name: 'x', scopes: ['members:write'] } }, limited);
    expect(escalate.createApiKey).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'scopes'] }],
    });
    const unknown = await api.ok(CreateKey, { input: { name: 'x', scopes: ['root'] } }, t.ownerKey);
    expect(unknown.createApiKey.__typename).toBe('ValidationError');
    const past = await api.ok(
      CreateKey,
      { input: { name: 'x', scopes: ['agents:read'], expiresAt: '2020-01-01T00:00:00Z' } },
      t.ownerKey,
    );
    expect(past.createApiKey).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'expiresAt'] }],
    });
  });

  it('binds a key to an agent of the organization only', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const mine = await t.agent({ slug: 'mine' });
    const theirs = await other.agent({ slug: 'theirs' });
    const { encodeGlobalId } = await import('../../src/graphql/global-id.js');
    const bound = await api.ok(
      CreateKey,
      { input: { name: 'bot', scopes: ['agents:read'], agentId: encodeGlobalId('Agent', mine.id) } },
      t.ownerKey,
    );
    expect(bound.createApiKey).toMatchObject({ apiKey: { agent: { slug: 'mine' } } });
    const foreign = await api.ok(
      CreateKey,
      { input: { name: 'bot', scopes: ['agents:read'], agentId: encodeGlobalId('Agent', theirs.id) } },
      t.ownerKey,
    );
    expect(foreign.createApiKey.__typename).toBe('NotFoundError');
  });

  it('a revoked key stops working at once, though this server had it cached; revoking twice is a ConflictError', async () => {
    const t = await newTenant();
    const { createApiKey } = await api.ok(CreateKey, { input: { name: 'temp', scopes: ['agents:read'] } }, t.ownerKey);
    if (createApiKey.__typename !== 'CreateApiKeyPayload') throw new Error(createApiKey.__typename);
    const input = { apiKeyId: createApiKey.apiKey.id };
    expect((await api.gql(WhoAmI, {}, createApiKey.secret)).errors).toBeUndefined(); // now cached
    expect((await api.ok(RevokeKey, { input }, t.ownerKey)).revokeApiKey).toMatchObject({ apiKey: { active: false } });
    expect((await api.gql(WhoAmI, {}, createApiKey.secret)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await api.ok(RevokeKey, { input }, t.ownerKey)).revokeApiKey.__typename).toBe('ConflictError');
  });

  it('a key revoked by another server process is refused here within API_KEY_CACHE_SECONDS (5 s)', async () => {
    const t = await newTenant();
    const { createApiKey } = await api.ok(CreateKey, { input: { name: 'temp', scopes: ['agents:read'] } }, t.ownerKey);
    if (createApiKey.__typename !== 'CreateApiKeyPayload') throw new Error(createApiKey.__typename);
    expect((await api.gql(WhoAmI, {}, createApiKey.secret)).errors).toBeUndefined();
    // Another process revokes it: only the database changes.
    await prisma.apiKey.update({ where: { prefix: createApiKey.apiKey.prefix }, data: { revokedAt: new Date() } });
    try {
      clock.set(() => new Date(Date.now() + 4_000));
      expect((await api.gql(WhoAmI, {}, createApiKey.secret)).errors).toBeUndefined(); // the cached copy
      clock.set(() => new Date(Date.now() + 5_001));
      expect((await api.gql(WhoAmI, {}, createApiKey.secret)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      clock.set();
    }
  });
});
