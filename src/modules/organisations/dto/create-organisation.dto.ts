import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation.entity.js';
import { ORGANISATION_CODE } from './organisation-code.param.js';

export class CreateOrganisationDto {
  @ApiProperty({
    description: 'Unique code, 2-16 letters, digits or hyphens (unique regardless of case).',
    example: 'BZK-DGDOB',
  })
  @Matches(ORGANISATION_CODE, { message: 'code must be 2-16 letters, digits or hyphens' })
  code: string;

  @ApiProperty({ description: 'Name in English.', example: 'Directorate-General for Public Administration' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({
    description: 'Name in Dutch; the English name when left out.',
    example: 'Directoraat-generaal Openbaar Bestuur',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  nameNl?: string;

  @ApiProperty({ description: 'What kind of organisation this is.', enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiPropertyOptional({
    description: 'Code of the parent organisation (an agency under its ministry); left out for a top level.',
    example: 'BZK',
  })
  @IsOptional()
  @Matches(ORGANISATION_CODE, { message: 'parentCode must be 2-16 letters, digits or hyphens' })
  parentCode?: string;
}
