// Concurrent authorizations of one agent (with one context and trial) share a lane: requests
// that arrive while a batch of that lane is being decided wait for it, then go together as the
// next batch (natural batching: no timer, a lone request goes at once). They would queue behind
// the same budget locks anyway; one transaction pays the locking, reads, writes and commit once
// for all of them. The batch is decided by the spend engine exactly as if its requests came one
// after another, so a request gets the answer it would have got alone at that point.
//
// Lanes are per process; several processes each batch on their own and the database locks
// decide between them.
import type { Caller } from '../../auth/viewer.js';
import { clock } from '../../clock.js';
import { transact } from '../../db/transaction.js';
import { authorizeIn, type SpendDecision, type SpendRequest, type SpendResult } from './spend-engine.js';

/** At most this many requests in one transaction. */
const MAX_BATCH = 64;

interface Queued {
  caller: Caller;
  request: SpendRequest;
  resolve(result: SpendResult): void;
  reject(error: unknown): void;
}

const lanes = new Map<string, { waiting: Queued[] }>();

/** Decides one request in its lane's next batch. */
export function authorizeInLane(caller: Caller, request: SpendRequest): Promise<SpendDecision> {
  const key = [caller.viewer.organizationId, request.agentId, request.contextId ?? '', request.trialId ?? ''].join('/');
  return new Promise<SpendResult>((resolve, reject) => {
    const queued = { caller, request, resolve, reject };
    const lane = lanes.get(key);
    if (lane) lane.waiting.push(queued);
    else {
      const fresh = { waiting: [queued] };
      lanes.set(key, fresh);
      void drain(key, fresh);
    }
  }).then((result) => {
    if ('error' in result) throw result.error;
    return result.decision;
  });
}

async function drain(key: string, lane: { waiting: Queued[] }) {
  while (lane.waiting.length > 0) {
    const batch = lane.waiting.splice(0, MAX_BATCH);
    try {
      const results = await decide(batch);
      for (const [i, q] of batch.entries()) q.resolve(results[i] as SpendResult);
    } catch (error) {
      // A requestKey of the batch taken by a concurrent first attempt elsewhere (another process,
      // another lane) is a unique violation, which transact answers by deciding the batch again:
      // the request that collided then reads the winner's decision.
      for (const q of batch) q.reject(error);
    }
  }
  lanes.delete(key);
}

function decide(batch: Queued[]): Promise<SpendResult[]> {
  return transact((tx) => authorizeIn(tx, batch, clock.now()));
}
