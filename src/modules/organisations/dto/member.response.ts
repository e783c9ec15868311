import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../common/auth/permissions.js';
import type { MemberRow } from '../members.repository.js';

export class MemberResponse {
  @ApiProperty({ description: 'The member id: create tokens with it.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Code of the organisation the member belongs to.', example: 'NCTV' })
  organisationCode: string;

  @ApiProperty({ description: 'Full name.' })
  name: string;

  @ApiProperty({ description: 'Email address, trimmed and lowercased.' })
  email: string;

  @ApiProperty({ description: 'The roles the member holds.', enum: ROLES, isArray: true })
  roles: Role[];

  @ApiProperty({ description: 'When the member was added.', format: 'date-time' })
  createdAt: string;

  static from(row: MemberRow): MemberResponse {
    return {
      id: row.id,
      organisationCode: row.organisation_code,
      name: row.name,
      email: row.email,
      roles: row.roles,
      createdAt: row.created_at.toISOString(),
    };
  }
}
