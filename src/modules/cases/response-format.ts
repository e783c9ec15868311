import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export type ResponseFormat = 'json' | 'csv';

/**
 * Content negotiation for exports: CSV when the Accept header ranks text/csv above application/json (and
 * above q=0), JSON otherwise. Only these two are offered; anything else gets JSON.
 */
export function preferredFormat(accept: string | undefined): ResponseFormat {
  let csv = 0;
  let json = 0;
  for (const range of (accept ?? '').split(',')) {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const qualityParameter = parameters.find((parameter) => parameter.startsWith('q='));
    const quality = qualityParameter === undefined ? 1 : Number(qualityParameter.slice(2));
    if (!Number.isFinite(quality)) {
      continue;
    }
    if (type === 'text/csv') {
      csv = Math.max(csv, quality);
    } else if (type === 'application/json') {
      json = Math.max(json, quality);
    }
  }
  return csv > 0 && csv > json ? 'csv' : 'json';
}

/** `@Format() format: ResponseFormat` */
export const Format = createParamDecorator((_data: unknown, context: ExecutionContext): ResponseFormat =>
  preferredFormat(context.switchToHttp().getRequest<FastifyRequest>().headers.accept),
);
