import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { OBSERVABLE_TYPES, type ObservableType } from '../signal.enums.js';
import { IsObservableValue, IsText } from './validators.js';

/** Something observed that others may see too: a URL, an account, a hashtag… */
export class ObservableDto {
  @ApiProperty({ description: 'What kind of observable this is.', enum: OBSERVABLE_TYPES, example: 'url' })
  @IsIn(OBSERVABLE_TYPES)
  type: ObservableType;

  @ApiProperty({
    description:
      'The observable as seen, up to 2048 characters; defanged forms (hxxp://, [.]) are accepted. It is stored ' +
      'normalised (URLs and domains lowercased and punycoded, IPs canonical, phone numbers as +<country><number>, ' +
      'accounts without @, hashtags without #), so that the same thing compares equal across signals.',
    maxLength: 2048,
    example: 'https://nieuws-example.test/stembureaus-sluiten',
  })
  @IsText({ min: 1, max: 2048 })
  @IsObservableValue()
  value: string;
}
