// Issue 20 §3: installs with permission grants. An organization installs a published version:
// compatibility is checked against what it provides, the manifest's scopes wait for a governor's
// grant (all or some), and the agent then acts only within the granted scopes — in decisions and
// spend. An upgrade asking for new scopes needs a new grant, and until then the old version stays
// current. Uninstalling revokes. Every step is an event.
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.js';
import { manifestSchema } from '../../src/modules/versions/manifest.js';
import { createAgentVersion, publishAgentVersion } from '../../src/modules/versions/versions.service.js';
import { postGraphQL, prisma, useTestApi } from '../harness.js';
import { newTenant, type Tenant, validManifest } from '../seed.js';

const api = useTestApi();

type Body = { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
const post = (query: string, variables: unknown, token: string) =>
  postGraphQL<Body>(api.url, query, variables, token).then((r) => r.body);

const Errors = `... on ValidationError { issues { path message } } ... on ConflictError { message }
  ... on InvalidTransitionError { message } ... on NotFoundError { message }`;
const InstallFields =
  'installation { id status requestedScopes grantedScopes compatibility { kind name required provided ok } version { semver } }';
const mutate = async (
  name: string,
  input: Record<string, unknown>,
  token: string,
  fields = `... on InstallationPayload { ${InstallFields} }`,
) => {
  const body = await post(
    `mutation($input: ${name[0]?.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { __typename ${fields} ${Errors} } }`,
    { input },
    token,
  );
  if (body.errors) return { __typename: 'errors', code: body.errors[0]?.extensions?.code } as unknown as Result;
  return body.data?.[name] as Result;
};
type Result = Record<string, unknown> & { __typename: string; installation: { id: string; status: string } };
const Evaluate = `mutation($input: EvaluateActionInput!) { evaluateAction(input: $input) { ... on Decision { outcome reasons } } }`;
const Authorize = `mutation($input: AuthorizeSpendInput!) { authorizeSpend(input: $input) { ... on SpendDecision { outcome reasons } } }`;

let t: Tenant;
let governor: { jwt: string };
let agentId: string;
let gid: string;

async function publish(semver: string, manifest: Record<string, unknown> = {}) {
  // Services come with the CapeControl form (dependencies.services); set them on the normalized manifest.
  const { services = [], ...rest } = manifest as { services?: string[] };
  const v = await createAgentVersion(t.caller, agentId, {
    semver,
    manifest: { ...manifestSchema.parse(validManifest(semver, rest)), services },
    changelog: 'notes',
  });
  await publishAgentVersion(t.caller, v.id);
  return encodeGlobalId('AgentVersion', v.id);
}
const scopes = (list: string[]) => ({ permissions: { scopes: list, requiredRoles: [], dataAccess: 'READ' } });
const current = async () =>
  (await prisma.agent.findUniqueOrThrow({ where: { id: agentId }, include: { currentVersion: true } })).currentVersion
    ?.semver;
const evaluate = async (scopeList: string[]) =>
  (await post(Evaluate, { input: { agentId: gid, action: 'act', scopes: scopeList } }, t.ownerKey)).data
    ?.evaluateAction as {
    outcome: string;
    reasons: string[];
  };

beforeEach(async () => {
  t = await newTenant('Installing');
  governor = await t.member('GOVERNOR');
  const a = await t.agent();
  agentId = a.id;
  gid = encodeGlobalId('Agent', a.id);
  await t.budget({ limit: '100' });
});

describe('installs', () => {
  it('an incompatible version is refused with what is missing; the runtime says what the organization provides', async () => {
    const v = await publish('1.0.0', {
      dependencies: { python: '>=3.10', requests: '^2.31.0' },
      services: ['openai', 'stripe'],
    });
    const refused = await mutate('installAgentVersion', { versionId: v }, t.ownerKey);
    expect(refused).toMatchObject({
      __typename: 'ValidationError',
      issues: [
        { path: ['input', 'versionId'], message: 'incompatible: needs python >=3.10; the organization provides none' },
        {
          path: ['input', 'versionId'],
          message: 'incompatible: needs requests ^2.31.0; the organization provides none',
        },
        { path: ['input', 'versionId'], message: expect.stringContaining('needs the service openai') },
        { path: ['input', 'versionId'], message: expect.stringContaining('needs the service stripe') },
      ],
    });
    expect(await prisma.installation.count({ where: { agentId } })).toBe(0);
    const runtime = await post(
      `mutation($input: UpdateOrganizationRuntimeInput!) { updateOrganizationRuntime(input: $input) { __typename
        ... on RuntimePayload { organization { runtime { dependencies { name version } services } } } } }`,
      {
        input: {
          dependencies: [
            { name: 'python', version: '3.11.4' },
            { name: 'requests', version: '2.32.0' },
          ],
          services: ['stripe'],
        },
      },
      t.ownerKey,
    );
    expect(runtime.data?.updateOrganizationRuntime).toMatchObject({
      organization: {
        runtime: {
          services: ['stripe'],
          dependencies: [
            { name: 'python', version: '3.11.4' },
            { name: 'requests', version: '2.32.0' },
          ],
        },
      },
    });
    await prisma.service.create({
      data: {
        organizationId: t.organization.id,
        key: 'openai:gpt-4o',
        name: 'GPT-4o',
        unit: '1K tokens',
        unitPrice: '0.01',
      },
    });
    const check = await post(
      `query($id: ID!) { installCheck(versionId: $id) { compatible requestedScopes items { name provided ok } } }`,
      { id: v },
      t.ownerKey,
    );
    expect(check.data?.installCheck).toEqual({
      compatible: true,
      requestedScopes: ['kb:read'],
      items: [
        { name: 'python', provided: '3.11.4', ok: true },
        { name: 'requests', provided: '2.32.0', ok: true },
        { name: 'openai', provided: 'openai:gpt-4o', ok: true },
        { name: 'stripe', provided: 'stripe', ok: true },
      ],
    });
    expect(await mutate('installAgentVersion', { versionId: v }, t.ownerKey)).toMatchObject({
      installation: { status: 'PENDING_GRANT', requestedScopes: ['kb:read'] },
    });
  });

  it('the seed’s CapeControl manifest (PEP 440 package specifiers, services) installs once the runtime provides them', async () => {
    const { readFileSync } = await import('node:fs');
    const document = JSON.parse(
      readFileSync(new URL('../fixtures/capecontrol-manifest.json', import.meta.url), 'utf8'),
    );
    const v = await createAgentVersion(t.caller, agentId, {
      semver: '1.0.0',
      manifest: manifestSchema.parse(document),
      changelog: 'seed',
    });
    await publishAgentVersion(t.caller, v.id);
    const id = encodeGlobalId('AgentVersion', v.id);
    const check = async () =>
      (
        await post(
          `query($id: ID!) { installCheck(versionId: $id) { compatible items { name required provided ok } requestedScopes } }`,
          { id },
          t.ownerKey,
        )
      ).data?.installCheck as {
        compatible: boolean;
        items: { name: string; ok: boolean }[];
        requestedScopes: string[];
      };
    expect((await check()).compatible).toBe(false);
    await post(
      `mutation($input: UpdateOrganizationRuntimeInput!) { updateOrganizationRuntime(input: $input) { __typename } }`,
      {
        input: {
          dependencies: [
            { name: 'python', version: '3.11' },
            { name: 'fastapi', version: '0.110.1' },
            { name: 'pydantic', version: '2.7.0' },
          ],
          services: ['redis', 'postgresql'],
        },
      },
      t.ownerKey,
    );
    const after = await check();
    expect(after.items.filter((i) => !i.ok)).toEqual([]);
    expect(after).toMatchObject({ compatible: true, requestedScopes: ['finance:write', 'profile:read'] });
  });

  it('a governor grants some of the requested scopes; the agent then acts only within them, in decisions', async () => {
    const v = await publish('1.0.0', scopes(['kb:read', 'email:send']));
    const pending = await mutate('installAgentVersion', { versionId: v }, t.ownerKey);
    expect(pending).toMatchObject({
      installation: { status: 'PENDING_GRANT', requestedScopes: ['email:send', 'kb:read'], grantedScopes: [] },
    });
    // Before the first grant the agent is governed by policies alone.
    expect((await evaluate(['email:send'])).outcome).toBe('ALLOW');
    const id = pending.installation.id;
    expect(
      await mutate('grantInstallation', { installationId: id, scopes: ['tickets:write'] }, governor.jwt),
    ).toMatchObject({
      __typename: 'ValidationError',
      issues: [
        { path: ['input', 'scopes'], message: 'tickets:write was not requested (requested: email:send, kb:read)' },
      ],
    });
    expect(
      await mutate(
        'grantInstallation',
        { installationId: id, scopes: ['kb:read'], note: 'read only for now' },
        governor.jwt,
      ),
    ).toMatchObject({
      installation: { status: 'ACTIVE', grantedScopes: ['kb:read'] },
    });
    expect(await mutate('grantInstallation', { installationId: id }, governor.jwt)).toMatchObject({
      __typename: 'InvalidTransitionError',
    });
    expect(await evaluate(['kb:read'])).toMatchObject({ outcome: 'ALLOW' });
    expect(await evaluate(['kb:read', 'email:send'])).toEqual({
      outcome: 'DENY',
      reasons: ['scope email:send was not granted when the agent was installed'],
    });
    const agent = await post(
      `query($id: ID!) { agent(id: $id) { installState grantedScopes installations { edges { node { status } } } } }`,
      { id: gid },
      t.ownerKey,
    );
    expect(agent.data?.agent).toEqual({
      installState: 'INSTALLED',
      grantedScopes: ['kb:read'],
      installations: { edges: [{ node: { status: 'ACTIVE' } }] },
    });
    const events = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, subjectType: 'Installation' },
      orderBy: { sequence: 'asc' },
    });
    expect(events.map((e) => e.verb)).toEqual([
      'installation.requested',
      'installation.granted',
      'installation.activated',
    ]);
    expect(events[1]?.payload).toEqual({
      grantedScopes: ['kb:read'],
      withheldScopes: ['email:send'],
      note: 'read only for now',
    });
  });

  it('an upgrade within the grants is active at once; one asking for a new scope waits for a grant, and the old version stays current', async () => {
    const v1 = await publish('1.0.0', scopes(['kb:read', 'email:send']));
    const first = await mutate('installAgentVersion', { versionId: v1 }, t.ownerKey);
    await mutate('grantInstallation', { installationId: first.installation.id }, governor.jwt);
    const v11 = await publish('1.1.0', scopes(['kb:read']));
    expect(await current()).toBe('1.0.0');
    expect(await mutate('installAgentVersion', { versionId: v11 }, t.ownerKey)).toMatchObject({
      installation: { status: 'ACTIVE', grantedScopes: ['kb:read'], version: { semver: '1.1.0' } },
    });
    expect(await current()).toBe('1.1.0');
    const v12 = await publish('1.2.0', scopes(['kb:read', 'tickets:write']));
    const upgrade = await mutate('installAgentVersion', { versionId: v12 }, t.ownerKey);
    expect(upgrade).toMatchObject({
      installation: { status: 'PENDING_GRANT', requestedScopes: ['kb:read', 'tickets:write'] },
    });
    expect(await current()).toBe('1.1.0');
    expect((await evaluate(['tickets:write'])).outcome).toBe('DENY');
    await mutate('grantInstallation', { installationId: upgrade.installation.id }, governor.jwt);
    expect(await current()).toBe('1.2.0');
    expect((await evaluate(['tickets:write'])).outcome).toBe('ALLOW');
    const statuses = await prisma.installation.findMany({
      where: { agentId },
      orderBy: { createdAt: 'asc' },
      select: { status: true },
    });
    expect(statuses.map((s) => s.status)).toEqual(['SUPERSEDED', 'SUPERSEDED', 'ACTIVE']);
  });

  it('uninstalling revokes: every decision is DENY and every spend REJECTED until installed again', async () => {
    const v = await publish('1.0.0', scopes(['kb:read']));
    const install = await mutate('installAgentVersion', { versionId: v }, t.ownerKey);
    await mutate('grantInstallation', { installationId: install.installation.id }, governor.jwt);
    const spend = (key: string) =>
      post(Authorize, { input: { agentId: gid, amount: '1.00', service: 'llm', requestKey: key } }, t.ownerKey).then(
        (r) => r.data?.authorizeSpend as { outcome: string; reasons: string[] },
      );
    expect((await spend('before')).outcome).toBe('ALLOWED');
    const out = await mutate(
      'uninstallAgent',
      { agentId: gid, reason: 'replaced' },
      t.ownerKey,
      '... on UninstallPayload { agent { installState grantedScopes } }',
    );
    expect(out).toMatchObject({ agent: { installState: 'UNINSTALLED', grantedScopes: [] } });
    expect(await evaluate(['kb:read'])).toEqual({
      outcome: 'DENY',
      reasons: ['the agent was uninstalled; install it again to use it'],
    });
    expect(await spend('after')).toMatchObject({
      outcome: 'REJECTED',
      reasons: ['the agent was uninstalled; install it again to use it'],
    });
    expect(await mutate('uninstallAgent', { agentId: gid }, t.ownerKey, '')).toMatchObject({
      __typename: 'InvalidTransitionError',
    });
    const again = await mutate('installAgentVersion', { versionId: v }, t.ownerKey);
    expect(again).toMatchObject({ installation: { status: 'PENDING_GRANT' } });
    expect((await evaluate(['kb:read'])).outcome).toBe('DENY');
    await mutate('grantInstallation', { installationId: again.installation.id }, governor.jwt);
    expect((await evaluate(['kb:read'])).outcome).toBe('ALLOW');
    const verbs = await prisma.activityEvent.findMany({
      where: { organizationId: t.organization.id, verb: { in: ['agent.uninstalled', 'installation.uninstalled'] } },
    });
    expect(verbs.map((e) => e.verb).sort()).toEqual(['agent.uninstalled', 'installation.uninstalled']);
  });

  it('authorizations and decisions racing uninstallAgent commit before it or are refused: nothing allowed follows agent.uninstalled', async () => {
    const v = await publish('1.0.0', scopes(['kb:read']));
    for (let round = 0; round < 3; round++) {
      const install = await mutate('installAgentVersion', { versionId: v }, t.ownerKey);
      await mutate('grantInstallation', { installationId: install.installation.id }, governor.jwt);
      const racing = Array.from({ length: 30 }, (_, i) =>
        i % 3
          ? post(
              Authorize,
              { input: { agentId: gid, amount: '1.00', service: 'llm', requestKey: `r${round}-${i}` } },
              t.ownerKey,
            )
          : evaluate(['kb:read']),
      );
      const out = await mutate('uninstallAgent', { agentId: gid, reason: `round ${round}` }, t.ownerKey, '');
      expect(out.__typename).toBe('UninstallPayload');
      await Promise.all(racing);
      const log = await prisma.activityEvent.findMany({
        where: { organizationId: t.organization.id, agentId },
        orderBy: { sequence: 'asc' },
        select: { verb: true, sequence: true, payload: true },
      });
      const stoppedAt = log.findLast((e) => e.verb === 'agent.uninstalled')?.sequence ?? 0;
      const allowed = log.filter(
        (e) =>
          e.sequence > stoppedAt &&
          (e.verb === 'spend.authorized' ||
            e.verb === 'spend.downgraded' ||
            (e.verb === 'decision.recorded' && (e.payload as { outcome?: string }).outcome === 'ALLOW')),
      );
      expect(stoppedAt).toBeGreaterThan(0);
      expect(allowed).toEqual([]);
    }
  });

  it('granting needs installs:grant and a person; a refusal changes nothing; another organization’s installs are missing', async () => {
    const v = await publish('1.0.0', scopes(['kb:read']));
    const pending = await mutate('installAgentVersion', { versionId: v }, t.ownerKey);
    const id = pending.installation.id;
    const operator = await t.member('OPERATOR');
    expect(await mutate('grantInstallation', { installationId: id }, operator.jwt)).toMatchObject({
      code: 'FORBIDDEN',
    });
    const agentKey = await t.agentKey(agentId, ['installs:grant']);
    expect(await mutate('grantInstallation', { installationId: id }, agentKey)).toMatchObject({
      __typename: 'ConflictError',
    });
    const other = await newTenant('Other');
    expect(await mutate('grantInstallation', { installationId: id }, other.ownerKey)).toMatchObject({
      __typename: 'NotFoundError',
    });
    expect(await mutate('installAgentVersion', { versionId: v }, other.ownerKey)).toMatchObject({
      __typename: 'NotFoundError',
    });
    expect(await mutate('refuseInstallation', { installationId: id, reason: 'not now' }, governor.jwt)).toMatchObject({
      installation: { status: 'REFUSED' },
    });
    expect((await prisma.agent.findUniqueOrThrow({ where: { id: agentId } })).installState).toBeNull();
    const draft = await createAgentVersion(t.caller, agentId, {
      semver: '2.0.0',
      manifest: manifestSchema.parse(validManifest('2.0.0')),
      changelog: '',
    });
    expect(
      await mutate('installAgentVersion', { versionId: encodeGlobalId('AgentVersion', draft.id) }, t.ownerKey),
    ).toMatchObject({
      __typename: 'ValidationError',
    });
  });

  it('of concurrent grants of one install exactly one succeeds; concurrent installs leave one pending', async () => {
    const v = await publish('1.0.0', scopes(['kb:read']));
    const pending = await mutate('installAgentVersion', { versionId: v }, t.ownerKey);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        mutate('grantInstallation', { installationId: pending.installation.id }, governor.jwt),
      ),
    );
    expect(results.filter((r) => r.__typename === 'InstallationPayload')).toHaveLength(1);
    expect(results.filter((r) => r.__typename === 'InvalidTransitionError')).toHaveLength(5);
    const v2 = await publish('2.0.0', scopes(['kb:read', 'email:send']));
    const installs = await Promise.all(
      Array.from({ length: 5 }, () => mutate('installAgentVersion', { versionId: v2 }, t.ownerKey)),
    );
    expect(installs.filter((r) => r.__typename === 'InstallationPayload')).toHaveLength(1);
    expect(installs.filter((r) => r.__typename === 'ConflictError')).toHaveLength(4);
    expect(await prisma.installation.count({ where: { agentId, status: 'PENDING_GRANT' } })).toBe(1);
  });
});
