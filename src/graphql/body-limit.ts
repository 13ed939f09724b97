// The request body limit, in place of graphql-yoga's own (maxRequestBodySize), which pipes every
// body through a TransformStream to count its bytes: on a small query that cost more CPU than
// the rest of the request (B3 in bench/). Node's HTTP parser never hands over more body than a
// request's Content-Length declares, so such a request is judged by the header alone; only a
// body without one (chunked) is read here and counted. The errors are yoga's.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

const tooLarge = () =>
  createGraphQLError('Request body too large', {
    extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' },
  });

async function readAtMost(body: ReadableStream<Uint8Array>, limit: number): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `limit`: REQUEST_MAX_BYTES (by default graphql-yoga's own, 25 MB). */
export function useBodySizeLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const length = request.headers.get('content-length');
      // Node's HTTP parser has already refused a malformed Content-Length (400).
      if (length != null) {
        if (Number(length) > limit) throw tooLarge();
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser(async (req) => {
        const body = req.body ? await readAtMost(req.body, limit) : null;
        return parse(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body }));
      });
    },
  };
}
