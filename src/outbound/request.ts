// One outbound HTTP request to an address a caller chose (a webhook receiver, a deployment's
// health check): the SSRF guard on every address connected to (guard.ts), a timeout, no
// redirects followed, the response body discarded. It never throws: the outcome says what happened.
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, refusedUrl } from './guard.js';

export interface Outcome {
  status: number | null;
  latencyMs: number;
  error: string | null;
}

export function outboundRequest(
  method: 'GET' | 'POST',
  url: string,
  options: { headers?: Record<string, string>; body?: string; timeoutMs: number; userAgent: string },
): Promise<Outcome> {
  const began = performance.now();
  const done = (status: number | null, error: string | null): Outcome => ({
    status,
    error,
    latencyMs: Math.round(performance.now() - began),
  });
  const refused = refusedUrl(url);
  if (refused) return Promise.resolve(done(null, `refused: ${refused}`));
  return new Promise((resolve) => {
    const target = new URL(url);
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      {
        method,
        headers: { 'user-agent': options.userAgent, ...options.headers },
        lookup: guardedLookup,
        timeout: options.timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(done(response.statusCode ?? null, null)));
        response.on('error', (error) => resolve(done(response.statusCode ?? null, error.message)));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    request.on('error', (error) => resolve(done(null, error.message)));
    request.end(options.body);
  });
}
