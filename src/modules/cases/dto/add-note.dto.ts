import { ApiProperty } from '@nestjs/swagger';
import { IsFreeText } from './free-text.js';

export class AddNoteDto {
  @ApiProperty({
    description: 'The note, as written (1-10 000 characters); it becomes an event on the timeline.',
    minLength: 1,
    maxLength: 10000,
  })
  @IsFreeText({ min: 1, max: 10000 })
  text: string;
}
