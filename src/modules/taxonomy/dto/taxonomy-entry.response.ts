import { ApiProperty } from '@nestjs/swagger';
import type { TaxonomyEntryRow } from '../taxonomy.repository.js';

export class TaxonomyEntryResponse {
  @ApiProperty({ description: 'Stable code, used in signals and actions.', example: 'disinformation' })
  code: string;

  @ApiProperty({ description: 'Name in English.' })
  nameEn: string;

  @ApiProperty({ description: 'Name in Dutch.' })
  nameNl: string;

  static from(row: TaxonomyEntryRow): TaxonomyEntryResponse {
    return { code: row.code, nameEn: row.name_en, nameNl: row.name_nl };
  }
}
