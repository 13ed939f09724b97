// Consumers of the activity log: notifications and webhook deliveries are made from events, after
// they commit, by a consumer that reads each organization's log in sequence order. Its cursor
// (EventConsumerCursor) advances in the same transaction as what it made of the events, so a
// restart loses nothing and repeats nothing; the cursor row is taken FOR UPDATE SKIP LOCKED, so
// of several server processes exactly one consumes an organization's batch, the others move on.
//
// Every process runs every consumer: woken by the hub's signals (an organization's log grew), and
// every EVENT_CONSUMER_INTERVAL_MS as a backstop (a signal lost, another process that died with
// a batch half done — its transaction rolled back, so the batch is simply read again).
//
// Locks: the consumer's cursor row first, then whatever its handler writes (the refusal policy
// raises violations: the agent row, then the chain head). A consumer may append events, but never
// of a verb it consumes (it would read its own output).
import type { Logger } from 'pino';
import { config } from '../config.js';
import { inBackground, Prisma, prisma, type Tx } from '../db/client.js';
import { transact } from '../db/transaction.js';
import type { ActivityEvent } from '../generated/prisma/client.js';
import type { ActivityHub } from './hub.js';
import { sendNotice } from './pg-notify.js';
import type { NoticeChannel } from './signals.js';

export interface EventConsumer {
  /** The cursor's name; never change it (the cursor would start over). */
  name: string;
  /** Makes what it makes of a batch of one organization's events, in the consumer's transaction. */
  handle(tx: Tx, organizationId: string, events: ActivityEvent[]): Promise<{ made: number }>;
  /** Where to say that something was made (after the commit, to every process). */
  notice?: NoticeChannel;
  /** The only verbs it reads (others are passed over in SQL); all when absent. */
  verbs?: readonly string[];
  /**
   * A SQL condition, true when nothing of this organization can concern it now: the cursor
   * jumps to the head without reading the log.
   */
  idleSql?(organizationId: string): Prisma.Sql;
}

const BATCH = 200;
/** Organizations looked at per pass; the next pass (or signal) takes the rest. */
const ORGANIZATIONS_PER_PASS = 100;

/** Consumes the organizations whose log has grown past the consumer's cursor. */
export function runConsumer(consumer: EventConsumer, only?: string): Promise<number> {
  return runConsumers([consumer], only);
}

/**
 * One pass of several consumers: one statement finds, for each, the organizations whose log has
 * grown past its cursor; one statement passes over all of those with nothing to read; those with
 * something to read are consumed in turn, each in its own transactions. A consumer that fails is
 * reported to `onError` (thrown when absent) and the others go on. Returns the events consumed.
 */
export async function runConsumers(
  consumers: EventConsumer[],
  only?: string,
  onError?: (consumer: EventConsumer, error: unknown) => void,
): Promise<number> {
  if (consumers.length === 0) return 0;
  const byName = new Map(consumers.map((c) => [c.name, c]));
  const due = await prisma.$queryRaw<
    { consumer: string; organizationId: string; head: number; cursor: number | null }[]
  >`
    SELECT n.consumer, d."organizationId", d.head, d.cursor
      FROM unnest(${[...byName.keys()]}::text[]) WITH ORDINALITY AS n(consumer, i),
           LATERAL (SELECT h."organizationId", h."lastSequence" AS head, c."lastSequence" AS cursor
                      FROM "ActivityChainHead" h
                      LEFT JOIN "EventConsumerCursor" c ON c.consumer = n.consumer AND c."organizationId" = h."organizationId"
                     WHERE h."lastSequence" > COALESCE(c."lastSequence", 0)
                       AND (${only ?? null}::uuid IS NULL OR h."organizationId" = ${only ?? null}::uuid)
                     LIMIT ${ORGANIZATIONS_PER_PASS}) d
     ORDER BY n.i`;
  const fresh = due.filter((d) => d.cursor === null);
  if (fresh.length > 0)
    await prisma.$executeRaw`
      INSERT INTO "EventConsumerCursor" (consumer, "organizationId", "lastSequence", "updatedAt")
      SELECT consumer, org, 0, now() FROM unnest(${fresh.map((d) => d.consumer)}::text[], ${fresh.map((d) => d.organizationId)}::uuid[]) AS f(consumer, org)
      ON CONFLICT DO NOTHING`;
  const passed = await passOver(
    due.flatMap((d) => {
      const consumer = byName.get(d.consumer);
      return consumer && d.cursor !== null
        ? [{ consumer, organizationId: d.organizationId, cursor: d.cursor, head: Number(d.head) }]
        : [];
    }),
  );
  let consumed = 0;
  for (const d of due) {
    const consumer = byName.get(d.consumer) as EventConsumer;
    const key = `${d.consumer}/${d.organizationId}`;
    if (passed.has(key)) {
      consumed += Number(d.head) - (d.cursor ?? 0);
      continue;
    }
    try {
      consumed += await consumeOrganization(consumer, d.organizationId);
    } catch (error) {
      if (!onError) throw error;
      onError(consumer, error);
    }
  }
  return consumed;
}

/** The events up to `head` the consumer reads (its verbs), and only while it is not idle. */
const unreadSql = (consumer: EventConsumer, organizationId: string, after: Prisma.Sql, head: Prisma.Sql) =>
  Prisma.sql`SELECT 1 FROM "ActivityEvent" e
     WHERE e."organizationId" = ${organizationId}::uuid AND e.sequence > ${after} AND e.sequence <= ${head}
       AND (${consumer.verbs ? [...consumer.verbs] : null}::text[] IS NULL OR e.verb = ANY(${consumer.verbs ? [...consumer.verbs] : null}::text[]))
       AND NOT (${consumer.idleSql?.(organizationId) ?? Prisma.sql`false`})`;

interface Due {
  consumer: EventConsumer;
  organizationId: string;
  cursor: number;
  head: number;
}

/**
 * The common case in one statement, without a transaction: each consumer (of each organization)
 * with none of the events after `cursor` up to `head` to read (or idle) has its cursor moved to
 * `head`. The log is read from `cursor` on, through the (organizationId, sequence) index: a bound
 * taken from the cursor row itself would be a join filter, and every pass would read the
 * organization's whole log. Returns those moved ("consumer/organizationId"); the others (something
 * to read, a cursor that has moved or that another process holds) are left to the full pass.
 */
async function passOver(due: Due[]): Promise<Set<string>> {
  // Every one is behind its head: the due query reads only those.
  if (due.length === 0) return new Set();
  const candidates = Prisma.join(
    due.map(
      (d) => Prisma.sql`SELECT ${d.consumer.name}::text AS consumer, ${d.organizationId}::uuid AS org,
                               ${d.cursor}::int AS cursor, ${d.head}::int AS head
                         WHERE NOT EXISTS (${unreadSql(d.consumer, d.organizationId, Prisma.sql`${d.cursor}`, Prisma.sql`${d.head}`)})`,
    ),
    ' UNION ALL ',
  );
  const moved = await prisma.$queryRaw<{ consumer: string; organizationId: string }[]>`
    WITH clear AS (${candidates}),
         c AS (SELECT c.consumer, c."organizationId", clear.head FROM "EventConsumerCursor" c
                 JOIN clear ON c.consumer = clear.consumer AND c."organizationId" = clear.org
                WHERE c."lastSequence" = clear.cursor
                  FOR UPDATE OF c SKIP LOCKED)
    UPDATE "EventConsumerCursor" u SET "lastSequence" = c.head, "updatedAt" = now() FROM c
     WHERE u.consumer = c.consumer AND u."organizationId" = c."organizationId"
    RETURNING u.consumer, u."organizationId"::text AS "organizationId"`;
  return new Set(moved.map((m) => `${m.consumer}/${m.organizationId}`));
}

async function consumeOrganization(consumer: EventConsumer, organizationId: string): Promise<number> {
  let consumed = 0;
  for (;;) {
    const step = await transact(async (tx) => {
      const [cursor] = await tx.$queryRaw<{ lastSequence: number }[]>`
        SELECT "lastSequence" FROM "EventConsumerCursor"
         WHERE consumer = ${consumer.name} AND "organizationId" = ${organizationId}::uuid
           FOR UPDATE SKIP LOCKED`;
      // Another process is consuming this organization: it will read what we would have.
      if (!cursor) return { events: 0, made: 0, more: false };
      // Every event up to the head has committed (appends are serialized per organization).
      const head =
        (await tx.activityChainHead.findUnique({ where: { organizationId }, select: { lastSequence: true } }))
          ?.lastSequence ?? 0;
      if (head <= cursor.lastSequence) return { events: 0, made: 0, more: false };
      const [idle] = consumer.idleSql
        ? await tx.$queryRaw<{ idle: boolean }[]>`SELECT (${consumer.idleSql(organizationId)}) AS idle`
        : [{ idle: false }];
      const events = idle?.idle
        ? []
        : await tx.activityEvent.findMany({
            where: {
              organizationId,
              sequence: { gt: cursor.lastSequence, lte: head },
              ...(consumer.verbs ? { verb: { in: [...consumer.verbs] } } : {}),
            },
            orderBy: { sequence: 'asc' },
            take: BATCH,
          });
      const more = events.length === BATCH;
      const last = more ? (events.at(-1)?.sequence ?? head) : head;
      const { made } = events.length ? await consumer.handle(tx, organizationId, events) : { made: 0 };
      await tx.$executeRaw`
        UPDATE "EventConsumerCursor" SET "lastSequence" = ${last}, "updatedAt" = now()
         WHERE consumer = ${consumer.name} AND "organizationId" = ${organizationId}::uuid`;
      if (made > 0 && consumer.notice) await sendNotice(tx, consumer.notice, organizationId);
      return { events: last - cursor.lastSequence, made, more };
    });
    consumed += step.events;
    if (!step.more) return consumed;
  }
}

/**
 * Runs `work` in this process in the background: now, on every hub signal or notice of `kind`
 * (none when null), and every `intervalMs` (EVENT_CONSUMER_INTERVAL_MS unless given); passes
 * never overlap and a pass asked for while one runs is coalesced into one more. `work` is told whether the loop is stopping. Returns the stop.
 */
export function backgroundLoop(
  hub: ActivityHub,
  kind: 'activity' | NoticeChannel | null,
  work: (stopping: () => boolean) => Promise<void>,
  log: Logger,
  name: string,
  intervalMs = config().EVENT_CONSUMER_INTERVAL_MS,
): () => Promise<void> {
  let stopped = false;
  let queued = false;
  let running: Promise<void> = Promise.resolve();
  const pass = () => {
    if (stopped || queued) return;
    queued = true;
    running = running.then(async () => {
      queued = false;
      if (!stopped)
        await inBackground(() => work(() => stopped)).catch((error) =>
          log.error({ err: error, loop: name }, 'background pass failed; the next pass retries'),
        );
    });
  };
  const unlisten = hub.listen((signal) => {
    if (kind !== null && signal === kind) pass();
  });
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  pass();
  return async () => {
    stopped = true;
    unlisten();
    clearInterval(timer);
    await running;
  };
}

/** Runs `consumers` in this process until the returned stop is called. */
export function startConsumers(hub: ActivityHub, consumers: EventConsumer[], log: Logger): () => Promise<void> {
  return backgroundLoop(
    hub,
    'activity',
    async (stopping) => {
      if (stopping()) return;
      await runConsumers(consumers, undefined, (consumer, error) =>
        log.error({ err: error, consumer: consumer.name }, 'event consumer failed; the next pass retries'),
      );
    },
    log,
    'consumers',
  );
}
