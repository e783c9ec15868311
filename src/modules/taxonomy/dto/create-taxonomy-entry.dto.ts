import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

/** A new signal category or action type. */
export class CreateTaxonomyEntryDto {
  @ApiProperty({
    description:
      'Unique code: lowercase letters, digits and hyphens, 2-48 characters, not starting with a hyphen.',
    example: 'deepfake',
  })
  @Matches(/^[a-z0-9][a-z0-9-]{1,47}$/, {
    message: 'code must be 2-48 lowercase letters, digits or hyphens, not starting with a hyphen',
  })
  code: string;

  @ApiProperty({ description: 'Name in English.', example: 'Deepfake audio or video' })
  @IsString()
  @Length(1, 200)
  nameEn: string;

  @ApiProperty({ description: 'Name in Dutch.', example: 'Deepfake-audio of -video' })
  @IsString()
  @Length(1, 200)
  nameNl: string;
}
