import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { graphql } from '../gql/index.js';
import { prisma, useTestApi } from '../harness.js';
import { newTenant, validManifest } from '../seed.js';

const api = useTestApi();

const CreateVersion = graphql(`
  mutation CreateVersion($input: CreateAgentVersionInput!) {
    createAgentVersion(input: $input) {
      __typename
      ... on AgentVersionPayload { version { id semver status config { timeout } permissions { dataAccess } tools { name } } }
      ... on ValidationError { issues { path message } }
      ... on ConflictError { message }
      ... on InvalidTransitionError { from to }
    }
  }
`);
const UpdateVersion = graphql(`
  mutation UpdateVersion($input: UpdateAgentVersionInput!) {
    updateAgentVersion(input: $input) {
      __typename
      ... on AgentVersionPayload { version { changelog } }
      ... on InvalidTransitionError { from to message }
      ... on ValidationError { issues { path } }
    }
  }
`);
const PublishVersion = graphql(`
  mutation PublishVersion($input: PublishAgentVersionInput!) {
    publishAgentVersion(input: $input) {
      __typename
      ... on AgentVersionPayload { version { status agent { status currentVersion { semver } } } }
      ... on ConflictError { message }
      ... on InvalidTransitionError { from to }
    }
  }
`);
const ArchiveVersion = graphql(`
  mutation ArchiveVersion($input: ArchiveAgentVersionInput!) {
    archiveAgentVersion(input: $input) {
      __typename
      ... on AgentVersionPayload { version { status agent { currentVersion { semver } } } }
      ... on InvalidTransitionError { from to }
    }
  }
`);
const AgentVersions = graphql(`
  query AgentVersions($id: ID!) {
    agent(id: $id) { status currentVersion { semver } versions(first: 10) { totalCount edges { node { semver status } } } }
  }
`);

const gid = (type: string, id: string) => encodeGlobalId(type, id);

describe('createAgentVersion', () => {
  it('creates a DRAFT with typed manifest fields', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const { createAgentVersion: r } = await api.ok(
      CreateVersion,
      { input: { agentId: gid('Agent', a.id), semver: '1.0.0', manifest: validManifest('1.0.0') } },
      t.ownerKey,
    );
    expect(r).toMatchObject({
      __typename: 'AgentVersionPayload',
      version: {
        status: 'DRAFT',
        config: { timeout: 1000 },
        permissions: { dataAccess: 'READ' },
        tools: [{ name: 'search' }],
      },
    });
  });

  it('reports every manifest problem with its path and stores nothing', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const manifest = validManifest('1.0.0', { name: '', config: { timeout: -5, retries: 99 }, surprise: true });
    const { createAgentVersion: r } = await api.ok(
      CreateVersion,
      { input: { agentId: gid('Agent', a.id), semver: '1.0.0', manifest } },
      t.ownerKey,
    );
    expect(r.__typename).toBe('ValidationError');
    if (r.__typename !== 'ValidationError') return;
    const paths = r.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'input.manifest.name',
        'input.manifest.config.timeout',
        'input.manifest.config.retries',
        'input.manifest',
      ]),
    );
    expect(await prisma.agentVersion.count({ where: { agentId: a.id } })).toBe(0);
  });

  it('rejects an invalid semver, a manifest version that differs, and a duplicate version', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const agentId = gid('Agent', a.id);
    const bad = await api.ok(
      CreateVersion,
      { input: { agentId, semver: 'v1', manifest: validManifest('v1') } },
      t.ownerKey,
    );
    expect(bad.createAgentVersion.__typename).toBe('ValidationError');
    const differs = await api.ok(
      CreateVersion,
      { input: { agentId, semver: '1.0.0', manifest: validManifest('2.0.0') } },
      t.ownerKey,
    );
    expect(differs.createAgentVersion).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: ['input', 'manifest', 'version'] }],
    });
    await t.version(a.id, '1.0.0');
    const dup = await api.ok(
      CreateVersion,
      { input: { agentId, semver: '1.0.0', manifest: validManifest('1.0.0') } },
      t.ownerKey,
    );
    expect(dup.createAgentVersion.__typename).toBe('ConflictError');
  });
});

describe('publishing', () => {
  it('publishes, activates a DRAFT agent, archives the superseded version and moves currentVersion', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const v1 = await t.version(a.id, '1.0.0');
    const first = await api.ok(PublishVersion, { input: { versionId: gid('AgentVersion', v1.id) } }, t.ownerKey);
    expect(first.publishAgentVersion).toMatchObject({
      version: { status: 'PUBLISHED', agent: { status: 'ACTIVE', currentVersion: { semver: '1.0.0' } } },
    });
    const v2 = await t.version(a.id, '1.1.0');
    await api.ok(PublishVersion, { input: { versionId: gid('AgentVersion', v2.id) } }, t.ownerKey);
    const { agent } = await api.ok(AgentVersions, { id: gid('Agent', a.id) }, t.ownerKey);
    expect(agent?.currentVersion?.semver).toBe('1.1.0');
    expect(agent?.versions.edges.map((e) => [e.node.semver, e.node.status])).toEqual([
      ['1.1.0', 'PUBLISHED'],
      ['1.0.0', 'ARCHIVED'],
    ]);
    const verbs = (await prisma.activityEvent.findMany({ where: { agentId: a.id }, orderBy: { sequence: 'asc' } })).map(
      (e) => e.verb,
    );
    expect(verbs.slice(-3)).toEqual(['version.created', 'version.archived', 'version.published']);
  });

  it('requires a version greater than every published one', async () => {
    const t = await newTenant();
    const a = await t.agent();
    await t.version(a.id, '2.0.0', { publish: true });
    const older = await t.version(a.id, '1.5.0');
    const r = await api.ok(PublishVersion, { input: { versionId: gid('AgentVersion', older.id) } }, t.ownerKey);
    expect(r.publishAgentVersion.__typename).toBe('ConflictError');
    expect((await prisma.agentVersion.findUniqueOrThrow({ where: { id: older.id } })).status).toBe('DRAFT');
  });

  it('cannot publish twice, and only drafts are editable', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const v = await t.version(a.id, '1.0.0', { publish: true });
    const again = await api.ok(PublishVersion, { input: { versionId: gid('AgentVersion', v.id) } }, t.ownerKey);
    expect(again.publishAgentVersion).toEqual({
      __typename: 'InvalidTransitionError',
      from: 'PUBLISHED',
      to: 'PUBLISHED',
    });
    const edit = await api.ok(
      UpdateVersion,
      { input: { versionId: gid('AgentVersion', v.id), changelog: 'sneaky' } },
      t.ownerKey,
    );
    expect(edit.updateAgentVersion.__typename).toBe('InvalidTransitionError');
    const draft = await t.version(a.id, '1.1.0');
    const ok = await api.ok(
      UpdateVersion,
      { input: { versionId: gid('AgentVersion', draft.id), changelog: 'better' } },
      t.ownerKey,
    );
    expect(ok.updateAgentVersion).toEqual({ __typename: 'AgentVersionPayload', version: { changelog: 'better' } });
  });

  it('archiving the current version leaves the agent without one; archiving twice is InvalidTransitionError', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const v = await t.version(a.id, '1.0.0', { publish: true });
    const r = await api.ok(ArchiveVersion, { input: { versionId: gid('AgentVersion', v.id) } }, t.ownerKey);
    expect(r.archiveAgentVersion).toEqual({
      __typename: 'AgentVersionPayload',
      version: { status: 'ARCHIVED', agent: { currentVersion: null } },
    });
    const twice = await api.ok(ArchiveVersion, { input: { versionId: gid('AgentVersion', v.id) } }, t.ownerKey);
    expect(twice.archiveAgentVersion.__typename).toBe('InvalidTransitionError');
  });

  it('lets exactly one of two concurrent publishes of the same draft win', async () => {
    const t = await newTenant();
    const a = await t.agent();
    const v = await t.version(a.id, '1.0.0');
    const input = { versionId: gid('AgentVersion', v.id) };
    const results = await Promise.all([
      api.ok(PublishVersion, { input }, t.ownerKey),
      api.ok(PublishVersion, { input }, t.ownerKey),
    ]);
    expect(results.map((r) => r.publishAgentVersion.__typename).sort()).toEqual([
      'AgentVersionPayload',
      'InvalidTransitionError',
    ]);
    expect(await prisma.activityEvent.count({ where: { agentId: a.id, verb: 'version.published' } })).toBe(1);
  });
});
