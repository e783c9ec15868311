import { PartialType, PickType } from '@nestjs/swagger';
import { CreateCaseDto } from './create-case.dto.js';

/** PATCH /cases/{id}: the fields to change; the rest stays. Needs `If-Match` with the current ETag. */
export class UpdateCaseDto extends PartialType(
  PickType(CreateCaseDto, ['title', 'summary', 'priority', 'leadOrganisation'] as const),
) {}
