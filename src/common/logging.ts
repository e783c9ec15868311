import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request id: the caller's X-Request-Id when it is a sane value, else a new UUID. Fastify calls this
 * first and we write the result back into the raw headers, so that pino-http (which sees the raw request)
 * logs the same id and problem answers quote it as their correlationId.
 */
export function requestId(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  return id;
}

/** Structured JSON logs with a request id on every line; credentials never logged. */
export function loggerOptions(level: string, destination?: DestinationStream): Params {
  const options: Params['pinoHttp'] = {
    level,
    genReqId: (req) => requestId(req),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["idempotency-key"]',
        '*.token',
        '*.secret',
        'token',
        'secret',
      ],
      censor: '[redacted]',
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    // The query string may carry filters with observables; the path is enough to follow a request.
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
    },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
