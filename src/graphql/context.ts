import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer.js';
import type { RateLimitState } from '../modules/rate-limits/rate-limit.store.js';

/** Per-request context. Named so it never collides with the domain's agent contexts. */
export interface RequestContext {
  requestId: string;
  viewer: Viewer | null;
  log: Logger;
  /** The client's network address (the rate-limit subject of anonymous callers). */
  clientAddress: string;
  /** Set by yoga for HTTP and SSE requests. */
  request?: Request;
  /** What this operation cost and what remains of the caller's window (operation-limits.ts). */
  rateLimit?: RateLimitState;
}

/** The viewer of a context whose field was already guarded by an auth scope. */
export function viewerOf(ctx: RequestContext) {
  if (!ctx.viewer) throw new Error('viewerOf() used on a field without an auth scope');
  return ctx.viewer;
}

/** The service-layer caller for a request whose field was guarded by an auth scope. */
export function callerOf(ctx: RequestContext) {
  return { viewer: viewerOf(ctx), requestId: ctx.requestId };
}
