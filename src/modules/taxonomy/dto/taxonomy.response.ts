import { ApiProperty } from '@nestjs/swagger';
import { ElectionResponse } from './election.response.js';
import { TaxonomyEntryResponse } from './taxonomy-entry.response.js';

export class TaxonomyResponse {
  @ApiProperty({ type: TaxonomyEntryResponse, isArray: true, description: 'Signal categories, by code.' })
  categories: TaxonomyEntryResponse[];

  @ApiProperty({
    type: TaxonomyEntryResponse,
    isArray: true,
    description: 'Follow-up action types, by code.',
  })
  actionTypes: TaxonomyEntryResponse[];

  @ApiProperty({ type: ElectionResponse, isArray: true, description: 'Elections, by date, then code.' })
  elections: ElectionResponse[];
}
