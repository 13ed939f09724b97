import type { Caller } from '../../auth/viewer.js';
import type { Prisma } from '../../db/client.js';
import { lockOwned } from '../../db/lock.js';
import { transact, uniquely } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import type { PolicyKind, Severity } from '../../generated/prisma/enums.js';
import { ConflictError, NotFoundError } from '../../graphql/errors.js';
import { parseInput } from '../../graphql/validation.js';
import { closeActGate } from '../agents/act-gate.js';
import { ruleSchemas } from './policy-rules.js';

/** Rules validated against the schema of their kind; problems are reported under input.rules. */
export function parseRules(kind: PolicyKind, rules: unknown) {
  return parseInput(ruleSchemas[kind], rules ?? {}, ['input', 'rules']) as Prisma.InputJsonObject;
}

export interface NewPolicy {
  key: string;
  name: string;
  description: string;
  kind: PolicyKind;
  defaultSeverity: Severity;
  rules: unknown;
  enabled: boolean;
}

const event = (verb: string, policy: { id: string; key: string }, payload: Prisma.InputJsonObject = {}) => ({
  verb,
  subjectType: 'Policy',
  subjectId: policy.id,
  payload: { key: policy.key, ...payload },
});

export function createPolicy(caller: Caller, input: NewPolicy) {
  const rules = parseRules(input.kind, input.rules);
  return transact(async (tx) => {
    // A policy applies from its commit on: it waits for the decisions in flight (act-gate.ts).
    await closeActGate(tx, caller.viewer.organizationId);
    const policy = await uniquely(
      tx.policy.create({ data: { ...input, rules, organizationId: caller.viewer.organizationId } }),
      `A policy with key "${input.key}" already exists.`,
    );
    appendEvents(tx, caller, [event('policy.created', policy, { kind: policy.kind })]);
    return policy;
  });
}

/** The caller's policy, locked (a subject row). */
async function findPolicy(tx: Prisma.TransactionClient, caller: Caller, policyId: string | null) {
  const id = await lockOwned(tx, 'Policy', policyId, caller.viewer.organizationId);
  const policy = id ? await tx.policy.findUnique({ where: { id } }) : null;
  if (!policy) throw new NotFoundError('Policy');
  // A change applies from its commit on: it waits for the decisions in flight (act-gate.ts).
  await closeActGate(tx, caller.viewer.organizationId);
  return policy;
}

export function updatePolicy(
  caller: Caller,
  policyId: string | null,
  patch: { name?: string | null; description?: string | null; defaultSeverity?: Severity | null; rules?: unknown },
) {
  return transact(async (tx) => {
    const policy = await findPolicy(tx, caller, policyId);
    const data = {
      ...(patch.name != null ? { name: patch.name } : {}),
      ...(patch.description != null ? { description: patch.description } : {}),
      ...(patch.defaultSeverity != null ? { defaultSeverity: patch.defaultSeverity } : {}),
      ...(patch.rules !== undefined && patch.rules !== null ? { rules: parseRules(policy.kind, patch.rules) } : {}),
    };
    const updated = await tx.policy.update({ where: { id: policy.id }, data });
    appendEvents(tx, caller, [event('policy.updated', policy, { changed: Object.keys(data).sort() })]);
    return updated;
  });
}

export function setPolicyEnabled(caller: Caller, policyId: string | null, enabled: boolean) {
  return transact(async (tx) => {
    const policy = await findPolicy(tx, caller, policyId);
    if (policy.enabled === enabled)
      throw new ConflictError(`The policy is already ${enabled ? 'enabled' : 'disabled'}.`);
    const updated = await tx.policy.update({ where: { id: policy.id }, data: { enabled } });
    appendEvents(tx, caller, [event(enabled ? 'policy.enabled' : 'policy.disabled', policy)]);
    return updated;
  });
}
