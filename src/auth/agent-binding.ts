// What an API key bound to an agent may do: the one owner of that rule. Such a key is the agent
// itself. It acts only as its own agent: every other agent of the organization — and whatever
// belongs to one — is as good as missing (NotFoundError, exactly as for an ID that names nothing).
// Acts of the organization rather than of one agent (creating and revoking API keys, the
// emergency stop, compliance audits, granting or refusing installs, deciding approvals,
// certifying, adding or revoking attestations) belong to people and to keys not bound to an agent: an agent's key gets a
// ConflictError, before anything is looked up. Other agents may still be named as counterparts —
// the participants of a context, the recipients of a message — since talking to them is what
// contexts are for.
import { ConflictError } from '../graphql/errors.js';
import type { Viewer } from './viewer.js';

/**
 * Whether the caller may act as (or on what belongs to) `agentId`: any caller but a key bound to
 * another agent. `null`: the object belongs to no one agent (an organization's budget), and the
 * caller's scopes decide alone.
 */
export function actsFor(viewer: Viewer, agentId: string | null): boolean {
  return !viewer.agentId || agentId === null || viewer.agentId === agentId;
}

/** Refuses an organization-level act (`what`, e.g. "create API keys") to a key bound to an agent. */
export function refuseAgentKey(viewer: Viewer, what: string): void {
  if (viewer.agentId) throw new ConflictError(`An agent cannot ${what}; a person must.`);
}
