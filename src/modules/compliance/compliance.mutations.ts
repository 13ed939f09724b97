import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { ComplianceReportType } from './compliance.type.js';
import { startComplianceAudit } from './compliance-audit.js';

const ComplianceAuditPayload = builder.simpleObject('ComplianceAuditPayload', {
  fields: (t) => ({ report: t.field({ type: ComplianceReportType }) }),
});

builder.mutationField('runComplianceAudit', (t) =>
  t.fieldWithInput({
    description:
      'Audit the organization (every agent not retired) or the agents named, against the enabled CONSTITUTIONAL and RBAC policies and the structural rules. Answers the report: COMPLETED when it finished within COMPLIANCE_AUDIT_WAIT_MS, else RUNNING with its progress (it goes on in the background; compliance.audit_completed says when it is done).',
    authScopes: { scope: 'compliance:run' },
    errors: { types: commonErrors },
    complexity: 100,
    input: {
      agentIds: t.input.globalIDList({ required: false, description: 'Only these agents; all when omitted.' }),
    },
    type: ComplianceAuditPayload,
    resolve: async (_root, args, ctx) => {
      const ids = args.input.agentIds;
      return {
        report: await startComplianceAudit(callerOf(ctx), ids ? ids.map((g) => idFor('Agent', g)) : null, ctx.log),
      };
    },
  }),
);
