import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The If-Match header as the service needs it: absent, `*`, or the case versions it names. */
export type IfMatch = { kind: 'absent' } | { kind: 'any' } | { kind: 'versions'; versions: number[] };

/** The ETag of a case version: a strong entity tag holding the version number. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * RFC 9110 §13.1.1: `*` or a comma-separated list of entity tags. Tags that are not ours (weak ones
 * included: If-Match compares strongly) can never match, so they are kept out of the list, not refused.
 */
export function parseIfMatch(header: string | string[] | undefined): IfMatch {
  const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim();
  if (value === '') {
    return { kind: 'absent' };
  }
  if (value === '*') {
    return { kind: 'any' };
  }
  const versions = value
    .split(',')
    .map((tag) => /^"([1-9][0-9]{0,8})"$/.exec(tag.trim())?.[1])
    .filter((version): version is string => version !== undefined)
    .map(Number);
  return { kind: 'versions', versions };
}

export function matchesVersion(ifMatch: IfMatch, version: number): boolean {
  return ifMatch.kind !== 'versions' || ifMatch.versions.includes(version);
}

/** `@IfMatchHeader() ifMatch: IfMatch` */
export const IfMatchHeader = createParamDecorator((_data: unknown, context: ExecutionContext): IfMatch =>
  parseIfMatch(context.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);
