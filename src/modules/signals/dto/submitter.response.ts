import { ApiProperty } from '@nestjs/swagger';

export class SubmitterResponse {
  @ApiProperty({ description: 'The id of the member who submitted the signal.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The name of the member who submitted the signal.' })
  name: string;
}
