import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ACTION_STATUSES, type ActionStatus } from '../case.enums.js';
import { IsFreeText } from './free-text.js';

export class ChangeActionStatusDto {
  @ApiProperty({
    description: 'The new status: open → in-progress → done | cancelled (an open action may be cancelled).',
    enum: ACTION_STATUSES,
  })
  @IsIn(ACTION_STATUSES)
  status: ActionStatus;

  @ApiPropertyOptional({
    description: 'What came of it: required for done and cancelled, not allowed otherwise (1-10 000).',
    maxLength: 10000,
  })
  @IsOptional()
  @IsFreeText({ min: 1, max: 10000 })
  outcome?: string;
}
