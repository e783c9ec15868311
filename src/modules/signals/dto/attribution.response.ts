import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Attribution } from '../signal.entity.js';

export class AttributionResponse {
  @ApiProperty({ description: 'The actor the reporter suspects: a hypothesis, not a finding.' })
  actor: string;

  @ApiProperty({
    description: "The reporter's confidence in this attribution, 0-100.",
    minimum: 0,
    maximum: 100,
  })
  confidence: number;

  @ApiPropertyOptional({ description: 'Why the reporter suspects this actor.' })
  rationale?: string;

  static from(attribution: Attribution): AttributionResponse {
    return {
      actor: attribution.actor,
      confidence: attribution.confidence,
      ...(attribution.rationale === undefined ? {} : { rationale: attribution.rationale }),
    };
  }
}
