import { refuseAgentKey } from '../../auth/agent-binding.js';
import { forgetApiKey } from '../../auth/api-key-cache.js';
import { generateApiKey } from '../../auth/api-key-secret.js';
import type { Scope } from '../../auth/scopes.js';
import type { Caller } from '../../auth/viewer.js';
import { lockOwned } from '../../db/lock.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { sendNotice } from '../../events/pg-notify.js';
import { ConflictError, NotFoundError, ValidationError } from '../../graphql/errors.js';

export interface CreateApiKey {
  name: string;
  scopes: Scope[];
  expiresAt?: Date | null;
  /** Database id of the agent to bind the key to; null when the given ID cannot exist. */
  agentId?: string | null;
  agentGiven?: boolean;
}

/** Creates a key; returns the row and the secret, which is never retrievable again. */
export function createApiKey(caller: Caller, input: CreateApiKey) {
  const { viewer } = caller;
  // A key made by an agent's key would outlive its binding (or name another agent).
  refuseAgentKey(viewer, 'create API keys');
  const beyond = input.scopes.filter((s) => !viewer.scopes.has(s));
  if (beyond.length > 0) {
    throw ValidationError.of(['input', 'scopes'], `You cannot grant scopes you do not have: ${beyond.join(', ')}`);
  }
  return transact(async (tx) => {
    if (input.agentGiven) {
      const agent = input.agentId
        ? await tx.agent.findFirst({ where: { id: input.agentId, organizationId: viewer.organizationId } })
        : null;
      if (!agent) throw new NotFoundError('Agent');
    }
    const { key, prefix, secretHash } = generateApiKey();
    const apiKey = await tx.apiKey.create({
      data: {
        organizationId: viewer.organizationId,
        name: input.name,
        prefix,
        secretHash,
        scopes: input.scopes,
        expiresAt: input.expiresAt ?? null,
        agentId: input.agentId ?? null,
        createdById: viewer.userId,
      },
    });
    appendEvents(tx, caller, [
      {
        verb: 'api_key.created',
        subjectType: 'ApiKey',
        subjectId: apiKey.id,
        agentId: apiKey.agentId,
        payload: { name: apiKey.name, scopes: apiKey.scopes, prefix },
      },
    ]);
    return { apiKey, secret: key };
  });
}

export async function revokeApiKey(caller: Caller, apiKeyId: string | null) {
  refuseAgentKey(caller.viewer, 'revoke API keys');
  const revoked = await transact(async (tx) => {
    const id = await lockOwned(tx, 'ApiKey', apiKeyId, caller.viewer.organizationId);
    const apiKey = id ? await tx.apiKey.findUnique({ where: { id } }) : null;
    if (!apiKey) throw new NotFoundError('ApiKey');
    if (apiKey.revokedAt) throw new ConflictError('The key is already revoked.');
    const revoked = await tx.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
    // Every process forgets its cached keys of the organization once this commits.
    await sendNotice(tx, 'agg_api_keys', caller.viewer.organizationId);
    appendEvents(tx, caller, [
      {
        verb: 'api_key.revoked',
        subjectType: 'ApiKey',
        subjectId: apiKey.id,
        agentId: apiKey.agentId,
        payload: { prefix: apiKey.prefix },
      },
    ]);
    return revoked;
  });
  forgetApiKey(revoked.prefix);
  return revoked;
}
