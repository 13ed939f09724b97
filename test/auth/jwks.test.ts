// JWT_JWKS_URL: a server configured with a JWKS endpoint verifies RS256 tokens against it.
// The JWKS is served by this test on loopback; the server runs as its own process because its
// configuration is read once at start-up.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.js';
import { useTestApi } from '../harness.js';
import { type Started, startProcess, stopProcess } from '../process.js';
import { newTenant } from '../seed.js';

const api = useTestApi();
let jwks: Server;
let server: Started;
let port: number;
let sign: (claims: { sub: string; org: string }, kid?: string) => Promise<string>;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  sign = (claims, kid = 'test-key') =>
    new SignJWT({ org: claims.org })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  port = await freePort();
  server = await startProcess(
    ['--import', 'tsx', 'src/server.ts'],
    {
      NODE_ENV: 'development',
      DATABASE_URL: api.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: '',
      JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
    },
    new URL(`http://127.0.0.1:${port}/readyz`),
  );
});

afterAll(async () => {
  await stopProcess(server.child);
  jwks.close();
});

const viewer = (token: string) =>
  fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ viewer { actorType role } }' }),
  }).then(
    (r) =>
      r.json() as Promise<{
        data?: { viewer: { actorType: string; role: string } };
        errors?: { extensions: { code: string } }[];
      }>,
  );

describe('JWT verified with a JWKS URL', () => {
  it('accepts a token signed by a key in the JWKS and refuses one with an unknown key id', async () => {
    const t = await newTenant();
    const governor = await t.member('GOVERNOR');
    expect((await viewer(await sign({ sub: governor.userId, org: t.organization.id }))).data?.viewer).toEqual({
      actorType: 'USER',
      role: 'GOVERNOR',
    });
    const unknownKey = await viewer(await sign({ sub: governor.userId, org: t.organization.id }, 'other-key'));
    expect(unknownKey.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    // An HS256 token made with the test secret is not accepted by a JWKS-configured server.
    expect((await viewer(governor.jwt)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  }, 60_000);
});
