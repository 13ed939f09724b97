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
 * once and then only binds and executes it (`pg` keeps a named statement per connection). The
 * first `max` distinct SQL texts get a name, a hash of the text; later ones run unnamed, as
 * before, so no sequence of queries can make PostgreSQL's per-connection cache grow past `max`.
 */
export function statementNames(max: number): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined) {
      if (names.size >= max) return '';
      name = `agg_${createHash('sha256').update(sql).digest('base64url').slice(0, 32)}`;
      names.set(sql, name);
    }
    return name;
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
