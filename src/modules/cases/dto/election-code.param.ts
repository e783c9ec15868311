import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ELECTION_CODE } from '../../signals/dto/validators.js';

export class ElectionCodeParam {
  @ApiProperty({ description: 'The election code.', example: 'GR2018' })
  @Matches(ELECTION_CODE, { message: 'code must be an election code, such as GR2018' })
  code: string;
}
