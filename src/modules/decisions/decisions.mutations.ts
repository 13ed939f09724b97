import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { parseInput } from '../../graphql/validation.js';
import { DecisionType } from './decision.type.js';
import { decide } from './decisions.service.js';
import { actionInput } from './decisions.validation.js';

const modes = [
  ['evaluateAction', 'evaluate', 'Ask whether an agent may take an action. The decision is recorded.'],
  [
    'reportAction',
    'report',
    'An agent reports what it did. The same evaluation runs; an action policy denies raises a violation.',
  ],
] as const;

for (const [name, mode, description] of modes) {
  builder.mutationField(name, (t) =>
    t.fieldWithInput({
      description,
      authScopes: { scope: 'actions:evaluate' },
      errors: { types: commonErrors },
      input: {
        agentId: t.input.globalID(),
        action: t.input.string({ description: 'What the agent does, e.g. "email.send".' }),
        scopes: t.input.stringList({ required: false, description: 'Scopes the action needs.' }),
        estimatedCost: t.input.field({ type: 'Decimal', required: false }),
        resource: t.input.string({ required: false, description: 'What it acts on, e.g. a URL or table.' }),
        approvalRequestId: t.input.globalID({
          required: false,
          description:
            'Proceed with an APPROVED approval request: an action that needs approval is allowed once if the request covers it, denied if it was denied, expired, used, or asked for something else.',
        }),
        ...(mode === 'report'
          ? {
              description: t.input.string({ required: false }),
              succeeded: t.input.boolean({
                required: false,
                description: 'Did the action achieve its goal? Default true; feeds reliability.',
              }),
            }
          : {}),
      },
      type: DecisionType,
      resolve: async (_root, { input }, ctx) => {
        const { agentId, approvalRequestId, ...rest } = input;
        return decide(
          callerOf(ctx),
          idFor('Agent', agentId),
          parseInput(actionInput, rest),
          mode,
          approvalRequestId ? idFor('ApprovalRequest', approvalRequestId) : undefined,
        );
      },
    }),
  );
}
