// What the GraphQL layer learns about an HTTP request (its operation, its caller), for the
// access log line written when the response finishes (src/app.ts).
import type { IncomingMessage } from 'node:http';
import type { Viewer } from '../auth/viewer.js';

export interface RequestInfo {
  operation?: string;
  operationType?: string;
  caller?: string;
  requestId?: string;
}

const infos = new WeakMap<IncomingMessage, RequestInfo>();

export function requestInfo(req: IncomingMessage): RequestInfo {
  let info = infos.get(req);
  if (!info) {
    info = {};
    infos.set(req, info);
  }
  return info;
}

/** Who called, for logs: the API key's or the user's (or customer's) id — never a secret. */
export function callerLabel(viewer: Viewer | null): string | undefined {
  if (!viewer) return undefined;
  if (viewer.apiKeyId) return `api_key:${viewer.apiKeyId}`;
  if (viewer.customerId) return `customer:${viewer.customerId}`;
  return viewer.userId ? `user:${viewer.userId}` : undefined;
}
