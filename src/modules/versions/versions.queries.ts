import { prisma } from '../../db/client.js';
import { builder } from '../../graphql/builder.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID, tenantOf } from '../../graphql/tenant.js';
import { manifestSchema } from './manifest.js';
import { AgentVersionType } from './version.type.js';

builder.queryField('agentVersion', (t) =>
  t.prismaField({
    type: AgentVersionType,
    nullable: true,
    description: 'A version by ID; null when it does not exist in your organization.',
    authScopes: { scope: 'agents:read' },
    args: { id: t.arg.globalID() },
    resolve: (query, _root, args, ctx) =>
      prisma.agentVersion.findFirst({
        ...query,
        where: { id: idFor('AgentVersion', args.id) ?? NIL_UUID, organizationId: tenantOf(ctx) },
      }),
  }),
);

const ManifestIssue = builder.simpleObject('ManifestIssue', {
  fields: (t) => ({ path: t.stringList(), message: t.string() }),
});
const ManifestValidation = builder.simpleObject('ManifestValidation', {
  fields: (t) => ({
    valid: t.boolean(),
    issues: t.field({ type: [ManifestIssue], description: 'Each problem at its path in the manifest.' }),
    manifest: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The normalized form it would be stored in (valid manifests only).',
    }),
  }),
});

builder.queryField('validateManifest', (t) =>
  t.field({
    type: ManifestValidation,
    description:
      'Check a manifest (either written form) without creating anything: its issues, or the normalized form it would be stored in. Its JSON Schema is at /schemas/agent-manifest.json.',
    authScopes: { scope: 'agents:read' },
    args: { manifest: t.arg({ type: 'JSON', required: true }) },
    resolve: (_root, { manifest }) => {
      const result = manifestSchema.safeParse(manifest);
      return result.success
        ? { valid: true, issues: [], manifest: result.data }
        : {
            valid: false,
            issues: result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
            manifest: null,
          };
    },
  }),
);
