import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { ELECTION_CODE, ORGANISATION_CODE } from '../../signals/dto/validators.js';
import { CASE_PRIORITIES, type CasePriority } from '../case.enums.js';
import { IsFreeText } from './free-text.js';

/** A case as a coordinator opens it. */
export class CreateCaseDto {
  @ApiProperty({ description: 'Short name of the case, 1-200 characters.', minLength: 1, maxLength: 200 })
  @IsFreeText({ min: 1, max: 200 })
  title: string;

  @ApiProperty({
    description: 'What the case is about and what is known, up to 20 000 characters. Stored as received.',
    maxLength: 20000,
  })
  @IsFreeText({ min: 0, max: 20000 })
  summary: string;

  @ApiProperty({ description: 'The election it concerns (code).', example: 'GR2018' })
  @Matches(ELECTION_CODE, { message: 'election must be an election code, such as GR2018' })
  election: string;

  @ApiProperty({ description: 'How urgent the case is.', enum: CASE_PRIORITIES, example: 'high' })
  @IsIn(CASE_PRIORITIES)
  priority: CasePriority;

  @ApiProperty({
    description: 'Code of the organisation that leads the case; its members may see the case.',
    example: 'NCTV',
  })
  @Matches(ORGANISATION_CODE, { message: 'leadOrganisation must be an organisation code' })
  leadOrganisation: string;

  @ApiPropertyOptional({
    description:
      'Signals to link at once (up to 100), each one you may see. Linking shows a signal to nobody who may ' +
      'not see it already.',
    type: [String],
    format: 'uuid',
    maxItems: 100,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  signalIds?: string[];
}
