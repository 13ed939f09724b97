// API key rows, cached per process for API_KEY_CACHE_SECONDS so that a request does not pay a
// database round trip to authenticate. Revoking a key forgets it at once in the process that
// revoked it; other server processes notice within the cache time (0 turns the cache off).
import { clock } from '../clock.js';
import { config } from '../config.js';
import { prisma } from '../db/client.js';
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
