import { ApiProperty } from '@nestjs/swagger';
import { IsText } from './validators.js';

export class WithdrawSignalDto {
  @ApiProperty({
    description:
      'Why the signal is withdrawn, 1-2000 characters; every organisation that received it reads it.',
    minLength: 1,
    maxLength: 2000,
    example: 'The accounts turned out to belong to a satirical news site.',
  })
  @IsText({ min: 1, max: 2000, notBlank: true })
  reason: string;
}
