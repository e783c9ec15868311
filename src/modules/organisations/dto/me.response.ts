import { ApiProperty } from '@nestjs/swagger';
import type { Member } from '../../../common/auth/member.js';
import { Permission, ROLES, type Role } from '../../../common/auth/permissions.js';
import type { ProfileRow } from '../members.repository.js';

export class MeResponse {
  @ApiProperty({ description: 'Your member id.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Your name.' })
  name: string;

  @ApiProperty({ description: 'Your email address.' })
  email: string;

  @ApiProperty({ description: 'Your roles.', enum: ROLES, isArray: true })
  roles: Role[];

  @ApiProperty({ description: 'What your roles allow.', enum: Permission, isArray: true })
  permissions: Permission[];

  @ApiProperty({ description: 'Code of your organisation.', example: 'AIVD' })
  organisationCode: string;

  @ApiProperty({ description: 'Name of your organisation, in English.' })
  organisationName: string;

  static from(row: ProfileRow, member: Member): MeResponse {
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      roles: row.roles,
      permissions: [...member.permissions].sort(),
      organisationCode: row.organisation_code,
      organisationName: row.organisation_name,
    };
  }
}
