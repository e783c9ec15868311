import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { ROLES, type Role } from '../../../common/auth/permissions.js';

/** Email addresses are compared as stored: trimmed and lowercased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class AddMemberDto {
  @ApiProperty({ description: 'Full name of the member.', example: 'Jan de Vries' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({
    description: 'Work email address, unique across the service; stored trimmed and lowercased.',
    example: 'j.devries@nctv.example',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseEmail(value) : value))
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({
    description:
      'One or more roles: liaison (posts signals), analyst (handles what reaches the organisation), ' +
      'coordinator (cases, across organisations), admin (organisations, members, tokens, taxonomy).',
    enum: ROLES,
    isArray: true,
    example: ['liaison'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];
}
