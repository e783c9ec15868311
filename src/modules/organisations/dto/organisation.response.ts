import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation.entity.js';
import type { OrganisationRow } from '../organisations.repository.js';

export class OrganisationResponse {
  @ApiProperty({ description: 'Unique code; the organisation is addressed by it.', example: 'NCTV' })
  code: string;

  @ApiProperty({ description: 'Name in English.' })
  name: string;

  @ApiProperty({ description: 'Name in Dutch.' })
  nameNl: string;

  @ApiProperty({ description: 'What kind of organisation this is.', enum: ORGANISATION_KINDS })
  kind: OrganisationKind;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Code of the parent organisation; null at the top level.',
    example: 'JenV',
  })
  parentCode: string | null;

  static from(row: OrganisationRow): OrganisationResponse {
    return {
      code: row.code,
      name: row.name,
      nameNl: row.name_nl,
      kind: row.kind,
      parentCode: row.parent_code,
    };
  }
}
