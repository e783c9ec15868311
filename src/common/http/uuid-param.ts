import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** `@Param() { id }: UuidParam`: a malformed id is a 400, never a database error. */
export class UuidParam {
  @ApiProperty({ description: 'The resource id (a UUID).', format: 'uuid' })
  @IsUUID('all')
  id: string;
}
