import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PaginationQuery } from '../../../common/http/pagination.js';
import { ORGANISATION_CODE } from '../../signals/dto/validators.js';

export const ACTION_STATES = ['open', 'finished', 'all'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** A work list: the actions in cases the caller may see, soonest due first. */
export class ListActionsQuery extends PaginationQuery {
  @ApiPropertyOptional({
    description: '`me` for the actions assigned to your organisation, or an organisation code.',
    example: 'me',
  })
  @IsOptional()
  @Matches(ORGANISATION_CODE, { message: 'assignee must be me or an organisation code' })
  assignee?: string;

  @ApiPropertyOptional({
    description: 'open: not finished (open or in progress); finished: done or cancelled; all.',
    enum: ACTION_STATES,
    default: 'all',
  })
  @IsOptional()
  @IsIn(ACTION_STATES)
  state: ActionState = 'all';

  @ApiPropertyOptional({ description: 'Only the actions of this case.', format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  case?: string;
}
