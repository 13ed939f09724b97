// Recomputes an agent's trust (and its current version's) from the facts, in the caller's
// transaction, whenever an input changes; stores a snapshot with its inputs and cause when the
// score changed; and suspends an ACTIVE agent that falls below the organization's minimum.
import { type Caller, systemCaller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { type Prisma, prisma, type Tx } from '../../db/client.js';
import { onBeforeCommit, transact } from '../../db/transaction.js';
import { appendEvents, type EventRef, pendingEvents } from '../../events/append.js';
import { recordViolation } from '../violations/violations.service.js';
import { computeTrust, DIMENSIONS, type TrustFacts, type TrustResult, trustSettingsSchema } from './formula.js';

const LIMIT = { actions: 1_000, violations: 500, attestations: 500 };
const SNAPSHOT_INPUTS = 100;

export interface TrustCause {
  verb: string;
  /** The event that caused the recomputation (its sequence is known once it is written). */
  event: EventRef | null;
}

/** Events that feed the reliability dimension. */
export const RELIABILITY_VERBS = ['action.reported', 'task.completed', 'task.failed'];

export function trustSettingsOf(raw: unknown) {
  return trustSettingsSchema.parse(raw ?? {});
}

async function factsFor(tx: Tx, organizationId: string, agentId: string, now: Date): Promise<TrustFacts> {
  // This transaction's own events are written at its commit: they count already.
  const pending = pendingEvents(tx)
    .filter((e) => e.organizationId === organizationId && e.agentId === agentId && RELIABILITY_VERBS.includes(e.verb))
    .reverse();
  const [written, attestations, violations] = await Promise.all([
    tx.activityEvent.findMany({
      // Reported actions and task outcomes: both say whether the agent did what it set out to.
      where: { organizationId, agentId, verb: { in: RELIABILITY_VERBS } },
      orderBy: { sequence: 'desc' },
      take: LIMIT.actions,
      select: { id: true, occurredAt: true, payload: true, verb: true },
    }),
    tx.attestation.findMany({
      where: { agentId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      orderBy: { issuedAt: 'desc' },
      take: LIMIT.attestations,
    }),
    tx.violation.findMany({ where: { agentId }, orderBy: { raisedAt: 'desc' }, take: LIMIT.violations }),
  ]);
  const events = [...pending, ...written].slice(0, LIMIT.actions);
  return {
    actions: events.map((e) => ({
      id: e.id,
      at: e.occurredAt,
      succeeded: e.verb !== 'task.failed' && (e.payload as { succeeded?: boolean }).succeeded !== false,
    })),
    attestations: attestations.map((a) => ({
      id: a.id,
      at: a.issuedAt,
      score: a.score,
      claim: a.claim,
      issuer: a.issuer,
      versionId: a.versionId,
    })),
    violations: violations.map((v) => ({
      id: v.id,
      at: v.raisedAt,
      severity: v.severity,
      category: v.category,
      status: v.status,
      versionId: v.versionId,
    })),
  };
}

function sameScore(a: { overall: number } & Record<string, unknown>, b: TrustResult) {
  return (
    Math.abs(a.overall - b.overall) < 1e-6 &&
    DIMENSIONS.every((d) => Math.abs((a[d] as number) - b.dimensions[d]) < 1e-6)
  );
}

async function store(
  tx: Tx,
  target: { organizationId: string; agentId: string; versionId: string | null },
  result: TrustResult,
  cause: TrustCause,
  now: Date,
) {
  const snapshot = await tx.trustScore.create({
    data: {
      ...target,
      ...result.dimensions,
      overall: result.overall,
      tier: result.tier,
      inputs: result.inputs.slice(0, SNAPSHOT_INPUTS) as unknown as Prisma.InputJsonArray,
      causeVerb: cause.verb,
      causeSequence: cause.event?.sequence ?? null,
      computedAt: now,
    },
  });
  // The cause is in this transaction's outbox: its sequence is filled in once it is written
  // (the snapshot is this transaction's own row, so this takes no lock anyone else waits on).
  if (cause.event && cause.event.sequence === null) {
    const ref = cause.event;
    onBeforeCommit(tx, async () => {
      await tx.trustScore.update({ where: { id: snapshot.id }, data: { causeSequence: ref.sequence } });
    });
  }
  return snapshot;
}

/**
 * Locks an agent's row FOR UPDATE before a transaction writes anything that references it and
 * then changes its trust (lock order step 1, src/db/transaction.ts). Rows that reference the
 * agent take a KEY SHARE lock on it, and pointing the agent at a new snapshot is a key update:
 * two transactions that each did the first and then waited for the second deadlocked. Taking
 * the agent first serializes them instead. Taking it again in the same transaction is free.
 */
export async function lockAgentForTrust(tx: Tx, agentId: string) {
  await tx.$queryRaw`SELECT id FROM "Agent" WHERE id = ${agentId}::uuid FOR UPDATE`;
}

export async function recomputeTrust(tx: Tx, caller: Caller, agentId: string, cause: TrustCause) {
  await lockAgentForTrust(tx, agentId);
  const now = clock.now();
  const agent = await tx.agent.findUniqueOrThrow({
    where: { id: agentId },
    include: {
      currentTrustScore: true,
      currentVersion: { include: { currentTrustScore: true } },
      organization: { select: { trustSettings: true } },
    },
  });
  const settings = trustSettingsOf(agent.organization.trustSettings);
  const facts = await factsFor(tx, agent.organizationId, agent.id, now);
  const result = computeTrust(facts, settings, now);
  const snapshot =
    agent.currentTrustScore && sameScore(agent.currentTrustScore, result)
      ? agent.currentTrustScore
      : await storeChange(tx, caller, agent, facts, settings, result, cause, now);
  // The minimum holds on every recomputation, whether or not the score moved (a minimum raised
  // above an unchanged score suspends at once: updateTrustSettings recomputes every agent).
  await enforceMinimum(tx, caller, agent, settings.minimumOverall, result.overall, snapshot.id);
  return snapshot;
}

type LoadedAgent = Prisma.AgentGetPayload<{
  include: { currentTrustScore: true; currentVersion: { include: { currentTrustScore: true } } };
}>;

/** Stores the agent's (and its current version's) new snapshots and announces the change. */
async function storeChange(
  tx: Tx,
  caller: Caller,
  agent: LoadedAgent,
  facts: TrustFacts,
  settings: ReturnType<typeof trustSettingsOf>,
  result: TrustResult,
  cause: TrustCause,
  now: Date,
) {
  const snapshot = await store(
    tx,
    { organizationId: agent.organizationId, agentId: agent.id, versionId: null },
    result,
    cause,
    now,
  );
  await tx.agent.update({ where: { id: agent.id }, data: { currentTrustScoreId: snapshot.id } });

  // The current version's score: the agent's actions, and the attestations and violations that
  // name this version.
  const version = agent.currentVersion;
  if (version) {
    const forVersion = {
      actions: facts.actions,
      attestations: facts.attestations.filter((a) => a.versionId === version.id),
      violations: facts.violations.filter((v) => v.versionId === version.id),
    };
    const versionResult = computeTrust(forVersion, settings, now);
    if (!version.currentTrustScore || !sameScore(version.currentTrustScore, versionResult)) {
      const versionSnapshot = await store(
        tx,
        { organizationId: agent.organizationId, agentId: agent.id, versionId: version.id },
        versionResult,
        cause,
        now,
      );
      await tx.agentVersion.update({ where: { id: version.id }, data: { currentTrustScoreId: versionSnapshot.id } });
    }
  }

  // The first snapshot (a new agent at its prior) is not a change; later ones are.
  if (agent.currentTrustScore)
    appendEvents(tx, caller, [
      {
        verb: 'trust.changed',
        subjectType: 'TrustScore',
        subjectId: snapshot.id,
        agentId: agent.id,
        payload: {
          overall: result.overall,
          tier: result.tier,
          previousOverall: agent.currentTrustScore.overall,
          cause: cause.verb,
        },
      },
    ]);

  return snapshot;
}

/** An ACTIVE agent below the organization's minimum is suspended, with a SAFETY violation. */
async function enforceMinimum(
  tx: Tx,
  caller: Caller,
  agent: LoadedAgent,
  minimum: number | null,
  overall: number,
  trustScoreId: string,
) {
  if (minimum !== null && overall < minimum && agent.status === 'ACTIVE') {
    const system = systemCaller(agent.organizationId, caller.requestId);
    await tx.agent.update({ where: { id: agent.id }, data: { status: 'SUSPENDED' } });
    const reason = `trust score ${overall} is below the minimum ${minimum}`;
    appendEvents(tx, system, [
      {
        verb: 'agent.suspended',
        subjectType: 'Agent',
        subjectId: agent.id,
        agentId: agent.id,
        payload: { from: 'ACTIVE', to: 'SUSPENDED', reason },
      },
    ]);
    await recordViolation(
      tx,
      system,
      {
        agentId: agent.id,
        versionId: agent.currentVersionId,
        policyId: null,
        severity: 'HIGH',
        category: 'SAFETY',
        description: `Automatically suspended: ${reason}.`,
        evidence: { overall, minimum, trustScoreId },
      },
      { recomputeTrust: false },
    );
  }
}

/** Time passing moves scores (decay): recompute every agent that has inputs. */
export async function refreshTrustScores(organizationId?: string) {
  const agents = await prisma.agent.findMany({
    where: { ...(organizationId ? { organizationId } : {}), status: { not: 'RETIRED' } },
    select: { id: true, organizationId: true },
  });
  for (const agent of agents) {
    await transact((tx) =>
      recomputeTrust(tx, systemCaller(agent.organizationId, 'trust-refresh'), agent.id, {
        verb: 'trust.decay',
        event: null,
      }),
    );
  }
}
