// Fan-out without re-execution: subscribers whose operations are the same (document,
// variables, operation name) and whose viewers are equivalent (organization and scopes) receive
// identical results, so the operation runs once per event and each result is handed to all of
// them. This holds because subscription resolvers depend on the viewer only through its
// organization (tenant filters) and scopes (field auth); a resolver that reads more of the
// viewer must add it to `shareKey`.
//
// A result is also serialized and encoded once for the whole group: each subscriber's sink
// writes the same bytes, framed with its own operation id (websocket.ts). An error result is
// not shared: each subscriber presents its errors with its own request id.
import { createHash } from 'node:crypto';
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, Repeater } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.js';

type Upstream = AsyncIterable<ExecutionResult> | ExecutionResult;

/**
 * Writes one result to one subscriber: `json` is the group's serialization as UTF-8 bytes,
 * encoded once for every subscriber; null for an error result.
 */
export type Sink = (result: ExecutionResult, json: Buffer | null) => void;

interface Subscriber {
  sink: Sink;
  end: () => void;
}

interface SharedStream {
  subscribers: Set<Subscriber>;
  /** Ends the upstream when its last subscriber leaves. */
  release: () => void;
}

export function shareKey(
  viewer: Viewer | null,
  payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
): string | null {
  if (!viewer) return null;
  return createHash('sha256')
    .update(
      JSON.stringify([
        viewer.organizationId,
        [...viewer.scopes].sort(),
        payload.query,
        payload.variables ?? null,
        payload.operationName ?? null,
      ]),
    )
    .digest('base64url');
}

export class SharedSubscriptions {
  private streams = new Map<string, Promise<SharedStream | ExecutionResult>>();

  /**
   * Joins this subscriber to the stream shared under `key`: its results go to `sink`. The stream
   * returned yields nothing but a last result from `guard` (credential-watch.ts), which may end
   * this subscriber alone, and returns its release; it completes when the upstream does.
   */
  async subscribe(
    key: string,
    start: () => Promise<Upstream> | Upstream,
    sink: Sink,
    guard?: (end: (last: ExecutionResult) => void) => () => void,
  ): Promise<Upstream> {
    let pending = this.streams.get(key);
    if (!pending) {
      pending = this.open(key, start);
      this.streams.set(key, pending);
    }
    const stream = await pending;
    if (!('subscribers' in stream)) {
      // An error result (refused, invalid): each subscriber gets its own, nothing is shared.
      if (this.streams.get(key) === pending) this.streams.delete(key);
      return stream;
    }
    return new Repeater<ExecutionResult>(async (push, stop) => {
      const subscriber: Subscriber = { sink, end: () => stop() };
      stream.subscribers.add(subscriber);
      const release = guard?.((last) => {
        stream.subscribers.delete(subscriber);
        void push(last).then(
          () => stop(),
          () => stop(),
        );
      });
      await stop;
      release?.();
      stream.subscribers.delete(subscriber);
      if (stream.subscribers.size === 0) stream.release();
    });
  }

  private async open(key: string, start: () => Promise<Upstream> | Upstream): Promise<SharedStream | ExecutionResult> {
    const upstream = await start();
    if (!isAsyncIterable(upstream)) return upstream;
    const iterator = upstream[Symbol.asyncIterator]();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (this.streams.get(key) === pending) this.streams.delete(key);
    };
    const stream: SharedStream = {
      subscribers: new Set(),
      release: () => {
        finish();
        void iterator.return?.();
      },
    };
    const pending = this.streams.get(key);
    void (async () => {
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          const result = next.value;
          const json = result.errors?.length ? null : Buffer.from(JSON.stringify(result));
          for (const subscriber of stream.subscribers) subscriber.sink(result, json);
        }
      } finally {
        finish();
        for (const subscriber of stream.subscribers) subscriber.end();
      }
    })();
    return stream;
  }
}
