// The Prisma client: a module singleton, connected once per process by `connectPrisma`. It is
// never put in the GraphQL context.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { config } from '../config.js';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';

export { Prisma } from '../generated/prisma/client.js';

/** Exact decimal money (decimal.js); never a float. */
export const Decimal = Prisma.Decimal;
export type Decimal = InstanceType<typeof Prisma.Decimal>;
export type Money = Decimal | string | number;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
export type Db = PrismaClient | Tx;

/** A statement's SQL and its parameters (JSON, as Prisma reports them). */
type QueryListener = (sql: string, params: string) => void;
const queryListeners = new Set<QueryListener>();

/** Marks work that no request caused (consumers of the log, the webhook sender, sweeps). */
const background = new AsyncLocalStorage<true>();

let observing = false;

/**
 * Runs `fn` as background work: its statements are not reported to `onQuery` listeners. Only
 * while statements are observed (tests): an AsyncLocalStorage turns on promise hooks for the
 * whole process on Node 20, which the server does not pay for.
 */
export function inBackground<T>(fn: () => Promise<T>): Promise<T> {
  return observing ? background.run(true, fn) : fn();
}

export let prisma: PrismaClient;
let pool: pg.Pool | null = null;

/** The connection pool's state (metrics). */
export function poolStats(): { total: number; idle: number; waiting: number } {
  return { total: pool?.totalCount ?? 0, idle: pool?.idleCount ?? 0, waiting: pool?.waitingCount ?? 0 };
}

/**
 * Names for the statements Prisma sends, so that each connection parses and plans a statement
 * once and then only binds and executes it (`pg` keeps a named statement per connection). A SQL
 * text is named (a hash of it) on its `PREPARE_AFTER_USES`th use, so the names go to statements
 * used again rather than to one-offs (Prisma writes an IN list of n values as n parameters: every
 * list length is a text of its own); at most `max` texts are ever named, later ones run unnamed
 * as before, so no sequence of queries can grow PostgreSQL's per-connection cache past `max`.
 */
export const PREPARE_AFTER_USES = 3;
export function statementNames(max: number): (query: { sql: string }) => string {
  const named = new Map<string, string>();
  const uses = new Map<string, number>();
  return ({ sql }) => {
    const name = named.get(sql);
    if (name !== undefined) return name;
    if (named.size >= max) return '';
    const used = (uses.get(sql) ?? 0) + 1;
    if (used < PREPARE_AFTER_USES) {
      // Counting is bounded too: a flood of distinct texts starts the count over.
      if (uses.size >= 10 * max) uses.clear();
      uses.set(sql, used);
      return '';
    }
    uses.delete(sql);
    const fresh = `agg_${createHash('sha256').update(sql).digest('base64url').slice(0, 32)}`;
    named.set(sql, fresh);
    return fresh;
  };
}

/**
 * `observe: false` leaves out Prisma's query events and what building one per statement costs
 * (its parameters serialized to JSON); `onQuery` then hears nothing. The server does not
 * observe; the tests do, to count statements.
 */
export function connectPrisma(
  url: string,
  options: { poolSize?: number; observe?: boolean; statementTimeoutMs?: number; preparedStatements?: number } = {},
): PrismaClient {
  const observe = options.observe ?? true;
  observing = observe;
  pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Bounds any one statement a request (or a sweep) causes; PostgreSQL cancels it (57014).
    statement_timeout: options.statementTimeoutMs ?? config().DB_STATEMENT_TIMEOUT_MS,
  });
  // An idle connection the server closed (a restart, a terminated backend) is dropped and
  // replaced by the pool; without a listener its error would crash the process.
  pool.on('error', () => {});
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, {
      statementNameGenerator: statementNames(options.preparedStatements ?? config().DB_PREPARED_STATEMENTS),
    }),
    log: observe ? [{ emit: 'event', level: 'query' }] : [],
  });
  if (observe)
    // The event's type follows `log`'s literal type, which is now a union: named here.
    client.$on('query' as never, (event: Prisma.QueryEvent) => {
      if (background.getStore()) return;
      for (const listener of queryListeners) listener(event.query, event.params);
    });
  prisma = client;
  return client;
}

/**
 * Observe every SQL statement Prisma sends for requests (tests count them), not background
 * work's (inBackground); returns an unsubscribe.
 */
export function onQuery(listener: QueryListener): () => void {
  queryListeners.add(listener);
  return () => queryListeners.delete(listener);
}
