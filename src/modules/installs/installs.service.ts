// Installs: an organization installs a PUBLISHED version of its agents. The install checks
// compatibility (compatibility.ts), lists the scopes the manifest requests, and waits for a
// governor to grant them (all or some) — unless it asks for nothing beyond what the active install
// already holds, when it is active at once. An active install makes its version the agent's
// current one and its grants the agent's scopes (grants.ts says what they allow); uninstalling
// revokes them. Locks: the agent row, then its installs (src/db/transaction.ts order).
import { actsFor, refuseAgentKey } from '../../auth/agent-binding.js';
import type { Caller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import type { Prisma, Tx } from '../../db/client.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { Agent, AgentVersion, Installation } from '../../generated/prisma/client.js';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../../graphql/errors.js';
import { closeActGate } from '../agents/act-gate.js';
import { assertAgentEditable } from '../agents/agent-lifecycle.js';
import { lockAgent } from '../agents/agents.service.js';
import { storedManifest } from '../versions/manifest.js';
import { type CompatibilityItem, compatibilityOf, requestedScopesOf, runtimeOf } from './compatibility.js';

const event = (verb: string, i: Installation, payload: Record<string, string | string[] | boolean | null> = {}) => ({
  verb,
  subjectType: 'Installation',
  subjectId: i.id,
  agentId: i.agentId,
  payload,
});

/** The compatibility of `version` with the caller's organization, and the scopes it requests. */
export async function checkCompatibility(tx: Tx, organizationId: string, version: AgentVersion) {
  const [organization, catalog] = await Promise.all([
    tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { runtime: true } }),
    tx.service.findMany({ where: { organizationId, archivedAt: null, active: true }, select: { key: true } }),
  ]);
  const manifest = storedManifest(version.manifest);
  return {
    items: compatibilityOf(
      manifest,
      runtimeOf(organization.runtime),
      catalog.map((s) => s.key),
    ),
    requestedScopes: requestedScopesOf(manifest),
  };
}

const describe = (i: CompatibilityItem) =>
  i.kind === 'DEPENDENCY'
    ? `needs ${i.name} ${i.required}; the organization provides ${i.provided ?? 'none'}`
    : `needs the service ${i.name}, which is neither in the runtime's services nor in the catalog`;

/** The agent's installs that are still open (ACTIVE, PENDING_GRANT), locked after the agent. */
async function openInstalls(tx: Tx, agentId: string) {
  const rows = await tx.$queryRaw<Installation[]>`
    SELECT * FROM "Installation" WHERE "agentId" = ${agentId}::uuid AND status IN ('ACTIVE', 'PENDING_GRANT')
     ORDER BY id FOR UPDATE`;
  return {
    active: rows.find((r) => r.status === 'ACTIVE') ?? null,
    pending: rows.find((r) => r.status === 'PENDING_GRANT') ?? null,
  };
}

/** Ends the active install before another becomes active (one ACTIVE per agent in the database). */
async function supersede(tx: Tx, caller: Caller, previous: Installation | null, bySemver: string) {
  if (!previous) return;
  const ended = await tx.installation.update({
    where: { id: previous.id },
    data: { status: 'SUPERSEDED', endedAt: clock.now() },
  });
  appendEvents(tx, caller, [event('installation.superseded', ended, { by: bySemver })]);
}

/** Makes the ACTIVE `installation` the agent's: its version current, its grants the agent's scopes. */
async function activate(tx: Tx, caller: Caller, agent: Agent, installation: Installation) {
  await tx.agent.update({
    where: { id: agent.id },
    data: {
      currentVersionId: installation.versionId,
      installState: 'INSTALLED',
      grantedScopes: installation.grantedScopes,
    },
  });
  appendEvents(tx, caller, [
    event('installation.activated', installation, { grantedScopes: installation.grantedScopes }),
  ]);
}

export function installAgentVersion(caller: Caller, versionId: string | null) {
  const { organizationId } = caller.viewer;
  return transact(async (tx) => {
    const found = versionId ? await tx.agentVersion.findFirst({ where: { id: versionId, organizationId } }) : null;
    if (!found || !actsFor(caller.viewer, found.agentId)) throw new NotFoundError('AgentVersion');
    const agent = await lockAgent(tx, caller, found.agentId);
    assertAgentEditable(agent.status);
    const version = await tx.agentVersion.findUniqueOrThrow({ where: { id: found.id } });
    if (version.status !== 'PUBLISHED')
      throw ValidationError.of(
        ['input', 'versionId'],
        `version ${version.semver} is ${version.status}; only the PUBLISHED version is installed`,
      );
    const { items, requestedScopes } = await checkCompatibility(tx, organizationId, version);
    const failing = items.filter((i) => !i.ok);
    if (failing.length)
      throw new ValidationError(
        failing.map((i) => ({ path: ['input', 'versionId'], message: `incompatible: ${describe(i)}` })),
      );
    const { active, pending } = await openInstalls(tx, agent.id);
    if (active?.versionId === version.id || pending?.versionId === version.id)
      throw new ConflictError(
        `Version ${version.semver} is already ${active?.versionId === version.id ? 'installed' : 'waiting for a grant'}.`,
      );
    await supersede(tx, caller, pending, version.semver);
    const held = active?.grantedScopes ?? [];
    const newScopes = requestedScopes.filter((s) => !held.includes(s));
    // Nothing new to grant: an upgrade within the active grants, or a version that asks for nothing.
    const immediate = newScopes.length === 0 && (active !== null || requestedScopes.length === 0);
    if (immediate) await supersede(tx, caller, active, version.semver);
    const installation = await tx.installation.create({
      data: {
        organizationId,
        agentId: agent.id,
        versionId: version.id,
        status: immediate ? 'ACTIVE' : 'PENDING_GRANT',
        requestedScopes,
        grantedScopes: immediate ? requestedScopes : [],
        compatibility: items as unknown as Prisma.InputJsonArray,
        requestedByType: caller.viewer.actorType,
        requestedById: caller.viewer.actorId,
      },
    });
    appendEvents(tx, caller, [
      event('installation.requested', installation, { semver: version.semver, requestedScopes, newScopes }),
    ]);
    if (immediate) await activate(tx, caller, agent, installation);
    return installation;
  });
}

/** Locks the agent, then the installation (of the caller's organization). */
async function lockInstallation(tx: Tx, caller: Caller, installationId: string | null) {
  const found = installationId
    ? await tx.installation.findFirst({ where: { id: installationId, organizationId: caller.viewer.organizationId } })
    : null;
  if (!found || !actsFor(caller.viewer, found.agentId)) throw new NotFoundError('Installation');
  const agent = await lockAgent(tx, caller, found.agentId);
  const [installation] = await tx.$queryRaw<
    Installation[]
  >`SELECT * FROM "Installation" WHERE id = ${found.id}::uuid FOR UPDATE`;
  return { agent, installation: installation as Installation };
}

/** A governor grants the scopes (all requested when `scopes` is null, or some) and the install becomes active. */
export function grantInstallation(
  caller: Caller,
  installationId: string | null,
  scopes: string[] | null,
  note: string | null,
) {
  refuseAgentKey(caller.viewer, 'grant scopes');
  return transact(async (tx) => {
    const { agent, installation } = await lockInstallation(tx, caller, installationId);
    if (installation.status !== 'PENDING_GRANT')
      throw new InvalidTransitionError('Installation', installation.status, 'ACTIVE');
    const granted = [...new Set(scopes ?? installation.requestedScopes)].sort();
    const issues = granted
      .filter((s) => !installation.requestedScopes.includes(s))
      .map((s) => ({
        path: ['input', 'scopes'],
        message: `${s} was not requested (requested: ${installation.requestedScopes.join(', ') || 'none'})`,
      }));
    if (issues.length) throw new ValidationError(issues);
    const now = clock.now();
    const { active } = await openInstalls(tx, agent.id);
    const version = await tx.agentVersion.findUniqueOrThrow({
      where: { id: installation.versionId },
      select: { semver: true },
    });
    await supersede(tx, caller, active, version.semver);
    const updated = await tx.installation.update({
      where: { id: installation.id },
      data: {
        status: 'ACTIVE',
        grantedScopes: granted,
        decidedByType: caller.viewer.actorType,
        decidedById: caller.viewer.actorId,
        decidedAt: now,
        note,
      },
    });
    appendEvents(tx, caller, [
      event('installation.granted', updated, {
        grantedScopes: granted,
        withheldScopes: installation.requestedScopes.filter((s) => !granted.includes(s)),
        note,
      }),
    ]);
    await activate(tx, caller, agent, updated);
    return updated;
  });
}

/** A governor refuses a pending install: nothing changes for the agent. */
export function refuseInstallation(caller: Caller, installationId: string | null, reason: string) {
  refuseAgentKey(caller.viewer, 'refuse installs');
  return transact(async (tx) => {
    const { installation } = await lockInstallation(tx, caller, installationId);
    if (installation.status !== 'PENDING_GRANT')
      throw new InvalidTransitionError('Installation', installation.status, 'REFUSED');
    const refused = await tx.installation.update({
      where: { id: installation.id },
      data: {
        status: 'REFUSED',
        decidedByType: caller.viewer.actorType,
        decidedById: caller.viewer.actorId,
        decidedAt: clock.now(),
        note: reason,
        endedAt: clock.now(),
      },
    });
    appendEvents(tx, caller, [event('installation.refused', refused, { reason })]);
    return refused;
  });
}

/** Uninstalls an agent: its installs end and its grants are revoked (it may not act until installed again). */
export function uninstallAgent(caller: Caller, agentId: string | null, reason: string | null) {
  return transact(async (tx) => {
    // Uninstalling stops the agent acting: it waits for its acts in flight (act-gate.ts).
    await closeActGate(tx, caller.viewer.organizationId);
    const agent = await lockAgent(tx, caller, agentId);
    if (agent.installState !== 'INSTALLED')
      throw new InvalidTransitionError(
        'Agent',
        agent.installState ?? 'NOT_INSTALLED',
        'UNINSTALLED',
        'The agent is not installed.',
      );
    const { active, pending } = await openInstalls(tx, agent.id);
    const now = clock.now();
    const ended = [];
    for (const open of [active, pending].filter((i): i is Installation => i !== null))
      ended.push(
        await tx.installation.update({
          where: { id: open.id },
          data: { status: 'UNINSTALLED', endedAt: now, note: reason },
        }),
      );
    const updated = await tx.agent.update({
      where: { id: agent.id },
      data: { installState: 'UNINSTALLED', grantedScopes: [] },
    });
    appendEvents(tx, caller, [
      ...ended.map((i) => event('installation.uninstalled', i, { reason })),
      {
        verb: 'agent.uninstalled',
        subjectType: 'Agent',
        subjectId: agent.id,
        agentId: agent.id,
        payload: { reason, revokedScopes: agent.grantedScopes },
      },
    ]);
    return updated;
  });
}
