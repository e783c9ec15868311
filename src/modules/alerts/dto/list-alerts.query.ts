import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PaginationQuery } from '../../../common/http/pagination.js';
import { ELECTION_CODE } from '../../signals/dto/validators.js';
import { SEVERITIES, type Severity } from '../../signals/signal.enums.js';
import { ALERT_KINDS, ALERT_STATES, type AlertKind, type AlertState } from '../alert.entity.js';

/** Filters for GET /alerts; the organisation is always the caller's own. */
export class ListAlertsQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Only alerts in this state.', enum: ALERT_STATES })
  @IsOptional()
  @IsIn(ALERT_STATES)
  state?: AlertState;

  @ApiPropertyOptional({ description: 'Only alerts of at least this severity.', enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({ description: 'Only alerts about this election (code).', example: 'GR2018' })
  @IsOptional()
  @Matches(ELECTION_CODE, { message: 'election must be an election code' })
  election?: string;

  @ApiPropertyOptional({ description: 'Only alerts of this kind.', enum: ALERT_KINDS })
  @IsOptional()
  @IsIn(ALERT_KINDS)
  kind?: AlertKind;
}
