import type { ApprovalRequest, Violation } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { ApprovalRequestType } from '../approvals/approval.type.js';
import { PolicyType } from '../policies/policy.type.js';
import { ViolationType } from '../violations/violation.type.js';
import type { Decision, PolicyMatch } from './evaluate.js';

export const DecisionOutcomeEnum = builder.enumType('DecisionOutcome', {
  values: {
    ALLOW: { description: 'Go ahead.' },
    DOWNGRADE: { description: 'Go ahead with a cheaper or narrower variant.' },
    REQUIRES_APPROVAL: { description: 'A person must approve first.' },
    DENY: { description: 'Do not.' },
  } as const,
});

const PolicyMatchType = builder.objectRef<PolicyMatch>('PolicyMatch').implement({
  description: 'A policy that applied to the action, what it answered and why.',
  fields: (t) => ({
    policy: t.field({ type: PolicyType, resolve: (m) => m.policy }),
    outcome: t.field({ type: DecisionOutcomeEnum, resolve: (m) => m.outcome }),
    reason: t.exposeString('reason'),
  }),
});

export const DecisionType = builder
  .objectRef<Decision & { violation: Violation | null; approvalRequest: ApprovalRequest | null }>('Decision')
  .implement({
    description: 'The answer of the policy decision point, recorded in the activity log.',
    fields: (t) => ({
      outcome: t.field({ type: DecisionOutcomeEnum, resolve: (d) => d.outcome }),
      reasons: t.exposeStringList('reasons'),
      matchedPolicies: t.field({ type: [PolicyMatchType], resolve: (d) => d.matches }),
      approvalRequest: t.field({
        type: ApprovalRequestType,
        nullable: true,
        description:
          'For REQUIRES_APPROVAL: the request a person decides (new, or the one you named, still pending). Proceed with its id once approved. Also the request an approvalRequestId named.',
        resolve: (d) => d.approvalRequest,
      }),
      violation: t.field({
        type: ViolationType,
        nullable: true,
        description: 'For reportAction: the violation raised when policy denies what the agent did.',
        resolve: (d) => d.violation,
      }),
    }),
  });
