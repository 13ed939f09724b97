import type { Scope } from '../auth/scopes.js';
import { hasScope } from '../auth/viewer.js';
import type { RequestContext } from './context.js';

/** A UUID no row has: scoping by it matches nothing. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * The caller's organization id, for `where` clauses; matches nothing for anonymous callers, nor,
 * with `scope`, for callers without it: `node(id:)` of a type you may not read is null, exactly
 * as for an ID that does not exist (a FORBIDDEN would tell you it does).
 */
export function tenantOf(ctx: RequestContext, scope?: Scope): string {
  if (scope && !hasScope(ctx.viewer, scope)) return NIL_UUID;
  return ctx.viewer?.organizationId ?? NIL_UUID;
}
