// Every write runs in one transaction with its events (transact). Row locks are taken in one
// order across the whole code base, so that two transactions never wait on each other in a
// circle (issue 15 §4):
//
//   1. the operation's own subject row (trial, then task; a violation, attestation or approval request being decided;
//      a catalog service being changed — the spend engine reads services without locks), then the
//      agent row FOR UPDATE when the transaction changes the agent or its trust — before any
//      write that references the agent (trust.service lockAgentForTrust says why);
//      (a skill or job role being submitted, certified, rejected or deprecated is such a subject row;
//      so are an API key, attestation, policy, budget, deployment, webhook endpoint or delivery
//      being changed — each locked by lockOwned or lockOwnedRow (src/db/lock.ts), the one statement; a
//      membership, locked with the organization's owners in id order (members.service.ts); and an
//      invitation being answered or revoked, or an organization's halt being lifted, by its
//      conditional update; a context a message is posted to or a task created in, FOR SHARE
//      (contexts.service shareContext), so that it is not closed, paused or left by the sender
//      before the message or task commits — shared holders do not wait for each other);
//   1b. the organization's act gate (src/modules/agents/act-gate.ts), an advisory lock: shared
//      by every transaction that acts for an agent (a decision, a spend authorization, a task
//      created or started, a message) before it reads the agent, exclusive by one that stops
//      agents acting (haltAgents, suspendAgent, retireAgent, uninstallAgent: first of all) or
//      changes a policy (after the policy row); before the agent row;
//   2. other subject rows: contexts, participants, approval requests (used after the agent row);
//      skills and job roles given to an agent or required by a job role, FOR SHARE in id order
//      (after the agent or job role row), so none is deprecated before that transaction commits;
//      a budget subject's advisory lock (createBudget, while it counts the subject's budgets);
//      the membership of a member named as an agent's governor, FOR SHARE (after the agent row),
//      so that removeMember, which locks it FOR UPDATE before counting what they govern, waits;
//   3. budgets, in id order (ledger.ts lockBudgets);
//   4. spend reservations, in id order (spend-engine lockReservations), re-read after locking;
//   5. budget usage rows, written in budget id order;
//   6. the organization's chain head, last: events are appended when the transaction's work is
//      done (onBeforeCommit below), so no lock is ever taken while the head is held, and the
//      head — which serializes an organization's appends — is held for the shortest time.
//
// A transaction that still meets a deadlock (40P01) or a serialization failure (40001) runs
// again from the start, TX_RETRY_ATTEMPTS times at most, with a growing, jittered delay. So does
// one that meets a unique violation (23505) its own checks did not foresee: a concurrent twin
// committed the same row between this transaction's check and its insert (PostgreSQL makes the
// insert wait for that commit), so running again sees the row and answers as a retry would
// (ConflictError "already …"). A violation that persists becomes a ConflictError.
import { config } from '../config.js';
import { ConflictError } from '../graphql/errors.js';
import { prisma, type Tx } from './client.js';

type Hook = () => Promise<void>;
const beforeCommit = new WeakMap<Tx, Hook[]>();

/**
 * Runs `hook` after `fn` of the transaction returned and before it commits; hooks run in the
 * order they were registered. The event outbox (src/events/append.ts) is flushed this way.
 */
export function onBeforeCommit(tx: Tx, hook: Hook): void {
  const hooks = beforeCommit.get(tx);
  if (!hooks) throw new Error('onBeforeCommit: the transaction was not opened by transact()');
  hooks.push(hook);
}

/** Whether `tx` was opened by transact (and so takes hooks). */
export function isManaged(tx: Tx): boolean {
  return beforeCommit.has(tx);
}

/** SQLSTATEs after which the same transaction, run again, can succeed. */
const RETRYABLE = new Set(['40P01', '40001']);

/** The SQLSTATE of a failed statement, wherever Prisma's pg adapter put it. */
export function postgresCode(error: unknown): string | undefined {
  const e = error as {
    code?: string;
    meta?: { code?: string; driverAdapterError?: { cause?: { code?: string; originalCode?: string } } };
  };
  const cause = e?.meta?.driverAdapterError?.cause;
  return cause?.originalCode ?? cause?.code ?? e?.meta?.code ?? (e?.code?.length === 5 ? e.code : undefined);
}

/** A unique-constraint violation: Prisma's P2002, or 23505 as PostgreSQL says it (partial unique indexes). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'P2002' || postgresCode(error) === '23505';
}

export function isRetryable(error: unknown): boolean {
  const code = postgresCode(error);
  // P2034: Prisma's own name for "write conflict or deadlock, retry the transaction".
  return (code !== undefined && RETRYABLE.has(code)) || (error as { code?: string })?.code === 'P2034';
}

/**
 * Runs `fn` in one database transaction, then its before-commit hooks (the event appends), then
 * commits. Under a burst (say 200 concurrent authorizations of one budget, which serialize on
 * its lock) a caller waits for a connection rather than failing.
 */
export async function transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { TX_RETRY_ATTEMPTS, TX_RETRY_DELAY_MS } = config();
  for (let attempt = 0; ; attempt++) {
    try {
      let refusal: Error | null = null;
      const result = await prisma.$transaction(
        async (tx) => {
          const hooks: Hook[] = [];
          beforeCommit.set(tx, hooks);
          let result: T | undefined;
          try {
            result = await fn(tx);
          } catch (error) {
            if (!(error instanceof CommitThenThrow)) throw error;
            refusal = error.error;
          }
          // A hook may register another (an append after an append): run until none is left.
          for (let i = 0; i < hooks.length; i++) await hooks[i]?.();
          return result;
        },
        { maxWait: 30_000, timeout: 30_000 },
      );
      if (refusal) throw refusal;
      return result as T;
    } catch (error) {
      const unique = isUniqueViolation(error);
      if (unique && attempt >= TX_RETRY_ATTEMPTS)
        throw new ConflictError('This conflicts with a record written at the same moment; read it and try again.');
      if (attempt >= TX_RETRY_ATTEMPTS || !(unique || isRetryable(error))) throw error;
      const delay = TX_RETRY_DELAY_MS * 2 ** attempt;
      await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * delay));
    }
  }
}

/**
 * Thrown inside transact's `fn` when a refusal must still be recorded: the transaction commits
 * what it did so far (the decision event, a violation, an approval request) and the caller of
 * transact gets `error` (a typed error the mutation returns).
 */
export class CommitThenThrow extends Error {
  constructor(readonly error: Error) {
    super(error.message);
  }
}

/** Turns a unique-constraint violation (Prisma P2002) into a ConflictError with `message`. */
export async function uniquely<T>(promise: Promise<T>, message: string): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(message);
    throw error;
  }
}
