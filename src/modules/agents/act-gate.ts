// The act gate: whether an agent may act (its status, its install, its halt, its organization's
// halt, the policies) is read and acted on behind its organization's gate. A transaction that
// acts for an agent (a decision, a spend authorization, a task created or started, a message)
// holds the gate shared from before it reads the agent until it commits; one that stops agents
// acting (haltAgents, suspendAgent, retireAgent, uninstallAgent) or changes what they may do (a
// policy created, updated, enabled or disabled) holds it exclusively. So a stop waits for the
// acts already deciding to commit (they come before it in the activity log), and every act that
// reads the agent and the policies after it sees it: nothing is allowed after a stop that
// forbids it. A PostgreSQL advisory lock: shared holders do not wait for each other and write
// nothing. Lock order (src/db/transaction.ts): after the operation's own subject row, before the
// agent row. Not ordered this way: the automatic suspension below trust.minimumOverall, which
// happens inside acting transactions (a decision locks the agent before reading it, so
// evaluateAction and reportAction are ordered after it; a spend authorization, message or task
// decided at the same moment may not be).
import type { Tx } from '../../db/client.js';

const GATE = 'act';
const held = new WeakSet<Tx>();

/** Holds the organization's act gate shared for the rest of the transaction (one statement per transaction). */
export async function holdActGate(tx: Tx, organizationId: string): Promise<void> {
  if (held.has(tx)) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtext(${GATE}), hashtext(${organizationId}))`;
  held.add(tx);
}

/** Holds the organization's act gate exclusively: waits for every act in flight to commit. */
export async function closeActGate(tx: Tx, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${GATE}), hashtext(${organizationId}))`;
}
