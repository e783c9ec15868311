import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AppError } from '../errors/app-error.js';

/** `limit` and `cursor`, for every list. Extend it in a module's `List…Query`. */
export class PaginationQuery {
  @ApiPropertyOptional({ description: 'Page size (1-100).', minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'Opaque cursor: the `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/** Every list in the API answers this shape. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** For OpenAPI: `class SignalPage extends PageResponse(SignalResponse) {}` */
export function PageResponse<T>(item: new (...args: never[]) => T) {
  class PageOf implements Page<T> {
    @ApiProperty({ type: item, isArray: true, description: 'The items of this page.' })
    items: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` to get the next page; null on the last page.',
    })
    nextCursor: string | null;
  }
  return PageOf;
}

/** Opaque keyset cursors: base64url JSON of the sort key of the last item on a page. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor and checks that it has exactly the expected string fields; a bad one is a 400. */
export function decodeCursor<K extends string>(cursor: string, fields: readonly K[]): Record<K, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const record = parsed as Record<string, unknown> | undefined;
  const valid =
    typeof record === 'object' &&
    record !== null &&
    Object.keys(record).length === fields.length &&
    fields.every((field) => typeof record[field] === 'string' || typeof record[field] === 'number');
  if (!valid) {
    throw new AppError(
      'bad_request',
      'The cursor is not valid: pass the nextCursor of a previous page unchanged.',
    );
  }
  return Object.fromEntries(fields.map((field) => [field, String(record[field])])) as Record<K, string>;
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells that there is a next page.
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  cursorOf: (row: R) => Record<string, string | number>,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}
