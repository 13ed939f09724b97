// The agent manifest: what a version is, what it needs and what it may do. Validated with zod
// when a version is created or edited; every problem is reported with its path.
import semver from 'semver';
import { z } from 'zod';
import { AgentCategory, Role } from '../../generated/prisma/enums.js';

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const manifestSchema = z
  .object({
    name,
    version: z.string().refine((v) => semver.valid(v) === v, 'must be a semantic version such as 1.2.0'),
    description: z.string().max(5000, 'must be at most 5000 characters').default(''),
    placement: z.enum(['CLOUD', 'EDGE', 'ON_PREMISE', 'BROWSER']).default('CLOUD'),
    category: z.enum(AgentCategory).optional(),
    tools: z
      .array(
        z.strictObject({
          name,
          description: z.string().max(1000).optional(),
          scopes: z.array(z.string().max(64)).max(50).default([]),
        }),
      )
      .max(100, 'at most 100 tools')
      .default([]),
    dependencies: z
      .record(
        z.string().min(1).max(214),
        z.string().refine((r) => semver.validRange(r) !== null, 'must be a semver range such as ^1.0.0'),
      )
      .default({}),
    config: z
      .strictObject({
        timeout: z.number().int().positive().max(86_400_000, 'at most 24 h (in milliseconds)').default(30_000),
        retries: z.number().int().min(0).max(10).default(0),
        memoryLimit: z.number().int().positive().max(1_048_576, 'at most 1 TiB (in MiB)').default(512),
        cpuLimit: z.number().positive().max(256).default(1),
        concurrentTasks: z.number().int().min(1).max(1000).default(1),
      })
      .default({ timeout: 30_000, retries: 0, memoryLimit: 512, cpuLimit: 1, concurrentTasks: 1 }),
    permissions: z
      .strictObject({
        scopes: z.array(z.string().min(1).max(64)).max(100).default([]),
        requiredRoles: z.array(z.enum(Role)).default([]),
        dataAccess: z.enum(['NONE', 'READ', 'READ_WRITE']).default('NONE'),
      })
      .default({ scopes: [], requiredRoles: [], dataAccess: 'NONE' }),
    triggers: z
      .array(
        z.strictObject({
          type: z.enum(['MANUAL', 'SCHEDULE', 'EVENT', 'WEBHOOK']),
          value: z.string().max(500).optional(),
        }),
      )
      .max(50)
      .default([]),
    ui: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type Manifest = z.output<typeof manifestSchema>;
