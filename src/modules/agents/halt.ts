// The emergency stop's rule, in one place: an agent whose organization or itself is halted may
// not act — no decision but DENY, no spend authorization, no task start, no message — until it
// is resumed. Settling or releasing what is already reserved stays possible.
import type { Tx } from '../../db/client.js';
import { ConflictError } from '../../graphql/errors.js';
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

/** Refuses (ConflictError, naming the halt) when the agent or its organization is halted. */
export async function assertNotHalted(tx: Tx, agent: Halted & { organizationId: string }): Promise<void> {
  const organization = await tx.organization.findUniqueOrThrow({
    where: { id: agent.organizationId },
    select: { haltedAt: true, haltReason: true },
  });
  const refusal = haltRefusal(agent, organization);
  if (refusal) throw new ConflictError(`Refused: ${refusal}.`);
}
