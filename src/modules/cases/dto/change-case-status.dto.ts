import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { WORKING_CASE_STATUSES, type WorkingCaseStatus } from '../case.enums.js';
import { IsFreeText } from './free-text.js';

export class ChangeCaseStatusDto {
  @ApiProperty({
    description:
      'The new status: one step along open → investigating → mitigating, forwards or back. Closing goes ' +
      'through a closure request.',
    enum: WORKING_CASE_STATUSES,
  })
  @IsIn(WORKING_CASE_STATUSES)
  status: WorkingCaseStatus;

  @ApiProperty({ description: 'Why, for the timeline (1-2000 characters).', minLength: 1, maxLength: 2000 })
  @IsFreeText({ min: 1, max: 2000 })
  reason: string;
}
