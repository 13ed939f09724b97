// Whether an approval request answers a proposed action — the one owner of that rule. A request
// is bound to what was asked (agent, action, scopes, resource, a digest of the content) and to a
// cost ceiling; it answers ALLOW once, while APPROVED and before it expires. Pure: the service
// (approvals.service.ts) loads the request, asks here, and marks it USED.
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { ApprovalRequest } from '../../generated/prisma/client.js';
import { compareDecimal, type ProposedAction } from '../decisions/evaluate.js';

// RFC 8785 JSON canonicalization; the package is CommonJS whose types claim a default export.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string;

/** sha256 of the canonical JSON of a proposed action's content, or null without content. */
export function contentDigest(content: unknown): string | null {
  if (content === undefined || content === null) return null;
  return createHash('sha256').update(canonicalize(content)).digest('hex');
}

/** The status a request has now: a PENDING or APPROVED request past its expiry is EXPIRED. */
export function effectiveStatus(
  request: Pick<ApprovalRequest, 'status' | 'expiresAt'>,
  now: Date,
): ApprovalRequest['status'] {
  return (request.status === 'PENDING' || request.status === 'APPROVED') && request.expiresAt <= now
    ? 'EXPIRED'
    : request.status;
}

export type ApprovalAnswer =
  | { outcome: 'ALLOW'; reason: string }
  | { outcome: 'REQUIRES_APPROVAL'; reason: string }
  | { outcome: 'DENY'; reason: string };

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((s, i) => s === y[i]);
};

/** What `request` answers for `act` by `agentId` at `now` (before it is marked USED). */
export function approvalAnswer(
  request: ApprovalRequest | null,
  agentId: string,
  act: ProposedAction,
  now: Date,
): ApprovalAnswer {
  if (!request || request.agentId !== agentId)
    return { outcome: 'DENY', reason: 'the approval request does not exist for this agent' };
  const ref = `approval request ${request.id}`;
  switch (effectiveStatus(request, now)) {
    case 'PENDING':
      return { outcome: 'REQUIRES_APPROVAL', reason: `${ref} is still pending` };
    case 'EXPIRED':
      return { outcome: 'DENY', reason: `${ref} expired at ${request.expiresAt.toISOString()}` };
    case 'DENIED':
      return {
        outcome: 'DENY',
        reason: `${ref} was denied${request.decisionNote ? `: ${request.decisionNote}` : ''}`,
      };
    case 'USED':
      return { outcome: 'DENY', reason: `${ref} was already used` };
    case 'APPROVED':
      break;
  }
  const differs: string[] = [];
  if (request.action !== act.action) differs.push('action');
  if (!sameSet(request.scopes, act.scopes)) differs.push('scopes');
  if ((request.resource ?? null) !== (act.resource ?? null)) differs.push('resource');
  if (request.contentDigest !== contentDigest(act.content)) differs.push('content');
  if (
    act.estimatedCost !== null &&
    (request.costCeiling === null || compareDecimal(act.estimatedCost, request.costCeiling.toFixed(6)) > 0)
  )
    differs.push('cost');
  if (differs.length)
    return { outcome: 'DENY', reason: `${ref} does not cover this action (${differs.join(', ')} differ)` };
  return { outcome: 'ALLOW', reason: `${ref} approved it` };
}
