// Live clients for tests: a graphql-ws subscription and an SSE subscription, each collecting
// what the server pushes.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received<T> {
  data: T[];
  errors: { message: string; extensions?: { code?: string } }[];
  /** The server ended the subscription (complete, or the end of the SSE stream). */
  completed: boolean;
  /** Resolves once `n` results have arrived (or rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<T[]>;
  close(): Promise<void>;
}

function collector<T>(close: () => Promise<void>) {
  const received: Received<T> = {
    data: [],
    errors: [],
    completed: false,
    close,
    waitFor: async (n, ms = 10_000) => {
      const began = Date.now();
      while (received.data.length < n) {
        if (received.errors.length) throw new Error(`subscription failed: ${JSON.stringify(received.errors)}`);
        if (Date.now() - began > ms) throw new Error(`got ${received.data.length} of ${n} results in ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received.data.slice(0, n);
    },
  };
  return received;
}

export async function subscribeWs<T, V>(
  url: string,
  doc: TypedDocumentNode<T, V>,
  variables: V,
  token: string | null,
): Promise<Received<T>> {
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
  });
  const received = collector<T>(async () => {
    unsubscribe();
    await client.dispose();
  });
  let started!: () => void;
  const connected = new Promise<void>((resolve) => {
    started = resolve;
  });
  client.on('connected', () => started());
  const unsubscribe = client.subscribe(
    { query: print(doc), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.errors?.length) received.errors.push(...(result.errors as never[]));
        else if (result.data) received.data.push(result.data as T);
      },
      error: (error) => {
        received.errors.push(
          ...(Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error) }]),
        );
      },
      complete: () => {
        received.completed = true;
      },
    },
  );
  await connected;
  // Let the server register the subscription before the test acts.
  await new Promise((r) => setTimeout(r, 150));
  return received;
}

export async function subscribeSse<T, V>(
  url: string,
  doc: TypedDocumentNode<T, V>,
  variables: V,
  token: string,
): Promise<Received<T>> {
  const controller = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(doc), variables }),
    signal: controller.signal,
  });
  const received = collector<T>(async () => controller.abort());
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = (await reader?.read()) ?? { done: true, value: undefined };
        if (done) {
          received.completed = true;
          return;
        }
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message.split('\n').find((l) => l.startsWith('data:'));
          if (data && !/^event: complete/m.test(message)) {
            const payload = JSON.parse(data.slice(5)) as { data?: T; errors?: never[] };
            if (payload.errors?.length) received.errors.push(...payload.errors);
            else if (payload.data) received.data.push(payload.data);
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  await new Promise((r) => setTimeout(r, 150));
  return received;
}
