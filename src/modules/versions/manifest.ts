// The agent manifest: what a version is, what it needs and what it may do. Two written forms are
// accepted and stored in one normalized form (Manifest):
//   - the registry form (camelCase; config.timeout in milliseconds; tools as objects; triggers as
//     a list), this API's own;
//   - the CapeControl form (the blueprint's manifest.json, §6.1: snake_case config and
//     permissions, config.timeout in seconds, "512MB" memory, tools as names, dependencies as
//     {python, packages, services}, triggers as {events, schedules, webhooks}, ui with
//     settings_schema), accepted as written.
// A document is in the CapeControl form when it uses any of that form's spellings (seedFormOf);
// otherwise it is in the registry form. Every problem is reported with its path in the document.
import { Ajv } from 'ajv';
import { Cron } from 'croner';
import semver from 'semver';
import { z } from 'zod';
import { AgentCategory, Role } from '../../generated/prisma/enums.js';

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const version = z.string().refine((v) => semver.valid(v) === v, 'must be a semantic version such as 1.2.0');
const semverRange = z.string().refine((r) => semver.validRange(r) !== null, 'must be a semver range such as ^1.0.0');
const scopes = z.array(z.string().min(1).max(64)).max(100);

const PLACEMENTS = ['CLOUD', 'EDGE', 'ON_PREMISE', 'BROWSER', 'CHAT', 'DASHBOARD', 'WORKFLOW', 'BACKGROUND'] as const;
const TIMEOUT_MS_MAX = 86_400_000;

/** The stored form, whichever form was written. */
export type Manifest = {
  name: string;
  version: string;
  description: string;
  /** Where it runs (CLOUD, EDGE, ON_PREMISE, BROWSER) or, from the CapeControl form, where it appears (CHAT, DASHBOARD, WORKFLOW, BACKGROUND). */
  placement: (typeof PLACEMENTS)[number];
  category?: AgentCategory;
  tools: { name: string; description?: string; scopes: string[] }[];
  /** Package or runtime → version range (semver, or a PEP 440 specifier from the CapeControl form). */
  dependencies: Record<string, string>;
  /** Services it needs from the organization (redis, postgresql, …). */
  services: string[];
  config: { timeout: number; retries: number; memoryLimit: number; cpuLimit: number; concurrentTasks: number };
  permissions: {
    scopes: string[];
    requiredRoles: string[];
    dataAccess: 'NONE' | 'READ' | 'READ_WRITE';
    dataCategories: string[];
  };
  triggers: { type: 'MANUAL' | 'SCHEDULE' | 'EVENT' | 'WEBHOOK'; value?: string }[];
  ui?: Record<string, unknown>;
};

export const DEFAULT_CONFIG = { timeout: 30_000, retries: 0, memoryLimit: 512, cpuLimit: 1, concurrentTasks: 1 };

/**
 * A manifest as stored on a version, read defensively: every manifest written through the API is
 * normalized, but documents stored before a field existed (or written by hand) get its default
 * instead of breaking the code that reads them.
 */
export function storedManifest(value: unknown): Manifest {
  const m = (value && typeof value === 'object' ? value : {}) as Partial<Manifest>;
  return {
    ...m,
    name: m.name ?? '',
    version: m.version ?? '',
    description: m.description ?? '',
    placement: m.placement ?? 'CLOUD',
    tools: (m.tools ?? []).map((t) => ({ ...t, scopes: t.scopes ?? [] })),
    dependencies: m.dependencies ?? {},
    services: m.services ?? [],
    config: { ...DEFAULT_CONFIG, ...m.config },
    permissions: { scopes: [], requiredRoles: [], dataAccess: 'NONE', dataCategories: [], ...m.permissions },
    triggers: m.triggers ?? [],
  };
}

const registryForm = z
  .object({
    name,
    version,
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
    dependencies: z.record(z.string().min(1).max(214), semverRange).default({}),
    config: z
      .strictObject({
        timeout: z.number().int().positive().max(TIMEOUT_MS_MAX, 'at most 24 h (in milliseconds)').default(30_000),
        retries: z.number().int().min(0).max(10).default(0),
        memoryLimit: z.number().int().positive().max(1_048_576, 'at most 1 TiB (in MiB)').default(512),
        cpuLimit: z.number().positive().max(256).default(1),
        concurrentTasks: z.number().int().min(1).max(1000).default(1),
      })
      .default(DEFAULT_CONFIG),
    permissions: z
      .strictObject({
        scopes: scopes.default([]),
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
  .strict()
  .transform(
    (m): Manifest => ({
      ...m,
      services: [],
      permissions: { ...m.permissions, dataCategories: [] },
    }),
  );

/** "512MB", "1.5 GiB", "256" (MiB) → MiB. */
function mebibytes(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(KB|KIB|MB|MIB|GB|GIB|TB|TIB)?\s*$/i.exec(text);
  if (!match) return null;
  const factor = { KB: 1 / 1024, KIB: 1 / 1024, MB: 1, MIB: 1, GB: 1024, GIB: 1024, TB: 1_048_576, TIB: 1_048_576 }[
    (match[2] ?? 'MB').toUpperCase() as 'MB'
  ];
  return Math.ceil(Number(match[1]) * factor);
}

const ajv = new Ajv({ strict: false });
/** A JSON Schema document: checked against the meta-schema only (nothing compiled or cached). */
const jsonSchema = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  if (!ajv.validateSchema(schema))
    ctx.addIssue({ code: 'custom', message: `must be a JSON Schema: ${ajv.errorsText(ajv.errors)}` });
});
const cron = z
  .string()
  .max(200)
  .refine((expression) => {
    try {
      new Cron(expression, { paused: true });
      return true;
    } catch {
      return false;
    }
  }, 'must be a cron expression such as "0 9 * * MON"');
/** A PEP 440 requirement as pip writes it: name, then optional version specifiers. */
const pipRequirement = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?\s*((===|==|!=|~=|>=|<=|>|<)\s*[A-Za-z0-9.*+!_-]+\s*,?\s*)*$/,
    'must be a requirement such as "fastapi>=0.104.0"',
  );

const seedForm = z
  .strictObject({
    name,
    version,
    description: z.string().trim().min(1, 'must not be empty').max(5000),
    placement: z.enum(['chat', 'dashboard', 'workflow', 'background']),
    category: z.enum(['ai-assisted', 'domain-specific', 'middleware', 'utility']),
    tools: z.array(name).max(100, 'at most 100 tools').default([]),
    dependencies: z
      .strictObject({
        python: semverRange.optional(),
        node: semverRange.optional(),
        packages: z.array(pipRequirement).max(200).default([]),
        services: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
      })
      .default({ packages: [], services: [] }),
    config: z
      .strictObject({
        timeout: z
          .number()
          .int()
          .positive()
          .max(TIMEOUT_MS_MAX / 1000, 'at most 86400 (seconds)')
          .default(30),
        retries: z.number().int().min(0).max(10).default(0),
        memory_limit: z
          .string()
          .refine((m) => {
            const mib = mebibytes(m);
            return mib !== null && mib > 0 && mib <= 1_048_576;
          }, 'must be a size such as "512MB" (at most 1 TiB)')
          .default('512MB'),
        cpu_limit: z
          .union([z.number(), z.string()])
          .transform(Number)
          .pipe(z.number().positive('must be a positive number of cores such as "0.5"').max(256))
          .default(1),
        concurrent_tasks: z.number().int().min(1).max(1000).default(1),
      })
      .default({ timeout: 30, retries: 0, memory_limit: '512MB', cpu_limit: 1, concurrent_tasks: 1 }),
    permissions: z
      .strictObject({
        scopes: scopes.default([]),
        required_roles: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
        data_access: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
      })
      .default({ scopes: [], required_roles: [], data_access: [] }),
    triggers: z
      .strictObject({
        events: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
        schedules: z.array(cron).max(50).default([]),
        webhooks: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
      })
      .default({ events: [], schedules: [], webhooks: [] }),
    ui: z
      .strictObject({
        icon: z.string().max(100).optional(),
        color: z
          .string()
          .regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour such as #3B82F6')
          .optional(),
        description_short: z.string().max(200).optional(),
        settings_schema: jsonSchema.optional(),
      })
      .optional(),
  })
  .transform(
    (m): Manifest => ({
      name: m.name,
      version: m.version,
      description: m.description,
      placement: m.placement.toUpperCase() as Manifest['placement'],
      category: m.category.toUpperCase().replace('-', '_') as AgentCategory,
      tools: m.tools.map((tool) => ({ name: tool, scopes: [] })),
      dependencies: {
        ...(m.dependencies.python ? { python: m.dependencies.python } : {}),
        ...(m.dependencies.node ? { node: m.dependencies.node } : {}),
        ...Object.fromEntries(
          m.dependencies.packages.map((p) => {
            const at = p.search(/[=!~<>]/);
            return at < 0 ? [p.trim(), '*'] : [p.slice(0, at).trim(), p.slice(at).replace(/\s+/g, '')];
          }),
        ),
      },
      services: m.dependencies.services,
      config: {
        // The blueprint's timeout is in seconds; the stored form's in milliseconds.
        timeout: m.config.timeout * 1000,
        retries: m.config.retries,
        memoryLimit: mebibytes(m.config.memory_limit) as number,
        cpuLimit: m.config.cpu_limit,
        concurrentTasks: m.config.concurrent_tasks,
      },
      permissions: {
        scopes: m.permissions.scopes,
        requiredRoles: m.permissions.required_roles,
        // Naming data it accesses says it reads it; the blueprint has no way to say "writes".
        dataAccess: m.permissions.data_access.length ? 'READ' : 'NONE',
        dataCategories: m.permissions.data_access,
      },
      triggers: [
        ...m.triggers.events.map((value) => ({ type: 'EVENT' as const, value })),
        ...m.triggers.schedules.map((value) => ({ type: 'SCHEDULE' as const, value })),
        ...m.triggers.webhooks.map((value) => ({ type: 'WEBHOOK' as const, value })),
      ],
      ...(m.ui ? { ui: m.ui } : {}),
    }),
  );

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a document uses any of the CapeControl form's spellings. */
export function seedFormOf(doc: unknown): boolean {
  if (!isObject(doc)) return false;
  const { placement, category, tools, dependencies, config, permissions, triggers, ui } = doc;
  const lower = (v: unknown) => typeof v === 'string' && v.length > 0 && v === v.toLowerCase();
  return (
    lower(placement) ||
    lower(category) ||
    (Array.isArray(tools) && tools.some((t) => typeof t === 'string')) ||
    (isObject(dependencies) && (Array.isArray(dependencies.packages) || Array.isArray(dependencies.services))) ||
    (isObject(config) && ['memory_limit', 'cpu_limit', 'concurrent_tasks'].some((k) => k in config)) ||
    (isObject(permissions) && ['required_roles', 'data_access'].some((k) => k in permissions)) ||
    isObject(triggers) ||
    (isObject(ui) && ('settings_schema' in ui || 'description_short' in ui))
  );
}

/** Either form in, the stored form out; problems reported at their path in the document. */
export const manifestSchema = z.unknown().transform((doc, ctx): Manifest => {
  const result = (seedFormOf(doc) ? seedForm : registryForm).safeParse(doc);
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    ctx.addIssue({ code: 'custom', path: issue.path as (string | number)[], message: issue.message });
  return z.NEVER;
});

/** A form's input as JSON Schema (draft 2020-12), without its own $schema (it sits inside ours). */
function inputSchemaOf(form: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...schema } = z.toJSONSchema(form, { io: 'input', unrepresentable: 'any' });
  return schema;
}

/** The JSON Schema of both written forms, served at /schemas/agent-manifest.json. */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'agent-manifest.json',
    title: 'Agent manifest',
    description:
      'The CapeControl form (manifest.json as in the blueprint, config.timeout in seconds) or the registry form (camelCase, config.timeout in milliseconds).',
    anyOf: [
      { title: 'CapeControl form', ...inputSchemaOf(seedForm) },
      { title: 'Registry form', ...inputSchemaOf(registryForm) },
    ],
  };
}
