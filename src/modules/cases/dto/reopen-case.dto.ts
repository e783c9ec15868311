import { ApiProperty } from '@nestjs/swagger';
import { IsFreeText } from './free-text.js';

export class ReopenCaseDto {
  @ApiProperty({
    description: 'Why the case is reopened (1-2000 characters).',
    minLength: 1,
    maxLength: 2000,
  })
  @IsFreeText({ min: 1, max: 2000 })
  reason: string;
}
