import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PaginationQuery } from '../../../common/http/pagination.js';
import { ELECTION_PHASES, type ElectionPhase } from '../../taxonomy/election.entity.js';
import { SEVERITIES, type Severity, TLPS, type Tlp } from '../signal.enums.js';
import {
  CATEGORY_CODE,
  ELECTION_CODE,
  IsDateTime,
  IsText,
  MUNICIPALITY_CODE,
  ORGANISATION_CODE,
} from './validators.js';

/** Filters for GET /signals; every one narrows what the caller may see anyway. */
export class ListSignalsQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Only signals of this category (a taxonomy code).' })
  @IsOptional()
  @Matches(CATEGORY_CODE, { message: 'category must be a taxonomy code' })
  category?: string;

  @ApiPropertyOptional({ description: 'Only signals of at least this severity.', enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ description: 'Only signals about this election (code).' })
  @IsOptional()
  @Matches(ELECTION_CODE, { message: 'election must be an election code' })
  election?: string;

  @ApiPropertyOptional({ description: 'Only signals about this election phase.', enum: ELECTION_PHASES })
  @IsOptional()
  @IsIn(ELECTION_PHASES)
  phase?: ElectionPhase;

  @ApiPropertyOptional({ description: 'Only signals concerning this municipality (CBS code, GM0363).' })
  @IsOptional()
  @Matches(MUNICIPALITY_CODE, { message: 'municipality must be a CBS code, such as GM0363' })
  municipality?: string;

  @ApiPropertyOptional({
    description: 'Only signals with this TLP marking (write AMBER+STRICT as AMBER%2BSTRICT).',
    enum: TLPS,
  })
  @IsOptional()
  // An unencoded + in a query string arrives as a space.
  @Transform(({ value }: { value: unknown }) => (value === 'AMBER STRICT' ? 'AMBER+STRICT' : value))
  @IsIn(TLPS)
  tlp?: Tlp;

  @ApiPropertyOptional({ description: 'Only signals reported by this organisation (code).' })
  @IsOptional()
  @Matches(ORGANISATION_CODE, { message: 'reporter must be an organisation code' })
  reporter?: string;

  @ApiPropertyOptional({
    description:
      'Only signals with this observable. `type:value` (url:hxxps://evil[.]example) matches that observable ' +
      'exactly, normalised as on submission; a bare value matches any observable it normalises to.',
    maxLength: 2100,
  })
  @IsOptional()
  @IsText({ min: 1, max: 2100 })
  observable?: string;

  @ApiPropertyOptional({ description: 'Only signals observed at or after this RFC 3339 date-time.' })
  @IsOptional()
  @IsDateTime()
  observedFrom?: string;

  @ApiPropertyOptional({ description: 'Only signals observed before this RFC 3339 date-time.' })
  @IsOptional()
  @IsDateTime()
  observedTo?: string;

  @ApiPropertyOptional({ description: 'Only signals submitted at or after this RFC 3339 date-time.' })
  @IsOptional()
  @IsDateTime()
  createdFrom?: string;

  @ApiPropertyOptional({ description: 'Only signals submitted before this RFC 3339 date-time.' })
  @IsOptional()
  @IsDateTime()
  createdTo?: string;
}
