import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsText } from './validators.js';

/** A hypothesis about who is behind it, as the reporter states it: stored as given, never inferred. */
export class AttributionDto {
  @ApiProperty({
    description: 'The actor the reporter suspects (a state, a service, a known group), 1-200 characters.',
    minLength: 1,
    maxLength: 200,
    example: 'State actor X',
  })
  @IsText({ min: 1, max: 200, notBlank: true })
  actor: string;

  @ApiProperty({
    description: "The reporter's confidence in this attribution, 0-100.",
    minimum: 0,
    maximum: 100,
    example: 30,
  })
  @IsInt()
  @Min(0)
  @Max(100)
  confidence: number;

  @ApiPropertyOptional({
    description: 'Why the reporter suspects this actor, up to 5000 characters.',
    maxLength: 5000,
  })
  @IsOptional()
  @IsText({ min: 0, max: 5000 })
  rationale?: string;
}
