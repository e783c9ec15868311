import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PaginationQuery } from '../../../common/http/pagination.js';
import { ELECTION_CODE, ORGANISATION_CODE } from '../../signals/dto/validators.js';
import { CASE_PRIORITIES, CASE_STATUSES, type CasePriority, type CaseStatus } from '../case.enums.js';

/** Filters for GET /cases; every one narrows the cases the caller may see anyway. */
export class ListCasesQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Only cases in this status.', enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'Only cases about this election (code).' })
  @IsOptional()
  @Matches(ELECTION_CODE, { message: 'election must be an election code' })
  election?: string;

  @ApiPropertyOptional({ description: 'Only cases of this priority.', enum: CASE_PRIORITIES })
  @IsOptional()
  @IsIn(CASE_PRIORITIES)
  priority?: CasePriority;

  @ApiPropertyOptional({ description: 'Only cases led by this organisation (code).' })
  @IsOptional()
  @Matches(ORGANISATION_CODE, { message: 'leadOrganisation must be an organisation code' })
  leadOrganisation?: string;
}
