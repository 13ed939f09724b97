// One access log line per HTTP request, at info, when its response finishes: method, path,
// status, duration, the GraphQL operation, the request id and the caller (a key's or user's id,
// never a secret); and the request's duration in the metrics.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { httpRequestDuration, routeLabel } from './metrics.js';
import { requestInfo } from './request-info.js';

export function observeRequest(req: IncomingMessage, res: ServerResponse, path: string | undefined, log: Logger) {
  const began = performance.now();
  res.once('finish', () => {
    const seconds = (performance.now() - began) / 1000;
    httpRequestDuration.observe(
      { method: req.method ?? 'GET', route: routeLabel(path), status: String(res.statusCode) },
      seconds,
    );
    const info = requestInfo(req);
    log.info(
      {
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(seconds * 100_000) / 100,
        operation: info.operation,
        operationType: info.operationType,
        requestId: info.requestId ?? res.getHeader('x-request-id'),
        caller: info.caller,
      },
      'request',
    );
  });
}
