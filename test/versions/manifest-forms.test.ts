// Issue 20 §4: the CapeControl blueprint's manifest.json (§6.1) is accepted as written — the
// fixture is the seed's document with its placeholders filled in — and stored in the same
// normalized form as the registry form (config.timeout 30 s → 30000 ms). Cron schedules and
// settings_schema are checked; validateManifest answers without creating anything; the JSON
// Schema of both forms is served.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { newTenant, validManifest } from '../seed.js';

const api = useTestApi();
const seedManifest = () => JSON.parse(readFileSync('test/fixtures/capecontrol-manifest.json', 'utf8'));

type Body = { data?: Record<string, Record<string, unknown> | null>; errors?: unknown[] };
const post = (query: string, variables: unknown, token: string) =>
  postGraphQL<Body>(api.url, query, variables, token).then((r) => r.body);

const Create = `mutation($input: CreateAgentVersionInput!) { createAgentVersion(input: $input) {
  __typename ... on AgentVersionPayload { version { id placement config { timeout retries memoryLimit cpuLimit concurrentTasks }
    permissions { scopes requiredRoles dataAccess dataCategories } tools { name } triggers { type value } services dependencies } }
  ... on ValidationError { issues { path message } } } }`;
const Validate = `query($manifest: JSON!) { validateManifest(manifest: $manifest) { valid issues { path message } manifest } }`;

describe('the CapeControl manifest form', () => {
  it('is accepted as written and stored normalized: timeout in ms, sizes in MiB, triggers, services, data categories', async () => {
    const t = await newTenant('Manifests');
    const a = await t.agent();
    const r = await post(
      Create,
      { input: { agentId: encodeGlobalId('Agent', a.id), semver: '1.0.0', manifest: seedManifest() } },
      t.ownerKey,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.createAgentVersion).toMatchObject({
      __typename: 'AgentVersionPayload',
      version: {
        placement: 'CHAT',
        config: { timeout: 30_000, retries: 3, memoryLimit: 512, cpuLimit: 0.5, concurrentTasks: 5 },
        permissions: {
          scopes: ['profile:read', 'finance:write'],
          requiredRoles: ['user', 'premium'],
          dataAccess: 'READ',
          dataCategories: ['user_data', 'system_metrics'],
        },
        tools: [{ name: 'tool1' }, { name: 'tool2' }],
        triggers: [
          { type: 'EVENT', value: 'user.onboard' },
          { type: 'EVENT', value: 'payment.completed' },
          { type: 'SCHEDULE', value: '0 9 * * MON' },
          { type: 'SCHEDULE', value: '0 */6 * * *' },
          { type: 'WEBHOOK', value: '/api/agents/{id}/webhook' },
        ],
        services: ['redis', 'postgresql'],
        dependencies: { python: '>=3.9', fastapi: '>=0.104.0', pydantic: '>=2.0.0' },
      },
    });
    const stored = await prisma.agentVersion.findFirstOrThrow({ where: { agentId: a.id } });
    expect(stored.manifest).toMatchObject({ category: 'AI_ASSISTED', ui: { color: '#3B82F6' } });
    // The registry form still reads config.timeout as milliseconds.
    const b = await t.agent();
    const registry = await post(
      Create,
      { input: { agentId: encodeGlobalId('Agent', b.id), semver: '1.0.0', manifest: validManifest('1.0.0') } },
      t.ownerKey,
    );
    expect(registry.data?.createAgentVersion).toMatchObject({ version: { config: { timeout: 1000 }, services: [] } });
  });

  it('reports a bad cron schedule, a settings_schema that is not a JSON Schema, and other problems at their paths', async () => {
    const t = await newTenant('Manifests');
    const bad = seedManifest();
    bad.triggers.schedules = ['0 9 * * MON', 'every monday'];
    bad.ui.settings_schema = { type: 'no-such-type' };
    bad.config.memory_limit = 'lots';
    bad.config.timeout = 100_000;
    bad.placement = 'sidebar';
    const r = await post(Validate, { manifest: bad }, t.ownerKey);
    const v = r.data?.validateManifest as { valid: boolean; issues: { path: string[]; message: string }[] };
    expect(v.valid).toBe(false);
    expect(v.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'config.memory_limit',
      'config.timeout',
      'placement',
      'triggers.schedules.1',
      'ui.settings_schema',
    ]);
    expect(v.issues.find((i) => i.path.join('.') === 'triggers.schedules.1')?.message).toMatch(/cron/);
    // Creating with it stores nothing, with the paths under input.manifest.
    const a = await t.agent();
    const created = await post(
      Create,
      { input: { agentId: encodeGlobalId('Agent', a.id), semver: '1.0.0', manifest: bad } },
      t.ownerKey,
    );
    expect(created.data?.createAgentVersion).toMatchObject({ __typename: 'ValidationError' });
    expect((created.data?.createAgentVersion as { issues: { path: string[] }[] }).issues[0]?.path.slice(0, 2)).toEqual([
      'input',
      'manifest',
    ]);
    expect(await prisma.agentVersion.count({ where: { agentId: a.id } })).toBe(0);
  });

  it('validateManifest answers the normalized form without creating anything; the JSON Schema of both forms is served', async () => {
    const t = await newTenant('Manifests');
    const r = await post(Validate, { manifest: seedManifest() }, t.ownerKey);
    expect(r.data?.validateManifest).toMatchObject({
      valid: true,
      issues: [],
      manifest: { config: { timeout: 30_000 } },
    });
    expect(await prisma.agentVersion.count({ where: { organizationId: t.organization.id } })).toBe(0);
    const schema = await fetch(api.url.replace('/graphql', '/schemas/agent-manifest.json')).then((res) => res.json());
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(seedManifest())).toBe(true);
    expect(validate(validManifest('1.0.0'))).toBe(true);
    expect(validate({ name: 'x' })).toBe(false);
  });
});
