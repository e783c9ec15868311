import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsFreeText } from './free-text.js';

/** Approving or rejecting a closure request: by a coordinator other than the one who asked. */
export class DecideClosureDto {
  @ApiPropertyOptional({ description: 'Why (up to 10 000 characters).', maxLength: 10000 })
  @IsOptional()
  @IsFreeText({ min: 1, max: 10000 })
  reason?: string;
}
