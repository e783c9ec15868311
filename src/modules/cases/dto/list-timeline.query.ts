import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PaginationQuery } from '../../../common/http/pagination.js';
import { IsDateTime, ORGANISATION_CODE } from '../../signals/dto/validators.js';
import { CASE_EVENT_KINDS, type CaseEventKind } from '../case.enums.js';

/** Filters for a case timeline. As CSV (`Accept: text/csv`) the whole filtered timeline comes at once. */
export class ListTimelineQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Only events of this kind.', enum: CASE_EVENT_KINDS })
  @IsOptional()
  @IsIn(CASE_EVENT_KINDS)
  kind?: CaseEventKind;

  @ApiPropertyOptional({ description: 'Only events by members of this organisation (code).' })
  @IsOptional()
  @Matches(ORGANISATION_CODE, { message: 'organisation must be an organisation code' })
  organisation?: string;

  @ApiPropertyOptional({ description: 'Only events at or after this time (RFC 3339).', format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  from?: string;

  @ApiPropertyOptional({ description: 'Only events before this time (RFC 3339).', format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  to?: string;
}
