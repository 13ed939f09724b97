import type { Prisma } from '../../db/client.js';
import { transact } from '../../db/transaction.js';
import { appendEvents } from '../../events/append.js';
import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { parseInput } from '../../graphql/validation.js';
import { AttestationType } from './attestation.type.js';
import { addAttestation, revokeAttestation } from './attestations.service.js';
import { trustSettingsSchema } from './formula.js';
import { refreshTrustScores } from './trust.service.js';
import { addAttestationInput } from './trust.validation.js';

const AttestationPayload = builder.simpleObject('AttestationPayload', {
  fields: (t) => ({ attestation: t.field({ type: AttestationType }) }),
});

builder.mutationField('addAttestation', (t) =>
  t.fieldWithInput({
    description: 'Record a scored claim about an agent (or one of its versions). Competence is recomputed.',
    authScopes: { scope: 'attestations:write' },
    errors: { types: commonErrors },
    input: {
      agentId: t.input.globalID(),
      versionId: t.input.globalID({ required: false }),
      issuer: t.input.string({ description: 'Who attests, e.g. "Red team" or an evaluation suite.' }),
      claim: t.input.string(),
      evidence: t.input.field({ type: 'JSON', required: false }),
      score: t.input.float({ description: 'In [0, 1].' }),
      expiresAt: t.input.field({ type: 'DateTime', required: false }),
    },
    type: AttestationPayload,
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(addAttestationInput, {
        ...input,
        evidence: input.evidence ?? undefined,
        agentId: undefined,
        versionId: undefined,
      });
      const attestation = await addAttestation(callerOf(ctx), {
        ...parsed,
        evidence: parsed.evidence as Prisma.InputJsonObject,
        agentId: idFor('Agent', input.agentId),
        versionGiven: input.versionId != null,
        versionId: input.versionId ? idFor('AgentVersion', input.versionId) : null,
      });
      return { attestation };
    },
  }),
);

builder.mutationField('revokeAttestation', (t) =>
  t.fieldWithInput({
    description: 'Revoke an attestation: it stops counting, and trust is recomputed.',
    authScopes: { scope: 'attestations:write' },
    errors: { types: commonErrors },
    input: { attestationId: t.input.globalID() },
    type: AttestationPayload,
    resolve: async (_root, { input }, ctx) => ({
      attestation: await revokeAttestation(callerOf(ctx), idFor('Attestation', input.attestationId)),
    }),
  }),
);

const TrustSettingsPayload = builder.simpleObject('TrustSettingsPayload', {
  fields: (t) => ({ trustSettings: t.field({ type: 'JSON' }) }),
});

builder.mutationField('updateTrustSettings', (t) =>
  t.fieldWithInput({
    description:
      'Set the trust formula of your organization: weights, halfLifeDays, prior, minimumOverall (see README). ' +
      'Every agent is recomputed.',
    authScopes: { scope: 'settings:write' },
    errors: { types: commonErrors },
    input: { trustSettings: t.input.field({ type: 'JSON' }) },
    type: TrustSettingsPayload,
    resolve: async (_root, { input }, ctx) => {
      const caller = callerOf(ctx);
      const settings = parseInput(trustSettingsSchema, input.trustSettings, ['input', 'trustSettings']);
      await transact(async (tx) => {
        await tx.organization.update({
          where: { id: caller.viewer.organizationId },
          data: { trustSettings: settings as Prisma.InputJsonObject },
        });
        appendEvents(tx, caller, [
          {
            verb: 'trust.settings_changed',
            subjectType: 'Organization',
            subjectId: caller.viewer.organizationId,
            payload: settings as Prisma.InputJsonObject,
          },
        ]);
      });
      await refreshTrustScores(caller.viewer.organizationId);
      return { trustSettings: settings };
    },
  }),
);
