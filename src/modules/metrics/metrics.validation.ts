// What a metric point may be. Built-in names have a fixed meaning and range; any other name is
// custom. Task runs are counted from the task itself (completeTask, failTask), so a run.* point
// naming a task is refused rather than counted twice.
import { z } from 'zod';
import { clock } from '../../clock.js';
import { config } from '../../config.js';

export const BUILT_IN = {
  'run.duration_ms': { min: 0, max: 31_536_000_000, unit: 'ms', meaning: 'how long a run took' },
  'run.succeeded': { min: 0, max: 1, unit: 'bool', meaning: '1 when the run succeeded, 0 when it failed' },
  'quality.score': { min: 0, max: 1, unit: 'score', meaning: 'a quality score in [0, 1]' },
} as const;
export type BuiltInName = keyof typeof BUILT_IN;
const isBuiltIn = (name: string): name is BuiltInName => Object.hasOwn(BUILT_IN, name);

const tagKey = /^[A-Za-z0-9_.:-]{1,64}$/;

export const metricPoint = z
  .object({
    agentId: z.string(),
    versionId: z.string().nullish(),
    taskId: z.string().nullish(),
    contextId: z.string().nullish(),
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'must be lower-case words joined by dots, e.g. "tokens.cached"')
      .max(100),
    // Bounded, so that sums over years of points stay finite numbers.
    value: z
      .number()
      .refine(Number.isFinite, 'must be a finite number')
      .refine((v) => Math.abs(v) <= 1e15, 'must be between -1e15 and 1e15'),
    unit: z.string().trim().min(1).max(32).nullish(),
    time: z.date().nullish(),
    tags: z
      .record(z.string().regex(tagKey, 'tag keys are 1–64 letters, digits and _ . : -'), z.string().max(256))
      .refine((t) => Object.keys(t).length <= 16, 'at most 16 tags')
      .nullish(),
    clientId: z
      .string()
      .min(1)
      .max(200)
      .refine((c) => !c.startsWith('task:'), 'task:… ids are the task runs’ own')
      .nullish(),
  })
  .superRefine((p, ctx) => {
    if (p.name.startsWith('run.') && !isBuiltIn(p.name))
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'run.* is reserved: run.duration_ms and run.succeeded' });
    if (isBuiltIn(p.name)) {
      const b = BUILT_IN[p.name];
      if (p.value < b.min || p.value > b.max)
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `${p.name} is ${b.meaning}: in [${b.min}, ${b.max}]`,
        });
      if (p.name === 'run.succeeded' && p.value !== 0 && p.value !== 1)
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'run.succeeded is 0 or 1' });
      if (p.name.startsWith('run.') && p.taskId)
        ctx.addIssue({
          code: 'custom',
          path: ['taskId'],
          message: 'a task’s runs are counted from the task itself (completeTask, failTask): do not send them again',
        });
    }
    if (p.time) {
      const now = clock.now().getTime();
      if (p.time.getTime() > now + config().AGENT_METRICS_MAX_FUTURE_SECONDS * 1000)
        ctx.addIssue({
          code: 'custom',
          path: ['time'],
          message: `is more than ${config().AGENT_METRICS_MAX_FUTURE_SECONDS} s in the future`,
        });
      if (p.time.getTime() < now - config().AGENT_METRICS_RAW_RETENTION_DAYS * 86_400_000)
        ctx.addIssue({
          code: 'custom',
          path: ['time'],
          message: `is older than the ${config().AGENT_METRICS_RAW_RETENTION_DAYS} days points are kept`,
        });
    }
  });

export const recordMetricsInput = z.object({
  points: z
    .array(metricPoint)
    .min(1, 'give at least one point')
    .superRefine((p, ctx) => {
      const max = config().AGENT_METRICS_MAX_POINTS;
      if (p.length > max)
        ctx.addIssue({ code: 'custom', message: `at most ${max} points per call (AGENT_METRICS_MAX_POINTS)` });
    }),
});
export type MetricPointInput = z.output<typeof metricPoint>;
