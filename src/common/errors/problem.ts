import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, type FieldError } from './app-error.js';
import { statusOf, type ErrorCode } from './error-codes.js';

/** RFC 9457 problem details, as every error leaves the service. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  correlationId: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const HTTP_STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'auth.unauthenticated',
  403: 'auth.forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'unavailable',
};

export function problem(
  code: ErrorCode,
  status: number,
  detail: string,
  correlationId: string,
  extra = {},
): Problem {
  return {
    type: `urn:kiessignaal:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
    correlationId,
  };
}

/** Fastify's own errors (body parsing, size limit, content type) carry a statusCode and an FST_ code. */
interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/**
 * Turns anything thrown into a problem. Client errors keep their explanation; anything unexpected becomes a
 * bare 500 (the caller logs it with the correlation id; the client learns nothing about the internals).
 */
export function toProblem(error: unknown, correlationId: string): Problem {
  if (error instanceof AppError) {
    const { errors, ...rest } = error.details ?? {};
    return problem(error.code, statusOf(error.code), error.message, correlationId, {
      ...rest,
      ...(errors ? { errors } : {}),
    });
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) {
      return problem(HTTP_STATUS_CODES[status] ?? 'bad_request', status, error.message, correlationId);
    }
  }
  if (isDatabaseUnavailable(error)) {
    return problem(
      'unavailable',
      HttpStatus.SERVICE_UNAVAILABLE,
      'The database cannot be reached right now; nothing was stored. Try again shortly.',
      correlationId,
    );
  }
  const framework = error as FrameworkError;
  if (
    typeof framework?.statusCode === 'number' &&
    framework.statusCode >= 400 &&
    framework.statusCode < 500
  ) {
    const status = framework.statusCode;
    const detail =
      framework.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'The request body is larger than the 1 MB the service accepts.'
        : (framework.message ?? 'The request could not be read.');
    return problem(HTTP_STATUS_CODES[status] ?? 'bad_request', status, detail, correlationId);
  }
  return problem(
    'internal',
    HttpStatus.INTERNAL_SERVER_ERROR,
    'An unexpected error occurred. Quote the correlation id when reporting it.',
    correlationId,
  );
}

/** SQLSTATE classes and codes, and socket errors, that mean "the database is not there", not "a bug". */
const UNAVAILABLE_SQLSTATES = /^(08|57P0[1-3]|53300)/;
const UNAVAILABLE_SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

function isDatabaseUnavailable(error: unknown): boolean {
  const candidates = [error, (error as { driverError?: unknown } | undefined)?.driverError];
  return candidates.some((candidate) => {
    if (typeof candidate !== 'object' || candidate === null) {
      return false;
    }
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    return (
      (typeof code === 'string' &&
        (UNAVAILABLE_SQLSTATES.test(code) || UNAVAILABLE_SOCKET_ERRORS.has(code))) ||
      (typeof message === 'string' &&
        /Connection terminated|timeout exceeded when trying to connect/.test(message))
    );
  });
}
