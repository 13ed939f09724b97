import { builder } from '../../graphql/builder.js';
import { callerOf } from '../../graphql/context.js';
import { commonErrors } from '../../graphql/error-types.js';
import { idFor } from '../../graphql/global-id.js';
import { NIL_UUID } from '../../graphql/tenant.js';
import { parseInput } from '../../graphql/validation.js';
import { recordAgentMetrics } from './metrics.ingest.js';
import { recordMetricsInput } from './metrics.validation.js';

const MetricPointInput = builder.inputType('MetricPointInput', {
  description:
    'One measurement. Built-in names: run.duration_ms (≥ 0), run.succeeded (0 or 1), quality.score ([0, 1]); any other lower-case dotted name is custom.',
  fields: (t) => ({
    agentId: t.globalID({ required: true }),
    versionId: t.globalID({ required: false, description: 'The agent’s current version unless given.' }),
    taskId: t.globalID({ required: false }),
    contextId: t.globalID({ required: false }),
    name: t.string({ required: true }),
    value: t.float({ required: true }),
    unit: t.string({ required: false }),
    time: t.field({ type: 'DateTime', required: false, description: 'When it was measured; now unless given.' }),
    tags: t.field({ type: 'JSON', required: false, description: 'At most 16 string tags, e.g. {"model": "gpt-4o"}.' }),
    clientId: t.string({
      required: false,
      description: 'Your id for the point: a retry with it records nothing more.',
    }),
  }),
});

const RecordMetricsPayload = builder.simpleObject('RecordAgentMetricsPayload', {
  fields: (t) => ({
    recorded: t.int({ description: 'Points recorded by this call.' }),
    duplicates: t.int({ description: 'Points whose clientId was recorded before: ignored.' }),
  }),
});

builder.mutationField('recordAgentMetrics', (t) =>
  t.fieldWithInput({
    description:
      "Record a batch of an agent's metric points (AGENT_METRICS_MAX_POINTS at most), from the agent's own key or a runtime key. Task runs are counted from the tasks themselves.",
    authScopes: { scope: 'metrics:write' },
    errors: { types: commonErrors },
    input: { points: t.input.field({ type: [MetricPointInput], required: true }) },
    type: RecordMetricsPayload,
    resolve: async (_root, { input }, ctx) => {
      const { points } = parseInput(recordMetricsInput, {
        points: input.points.map((p) => ({
          agentId: p.agentId.id,
          versionId: p.versionId?.id,
          taskId: p.taskId?.id,
          contextId: p.contextId?.id,
          name: p.name,
          value: p.value,
          unit: p.unit,
          time: p.time,
          tags: p.tags,
          clientId: p.clientId,
        })),
      });
      const raw = input.points;
      return recordAgentMetrics(
        callerOf(ctx),
        points.map((p, i) => ({
          ...p,
          agentId: idFor('Agent', raw[i]!.agentId),
          versionId: raw[i]!.versionId ? (idFor('AgentVersion', raw[i]!.versionId!) ?? NIL_UUID) : null,
          taskId: raw[i]!.taskId ? (idFor('Task', raw[i]!.taskId!) ?? NIL_UUID) : null,
          contextId: raw[i]!.contextId ? (idFor('AgentContext', raw[i]!.contextId!) ?? NIL_UUID) : null,
          unit: p.unit ?? null,
          time: p.time ?? null,
          tags: p.tags ?? null,
          clientId: p.clientId ?? null,
        })),
      );
    },
  }),
);
