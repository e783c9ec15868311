import { ApiProperty } from '@nestjs/swagger';
import { IsFreeText } from './free-text.js';

export class RequestClosureDto {
  @ApiProperty({
    description: 'What was done and why the case can be closed (1-10 000 characters).',
    minLength: 1,
    maxLength: 10000,
  })
  @IsFreeText({ min: 1, max: 10000 })
  summary: string;
}
