// Request bodies are limited to REQUEST_MAX_BYTES (src/graphql/body-limit.ts): by the
// Content-Length header when there is one, by counting when the body is chunked.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';

const MAX_REQUEST_BODY_BYTES = config().REQUEST_MAX_BYTES;

import { useTestApi } from '../harness.js';

const api = useTestApi();

/** A POST to /graphql whose body arrives in chunks (no Content-Length). */
function chunked(chunks: string[]) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
  });
  return fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit);
}

/** A POST to /graphql written on a raw socket (`rest`: the last headers and the body); the answer's head. */
async function rawRequest(rest: string): Promise<string> {
  const { port } = new URL(api.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  try {
    return await new Promise<string>((resolve, reject) => {
      let data = '';
      socket.on('data', (d) => {
        data += d;
        if (data.includes('\r\n\r\n')) resolve(data);
      });
      socket.on('error', reject);
      socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${rest}`);
    });
  } finally {
    socket.destroy();
  }
}

describe('request body limit', () => {
  it('a Content-Length over the limit is 413 before any of the body is read', async () => {
    const answer = await rawRequest(`Content-Length: ${MAX_REQUEST_BODY_BYTES + 1}\r\n\r\n{"query":`);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
  });

  it('a chunked body is counted: under the limit it is served, over it is 413 REQUEST_ENTITY_TOO_LARGE', async () => {
    const small = await chunked(['{"query":', '"{ __typename }"}']);
    expect(small.status).toBe(200);
    expect(await small.json()).toMatchObject({ data: { __typename: 'Query' } });

    const megabyte = 'x'.repeat(1_000_000);
    const pieces = ['{"query":"{ __typename }","extensions":{"pad":"'];
    for (let i = 0; i <= MAX_REQUEST_BODY_BYTES / 1_000_000; i++) pieces.push(megabyte);
    pieces.push('"}}');
    const large = await chunked(pieces);
    expect(large.status).toBe(413);
    const body = (await large.json()) as { errors: { message: string; extensions: { code: string } }[] };
    // The status travels in extensions.http, which stays out of the body.
    expect(body.errors[0]).toEqual({
      message: 'Request body too large',
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', requestId: expect.any(String) },
    });
  });

  it('a malformed Content-Length is refused with 400 before it reaches GraphQL', async () => {
    const answer = await rawRequest('Content-Length: 12abc\r\n\r\n{"query":"{ __typename }"}');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
  });
});
