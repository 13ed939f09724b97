// The emergency stop's rule, in one place: an agent whose organization or itself is halted may
// not act — no decision but DENY, no spend authorization, no task start, no message — until it
// is resumed. Settling or releasing what is already reserved stays possible.
import type { Tx } from '../../db/client.js';
import { ConflictError } from '../../graphql/errors.js';
import { holdActGate } from './act-gate.js';
export interface Halted {
  haltedAt: Date | string | null;
  haltReason: string | null;
}

/** Why the agent may not act because of a halt, or null. The organization's halt comes first. */
export function haltRefusal(agent: Halted, organization: Halted | null): string | null {
  if (organization?.haltedAt) return `the organization is halted: ${organization.haltReason ?? 'emergency stop'}`;
  if (agent.haltedAt) return `the agent is halted: ${agent.haltReason ?? 'emergency stop'}`;
  return null;
}

/** Why the agent may not act now (its halt, or its organization's, read behind the act gate), or null. */
export async function haltRefusalIn(tx: Tx, organizationId: string, agentId: string): Promise<string | null> {
  await holdActGate(tx, organizationId);
  const [row] = await tx.$queryRaw<
    { agentHaltedAt: Date | null; agentHaltReason: string | null; haltedAt: Date | null; haltReason: string | null }[]
  >`
    SELECT a."haltedAt" AS "agentHaltedAt", a."haltReason" AS "agentHaltReason", o."haltedAt", o."haltReason"
      FROM "Agent" a JOIN "Organization" o ON o.id = a."organizationId"
     WHERE a.id = ${agentId}::uuid AND o.id = ${organizationId}::uuid`;
  if (!row) return null;
  return haltRefusal({ haltedAt: row.agentHaltedAt, haltReason: row.agentHaltReason }, row);
}

/** Refuses (ConflictError, naming the halt) when the agent or its organization is halted. */
export async function assertNotHalted(tx: Tx, agent: { id: string; organizationId: string }): Promise<void> {
  const refusal = await haltRefusalIn(tx, agent.organizationId, agent.id);
  if (refusal) throw new ConflictError(`Refused: ${refusal}.`);
}
