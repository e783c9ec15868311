import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_TESTED_SIGNALS = 500;

export class TestSubscriptionQuery {
  @ApiPropertyOptional({
    description: `How many of the latest signals your organisation may see to try it on (1-${MAX_TESTED_SIGNALS}).`,
    minimum: 1,
    maximum: MAX_TESTED_SIGNALS,
    default: 100,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TESTED_SIGNALS)
  last: number = 100;
}
