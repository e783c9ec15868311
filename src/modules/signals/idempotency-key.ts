import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const PRINTABLE_KEY = /^[\x20-\x7e]{1,200}$/;

/** The Idempotency-Key header: absent, or 1-200 printable ASCII characters. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  if (typeof header !== 'string' || !PRINTABLE_KEY.test(header)) {
    throw new AppError(
      'validation_failed',
      `The ${IDEMPOTENCY_KEY_HEADER} header must be 1-200 printable ASCII characters.`,
      {
        errors: [
          {
            field: IDEMPOTENCY_KEY_HEADER,
            messages: ['must be 1-200 printable ASCII characters, sent once'],
          },
        ],
      },
    );
  }
  return header;
}

/** `@IdempotencyKey() key: string | undefined`: the validated header. */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    parseIdempotencyKey(context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key']),
);
