import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer.js';

/** Per-request context. Named so it never collides with the domain's agent contexts. */
export interface RequestContext {
  requestId: string;
  viewer: Viewer | null;
  log: Logger;
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
