// CORS for every HTTP route (/graphql through Yoga, the exports by hand): the same origins
// (CORS_ORIGINS), and response headers browser code may read.
export const EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-ratelimit-cost',
  'x-ratelimit-used',
];

export function yogaCors(origins: string[]) {
  return origins.length > 0 ? { origin: origins, credentials: true, exposedHeaders: EXPOSED_HEADERS } : false;
}
