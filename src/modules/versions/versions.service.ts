// Versions: DRAFT → PUBLISHED → ARCHIVED (a draft may also be archived). Only drafts are
// editable. Publishing requires a version greater than every version ever published, archives
// the one it supersedes, makes the new one the agent's current version, and activates a DRAFT
// agent. All under a lock on the agent row, so concurrent publishes cannot both win. A version
// that breaks an enabled CONSTITUTIONAL policy is published, and the system raises a violation.

import semver from 'semver';
import { actsFor } from '../../auth/agent-binding.js';
import { type Caller, systemCaller } from '../../auth/viewer.js';
import type { Prisma, Tx } from '../../db/client.js';
import { transact, uniquely } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../../graphql/errors.js';
import { assertAgentEditable } from '../agents/agent-lifecycle.js';
import { lockAgent } from '../agents/agents.service.js';
import { CATEGORY_OF, constitutionalBreaches } from '../decisions/evaluate.js';
import { recordViolation } from '../violations/violations.service.js';
import type { Manifest } from './manifest.js';

async function lockVersion(tx: Tx, caller: Caller, versionId: string | null) {
  const version = versionId
    ? await tx.agentVersion.findFirst({ where: { id: versionId, organizationId: caller.viewer.organizationId } })
    : null;
  if (!version || !actsFor(caller.viewer, version.agentId)) throw new NotFoundError('AgentVersion');
  const agent = await lockAgent(tx, caller, version.agentId);
  // Re-read under the agent's lock: the status may have changed while we waited for it.
  return { agent, version: await tx.agentVersion.findUniqueOrThrow({ where: { id: version.id } }) };
}

const event = (
  verb: string,
  v: { id: string; agentId: string; semver: string },
  extra: Prisma.InputJsonObject = {},
) => ({
  verb,
  subjectType: 'AgentVersion',
  subjectId: v.id,
  agentId: v.agentId,
  payload: { semver: v.semver, ...extra },
});

export function createAgentVersion(
  caller: Caller,
  agentId: string | null,
  input: { semver: string; manifest: Manifest; changelog: string },
) {
  return transact(async (tx) => {
    const agent = await lockAgent(tx, caller, agentId);
    assertAgentEditable(agent.status);
    const version = await uniquely(
      tx.agentVersion.create({
        data: {
          organizationId: agent.organizationId,
          agentId: agent.id,
          semver: input.semver,
          manifest: input.manifest as Prisma.InputJsonObject,
          changelog: input.changelog,
          createdById: caller.viewer.userId,
        },
      }),
      `Version ${input.semver} already exists for this agent.`,
    );
    appendEvents(tx, caller, [event('version.created', version)]);
    return version;
  });
}

export function updateAgentVersion(
  caller: Caller,
  versionId: string | null,
  patch: { manifest?: Manifest | null; changelog?: string | null },
) {
  return transact(async (tx) => {
    const { agent, version } = await lockVersion(tx, caller, versionId);
    assertAgentEditable(agent.status);
    if (version.status !== 'DRAFT') {
      throw new InvalidTransitionError(
        'AgentVersion',
        version.status,
        version.status,
        'Only draft versions are editable.',
      );
    }
    if (patch.manifest && patch.manifest.version !== version.semver) {
      throw ValidationError.of(['input', 'manifest', 'version'], `must equal the version's semver ${version.semver}`);
    }
    const updated = await tx.agentVersion.update({
      where: { id: version.id },
      data: {
        ...(patch.manifest ? { manifest: patch.manifest as Prisma.InputJsonObject } : {}),
        ...(patch.changelog != null ? { changelog: patch.changelog } : {}),
      },
    });
    const changed = [patch.manifest && 'manifest', patch.changelog != null && 'changelog'].filter(Boolean) as string[];
    appendEvents(tx, caller, [event('version.updated', version, { changed })]);
    return updated;
  });
}

export function publishAgentVersion(caller: Caller, versionId: string | null) {
  return transact(async (tx) => {
    const { agent, version } = await lockVersion(tx, caller, versionId);
    assertAgentEditable(agent.status);
    if (version.status !== 'DRAFT') throw new InvalidTransitionError('AgentVersion', version.status, 'PUBLISHED');
    const published = await tx.agentVersion.findMany({
      where: { agentId: agent.id, publishedAt: { not: null } },
      select: { id: true, semver: true, status: true },
    });
    const highest = published.map((p) => p.semver).sort(semver.rcompare)[0];
    if (highest && !semver.gt(version.semver, highest)) {
      throw new ConflictError(
        `Version ${version.semver} must be greater than ${highest}, which was already published.`,
      );
    }
    const now = new Date();
    const superseded = published.filter((p) => p.status === 'PUBLISHED');
    if (superseded.length > 0) {
      await tx.agentVersion.updateMany({
        where: { id: { in: superseded.map((p) => p.id) } },
        data: { status: 'ARCHIVED', archivedAt: now },
      });
    }
    const updated = await tx.agentVersion.update({
      where: { id: version.id },
      data: { status: 'PUBLISHED', publishedAt: now },
    });
    const activate = agent.status === 'DRAFT';
    // An installed agent keeps running the version its install granted until this one is installed.
    const installed = agent.installState !== null;
    await tx.agent.update({
      where: { id: agent.id },
      data: { ...(installed ? {} : { currentVersionId: version.id }), ...(activate ? { status: 'ACTIVE' } : {}) },
    });
    // The system records constitutional breaches of what is being published.
    const policies = await tx.policy.findMany({
      where: { organizationId: agent.organizationId, kind: 'CONSTITUTIONAL', enabled: true },
    });
    const system = systemCaller(agent.organizationId, caller.requestId);
    for (const breach of constitutionalBreaches(policies, updated)) {
      await recordViolation(tx, system, {
        agentId: agent.id,
        versionId: version.id,
        policyId: breach.policy.id,
        severity: breach.policy.defaultSeverity,
        category: CATEGORY_OF.CONSTITUTIONAL,
        description: `Published ${version.semver} breaks ${breach.reason}`,
        evidence: { semver: version.semver, reason: breach.reason },
      });
    }
    appendEvents(tx, caller, [
      ...superseded.map((p) =>
        event('version.archived', { ...p, agentId: agent.id }, { supersededBy: version.semver }),
      ),
      event('version.published', version, {
        supersedes: superseded.map((p) => p.semver),
        ...(installed ? { installRequired: true } : {}),
      }),
      ...(activate
        ? [
            {
              verb: 'agent.activated',
              subjectType: 'Agent',
              subjectId: agent.id,
              agentId: agent.id,
              payload: { from: 'DRAFT', to: 'ACTIVE' },
            },
          ]
        : []),
    ]);
    return updated;
  });
}

export function archiveAgentVersion(caller: Caller, versionId: string | null) {
  return transact(async (tx) => {
    const { agent, version } = await lockVersion(tx, caller, versionId);
    if (version.status === 'ARCHIVED') throw new InvalidTransitionError('AgentVersion', 'ARCHIVED', 'ARCHIVED');
    const updated = await tx.agentVersion.update({
      where: { id: version.id },
      data: { status: 'ARCHIVED', archivedAt: new Date() },
    });
    if (agent.currentVersionId === version.id) {
      await tx.agent.update({ where: { id: agent.id }, data: { currentVersionId: null } });
    }
    appendEvents(tx, caller, [event('version.archived', version, { from: version.status })]);
    return updated;
  });
}
