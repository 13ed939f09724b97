// Per-request DataLoaders: one batch query per request for every row of a kind the response
// shows, however many parents ask. Loaders live as long as the request context.
import DataLoader from 'dataloader';
import type { RequestContext } from './context.js';

const loaders = new WeakMap<RequestContext, Map<string, DataLoader<string, unknown>>>();

/** The request's loader named `name`, created on first use with `batch`. */
export function requestLoader<V>(
  ctx: RequestContext,
  name: string,
  batch: (keys: readonly string[]) => Promise<V[]>,
): DataLoader<string, V> {
  let byName = loaders.get(ctx);
  if (!byName) {
    byName = new Map();
    loaders.set(ctx, byName);
  }
  let loader = byName.get(name) as DataLoader<string, V> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V>(batch);
    byName.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}
