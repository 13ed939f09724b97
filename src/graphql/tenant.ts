import type { RequestContext } from './context.js';

/** A UUID no row has: scoping by it matches nothing. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The caller's organization id, for `where` clauses; matches nothing for anonymous callers. */
export function tenantOf(ctx: RequestContext): string {
  return ctx.viewer?.organizationId ?? NIL_UUID;
}
