import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { CATEGORY_CODE, IsDateTime, ORGANISATION_CODE } from '../../signals/dto/validators.js';
import { IsFreeText } from './free-text.js';

/** A follow-up action, handed by a coordinator to the organisation that must carry it out. */
export class CreateActionDto {
  @ApiProperty({
    description: 'The instrument: an action type of the taxonomy (GET /api/v1/taxonomy).',
    example: 'notice-and-take-down',
  })
  // Action type codes have the same shape as category codes (one CHECK for both taxonomies).
  @Matches(CATEGORY_CODE, { message: 'type must be an action type code, such as fact-check' })
  type: string;

  @ApiProperty({ description: 'What is to be done, 1-200 characters.', minLength: 1, maxLength: 200 })
  @IsFreeText({ min: 1, max: 200 })
  title: string;

  @ApiPropertyOptional({ description: 'Details, up to 20 000 characters.', maxLength: 20000 })
  @IsOptional()
  @IsFreeText({ min: 0, max: 20000 })
  description?: string;

  @ApiProperty({
    description: 'Code of the organisation that must carry it out; it gets an alert, and sight of the case.',
    example: 'BZK',
  })
  @Matches(ORGANISATION_CODE, { message: 'assignee must be an organisation code' })
  assignee: string;

  @ApiProperty({
    description: 'When it must be done (RFC 3339, not in the past). Past it, an overdue alert goes out once.',
    format: 'date-time',
    example: '2018-03-20T17:00:00+01:00',
  })
  @IsDateTime()
  dueAt: string;

  @ApiPropertyOptional({
    description: "A counterpart's reference: a platform's ticket number, a letter's reference (1-200).",
    maxLength: 200,
  })
  @IsOptional()
  @IsFreeText({ min: 1, max: 200 })
  counterpartRef?: string;
}
