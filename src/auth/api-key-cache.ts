// API key rows, cached per process for API_KEY_CACHE_SECONDS so that a request does not pay a
// database round trip to authenticate. Revoking a key forgets it at once in the process that
// revoked it, and sends a notice (agg_api_keys) on which every other process forgets its cached
// keys of that organization; the cache time bounds what a lost notice can cost (0 turns the
// cache off).
import { clock } from '../clock.js';
import { config } from '../config.js';
import { prisma } from '../db/client.js';
import type { ActivityHub } from '../events/hub.js';
import type { ApiKey } from '../generated/prisma/client.js';

const MAX_ENTRIES = 10_000;
const cache = new Map<string, { key: ApiKey; until: number }>();

export async function findApiKey(prefix: string): Promise<ApiKey | null> {
  const now = clock.now().getTime();
  const hit = cache.get(prefix);
  if (hit && hit.until > now) return hit.key;
  const key = await prisma.apiKey.findUnique({ where: { prefix } });
  const ttl = config().API_KEY_CACHE_SECONDS * 1000;
  // Only keys that exist: unknown prefixes cost a lookup each, as without a cache.
  if (key && ttl > 0) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(prefix, { key, until: now + ttl });
  } else cache.delete(prefix);
  return key;
}

/** After a key's row changed (revoked, used): the next lookup reads it again, or sees `key`. */
export function forgetApiKey(prefix: string, key?: ApiKey) {
  const hit = cache.get(prefix);
  if (key && hit) hit.key = key;
  else cache.delete(prefix);
}

/**
 * Forgets the cached keys of an organization when any process revokes one of its keys, and every
 * cached key when notices may have been missed (the listener reconnected). Returns the stop.
 */
export function forgetRevokedKeys(hub: ActivityHub): () => void {
  return hub.listen((kind, organizationId) => {
    if (organizationId === null) cache.clear();
    else if (kind === 'agg_api_keys')
      for (const [prefix, hit] of cache) if (hit.key.organizationId === organizationId) cache.delete(prefix);
  });
}
