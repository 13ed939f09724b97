// Issue 18 §2: development tokens. `npm run token -- --role GOVERNOR` prints a short-lived JWT for
// a member with that role, found through the API with the demo key and signed with the
// development secret; JWT claims accept the global IDs the API shows as well as raw UUIDs.

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { postGraphQL, useTestApi } from '../harness.js';
import { JWT_SECRET, newTenant, signJwt } from '../seed.js';

const api = useTestApi();
const run = promisify(execFile);

const viewer = (token: string) => postGraphQL(api.url, '{ viewer { role actorType } }', {}, token).then((r) => r.body);

describe('development tokens', () => {
  it('npm run token prints a JWT for a member of the asked role, which the API accepts', async () => {
    const t = await newTenant('Tokened');
    await t.member('GOVERNOR');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'agg-token-'));
    writeFileSync(path.join(dataDir, 'dev-jwt-secret'), `${JWT_SECRET}\n`);
    writeFileSync(path.join(dataDir, 'demo-api-key'), `${t.ownerKey}\n`);
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/token.ts', '--role', 'GOVERNOR', '--url', api.url, '--minutes', '30'],
      { env: { ...process.env, DATA_DIR: dataDir, JWT_SECRET: '' } },
    );
    expect(stderr).toMatch(/\(GOVERNOR\) in Tokened, valid 30 min/);
    const token = stdout.trim();
    expect(await viewer(token)).toMatchObject({ data: { viewer: { role: 'GOVERNOR', actorType: 'USER' } } });
    const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(1800);
    expect(claims.org).toBe(encodeGlobalId('Organization', t.organization.id));
  });

  it('claims may be global IDs or raw UUIDs; an ID of another type is refused', async () => {
    const t = await newTenant('Claims');
    const raw = await signJwt({ sub: t.owner.id, org: t.organization.id });
    const global = await signJwt({
      sub: encodeGlobalId('User', t.owner.id),
      org: encodeGlobalId('Organization', t.organization.id),
    });
    for (const token of [raw, global])
      expect(await viewer(token)).toMatchObject({ data: { viewer: { role: 'OWNER' } } });
    const wrong = await signJwt({ sub: encodeGlobalId('Agent', t.owner.id), org: t.organization.id });
    const refused = await viewer(wrong);
    expect(JSON.stringify(refused)).toMatch(/sub must be a user or customer id/);
  });
});
