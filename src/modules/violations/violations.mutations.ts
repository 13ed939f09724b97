import type { Prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { parseInput } from '../../graphql/validation.js';
import { SeverityEnum } from '../policies/policy.type.js';
import { ViolationCategoryEnum, ViolationType } from './violation.type.js';
import { advanceViolation, raiseViolation } from './violations.service.js';
import { dismissViolationInput, raiseViolationInput, resolveViolationInput } from './violations.validation.js';

const ViolationPayload = builder.simpleObject('ViolationPayload', {
  fields: (t) => ({ violation: t.field({ type: ViolationType }) }),
});

builder.mutationField('raiseViolation', (t) =>
  t.fieldWithInput({
    description: 'Record a breach by an agent. Severity defaults to the named policy’s default severity.',
    authScopes: { scope: 'violations:write' },
    errors: { types: commonErrors },
    input: {
      agentId: t.input.globalID(),
      versionId: t.input.globalID({ required: false }),
      policyKey: t.input.string({ required: false }),
      severity: t.input.field({ type: SeverityEnum, required: false }),
      category: t.input.field({ type: ViolationCategoryEnum }),
      description: t.input.string(),
      evidence: t.input.field({ type: 'JSON', required: false }),
    },
    type: ViolationPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(raiseViolationInput, { ...input, evidence: input.evidence ?? undefined });
      const violation = await raiseViolation(callerOf(ctx), {
        ...parsed,
        evidence: parsed.evidence as Prisma.InputJsonObject,
        agentId: idFor('Agent', input.agentId),
        versionGiven: input.versionId != null,
        versionId: input.versionId ? idFor('AgentVersion', input.versionId) : null,
        policyKey: input.policyKey,
      });
      return { violation };
    },
  }),
);

const steps = [
  ['acknowledgeViolation', 'ACKNOWLEDGED', 'Acknowledge an OPEN violation: someone is on it.', null],
  ['resolveViolation', 'RESOLVED', 'Resolve an ACKNOWLEDGED violation, with a note on what was done.', 'note'],
  ['dismissViolation', 'DISMISSED', 'Dismiss an ACKNOWLEDGED violation, with the reason it was not one.', 'reason'],
] as const;

for (const [name, to, description, text] of steps) {
  builder.mutationField(name, (t) =>
    t.fieldWithInput({
      description,
      authScopes: { scope: 'violations:write' },
      errors: { types: commonErrors },
      input: {
        violationId: t.input.globalID(),
        ...(text === 'note' ? { note: t.input.string() } : {}),
        ...(text === 'reason' ? { reason: t.input.string() } : {}),
      },
      type: ViolationPayload,
      resolve: async (_root, { input }, ctx) => {
        const fields = input as { note?: string; reason?: string };
        const extra =
          text === 'note'
            ? { resolutionNote: parseInput(resolveViolationInput, { note: fields.note }).note }
            : text === 'reason'
              ? { dismissalReason: parseInput(dismissViolationInput, { reason: fields.reason }).reason }
              : undefined;
        return { violation: await advanceViolation(callerOf(ctx), idFor('Violation', input.violationId), to, extra) };
      },
    }),
  );
}
