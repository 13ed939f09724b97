import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { parseInput } from '../../graphql/validation.js';
import { ApprovalRequestType } from './approval.type.js';
import { decideApproval } from './approvals.service.js';
import { decideApprovalInput } from './approvals.validation.js';

const ApprovalDecisionEnum = builder.enumType('ApprovalDecision', { values: ['APPROVE', 'DENY'] as const });

const ApprovalRequestPayload = builder.simpleObject('ApprovalRequestPayload', {
  fields: (t) => ({ approvalRequest: t.field({ type: ApprovalRequestType }) }),
});

builder.mutationField('decideApprovalRequest', (t) =>
  t.fieldWithInput({
    description:
      'Approve or deny a PENDING approval request, with a note. A person decides: not the one who asked, not an agent’s key.',
    authScopes: { scope: 'approvals:decide' },
    errors: { types: commonErrors },
    input: {
      approvalRequestId: t.input.globalID(),
      decision: t.input.field({ type: ApprovalDecisionEnum }),
      note: t.input.string({ required: false }),
    },
    type: ApprovalRequestPayload,
    resolve: async (_root, { input }, ctx) => {
      const { decision, note } = parseInput(decideApprovalInput, { decision: input.decision, note: input.note });
      const approvalRequest = await decideApproval(
        callerOf(ctx),
        idFor('ApprovalRequest', input.approvalRequestId),
        decision === 'APPROVE',
        note ?? null,
      );
      return { approvalRequest };
    },
  }),
);
