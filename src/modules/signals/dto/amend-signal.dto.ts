import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsString, Matches, ValidateNested } from 'class-validator';
import { SEVERITIES, type Severity } from '../signal.enums.js';
import { ObservableDto } from './observable.dto.js';
import { IsOptionalNonNull, IsText, ORGANISATION_CODE } from './validators.js';

/**
 * What a reporter may change in a signal: at least one field; those left out keep their value, a list
 * replaces the whole list. Validated as on submission. Written out rather than derived with
 * PartialType(PickType(SubmitSignalDto)): mapped types copy the submit DTO's defaults (`observables = []`),
 * which would turn a field left out into an emptied list.
 */
export class AmendSignalDto {
  @ApiPropertyOptional({ description: 'The new severity.', enum: SEVERITIES, example: 'critical' })
  @IsOptionalNonNull()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @ApiPropertyOptional({
    description: 'The new description, up to 20 000 characters; replaces the old one. Stored as received.',
    maxLength: 20000,
  })
  @IsOptionalNonNull()
  @IsText({ min: 0, max: 20000 })
  description?: string;

  @ApiPropertyOptional({
    description:
      'Every observable of the new version (replaces the list), at most 100, normalised as on submission.',
    type: [ObservableDto],
    maxItems: 100,
  })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ObservableDto)
  observables?: ObservableDto[];

  @ApiPropertyOptional({
    description:
      'Every addressee of the new version, by organisation code (replaces the list), at most 50; RED keeps at ' +
      'least one. A new addressee gets a first alert; one removed keeps the alerts it received.',
    type: [String],
    maxItems: 50,
    example: ['NCTV', 'KR'],
  })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(ORGANISATION_CODE, { each: true, message: 'each of addressees must be an organisation code' })
  addressees?: string[];
}
