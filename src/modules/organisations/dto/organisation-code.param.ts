import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export const ORGANISATION_CODE = /^[A-Za-z0-9-]{2,16}$/;

/** `@Param() { code }: OrganisationCodeParam`: a malformed code is a 400, never a database error. */
export class OrganisationCodeParam {
  @ApiProperty({ description: 'The organisation code (e.g. NCTV, GM0363).', example: 'NCTV' })
  @Matches(ORGANISATION_CODE, { message: 'code must be 2-16 letters, digits or hyphens' })
  code: string;
}
