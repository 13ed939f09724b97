// The only reader of process.env. Parsed once with zod; a bad value stops start-up with a
// message that names the variable.
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Unset: 127.0.0.1 on the embedded database (a demo on this machine), 0.0.0.0 with DATABASE_URL. */
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  CORS_ORIGINS: commaList.default([]),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  ACTIVITY_RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
  /** How long a server process trusts its cached copy of an API key (revocation elsewhere). */
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  /** How many times a transaction that met a deadlock, serialization failure or unique violation runs again. */
  TX_RETRY_ATTEMPTS: z.coerce.number().int().min(0).max(20).default(5),
  /** The first retry's delay in milliseconds; each later one doubles it (with jitter). */
  TX_RETRY_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(10),
  /** How often the background sweep expires due reservations and records ended trials. */
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  /** The first automatic task retry's delay; each later one doubles it (the manifest's config.retries). */
  TASK_RETRY_BASE_MS: z.coerce.number().int().min(0).max(86_400_000).default(5_000),
  /** Points one recordAgentMetrics call may carry. */
  AGENT_METRICS_MAX_POINTS: z.coerce.number().int().min(1).max(100_000).default(5_000),
  /** How far in the future a metric point's time may be (clock skew). */
  AGENT_METRICS_MAX_FUTURE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** How long raw metric points are kept (and how old a recorded point may be). */
  AGENT_METRICS_RAW_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  /** How long hourly metric rollups are kept: the long history. */
  AGENT_METRICS_ROLLUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(1_095),
  SPEND_RESERVATION_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** The spend cap of a trial's budget (TOTAL window), unless startTrial names one. */
  TRIAL_BUDGET_CAP: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,6})?$/)
    .default('25'),
  /** What executeTrialTask reserves when the caller gives no estimate. */
  TRIAL_TASK_ESTIMATE: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,6})?$/)
    .default('1'),
  /**
   * off: no cost, shape or rate limits at all (the limits-overhead benchmark's baseline, or a
   * deployment behind a gateway that enforces its own). On by default.
   */
  OPERATION_LIMITS: z.enum(['on', 'off']).default('on'),
  /**
   * on: repeated identical queries are answered from memory while the organization's activity
   * log has not moved (src/graphql/response-cache.ts). Off by default: it assumes every change
   * goes through the API (and so appends an event); a write straight to the database would not
   * be seen by it.
   */
  RESPONSE_CACHE: z.enum(['on', 'off']).default('off'),
  /** Answers kept per server process by the response cache (least recently used go first). */
  RESPONSE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).default(5_000),
  /** An operation costing more than this (nodes it may return, plus field weights) is refused. */
  QUERY_MAX_COST: z.coerce.number().int().min(1).default(50_000),
  QUERY_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(12),
  QUERY_MAX_ALIASES: z.coerce.number().int().min(0).max(10_000).default(30),
  QUERY_MAX_TOKENS: z.coerce.number().int().min(100).default(5_000),
  QUERY_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(20),
  /** How many IDs `nodes(ids:)` takes. */
  NODES_MAX_IDS: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Cost points a caller (API key, user, customer) may spend per window, shared by every process. */
  RATE_LIMIT_POINTS: z.coerce.number().int().min(1).default(500_000),
  /** The same for callers without credentials, per client address. */
  RATE_LIMIT_ANONYMOUS_POINTS: z.coerce.number().int().min(1).default(10_000),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
  /** Open subscriptions one WebSocket connection (or SSE request) may hold. */
  SUBSCRIPTIONS_MAX_PER_CONNECTION: z.coerce.number().int().min(1).default(100),
  /** Open subscriptions one caller may hold in one server process. */
  SUBSCRIPTIONS_MAX_PER_CALLER: z.coerce.number().int().min(1).default(1_000),
  /** Bytes a WebSocket may hold unsent (its reader not keeping up) before it is closed (1013). */
  WEBSOCKET_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(4 * 1024 * 1024),
  /** The largest HTTP body or WebSocket message accepted, in bytes. */
  REQUEST_MAX_BYTES: z.coerce.number().int().min(1_000).default(25_000_000),
  /** Any one SQL statement a request causes is cancelled after this long. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** Distinct SQL statements prepared once per connection (parsed and planned once); 0: none (e.g. behind PgBouncer's transaction pooling). */
  DB_PREPARED_STATEMENTS: z.coerce.number().int().min(0).max(10_000).default(200),
  /** The Ed25519 private key (PKCS#8 PEM) that signs activity checkpoints; created if missing. Default: DATA_DIR/activity-signing-key.pem. */
  ACTIVITY_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** How often each organization's chain head is signed (when it moved). */
  CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** How long an invitation to join an organization stays open. */
  INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** How often each process looks for activity its consumers (notifications, webhooks) have not read yet, besides signals. */
  EVENT_CONSUMER_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  /** Hosts, addresses or networks (CIDR) that webhooks and deployment health checks may reach although private or loopback. */
  WEBHOOK_ALLOWED_PRIVATE_HOSTS: commaList.default([]),
  /** A webhook receiver that has not answered after this long has failed this attempt. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** The first retry's delay; each later one doubles it (jittered ±50 %, at most an hour). */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(5_000),
  /** How long a failing delivery is retried before it fails and its endpoint is disabled. */
  WEBHOOK_RETRY_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .default(86_400),
  /** Agents a compliance audit reads and writes per batch (a fixed number of statements each). */
  COMPLIANCE_AUDIT_BATCH: z.coerce.number().int().min(1).max(5_000).default(500),
  /** How long runComplianceAudit waits for the audit to finish before answering it RUNNING. */
  COMPLIANCE_AUDIT_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /** A RUNNING audit without a heartbeat for this long (its process stopped) is FAILED by the sweep. */
  COMPLIANCE_AUDIT_STALE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(120),
  /** Open deployments one agent may have (each is health-checked): a bound on outbound calls. */
  DEPLOYMENTS_MAX_PER_AGENT: z.coerce.number().int().min(1).max(1_000).default(20),
  /** How often each deployment's health-check URL is called. */
  DEPLOYMENT_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  /** A health check that has not answered after this long has failed. */
  DEPLOYMENT_CHECK_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(5_000),
  /** Health checks one process runs at once. */
  DEPLOYMENT_CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(10),
  /** A healthy answer slower than this makes a deployment DEGRADED. */
  DEPLOYMENT_DEGRADED_LATENCY_MS: z.coerce.number().int().min(1).max(60_000).default(2_000),
  /** Failed checks in a row that make a deployment DOWN (fewer: DEGRADED). */
  DEPLOYMENT_DOWN_AFTER_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
  /** Bearer token for /metrics; unset: /metrics answers loopback clients only. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How long the database-read metric families (budgets, violations, approvals) are cached. */
  METRICS_DOMAIN_CACHE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(15),
  /** Budgets reported by the budget metric families (the most used). */
  METRICS_MAX_BUDGETS: z.coerce.number().int().min(0).max(10_000).default(100),
  /** Distinct operation names used as labels; later ones are "other". */
  METRICS_MAX_OPERATION_NAMES: z.coerce.number().int().min(0).max(10_000).default(200),
  /** OTLP/HTTP collector (e.g. http://localhost:4318): a span per operation with its SQL is sent there. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('agent-governance-graph'),
  /** Prisma's span types not recorded (its internal steps); its operation and SQL spans stay. */
  OTEL_PRISMA_IGNORED_SPANS: commaList.default(['prisma:client:serialize', 'prisma:client:compile']),
  /** How long an approval request can be decided and, once approved, used. */
  APPROVAL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(86_400),
  /** JWTs must carry `exp`, at most this far after `iat` (or after now, without `iat`). */
  JWT_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(60).default(86_400),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

let loaded: Config | undefined;

/** The process configuration, parsed on first use. */
export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}
