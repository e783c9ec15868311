import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQuery } from '../../../common/http/pagination.js';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation.entity.js';

export class ListOrganisationsQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Only organisations of this kind.', enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;
}
