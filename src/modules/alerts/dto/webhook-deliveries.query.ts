import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQuery } from '../../../common/http/pagination.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../webhook.entity.js';

/** Filters for GET /webhooks/{id}/deliveries. */
export class ListWebhookDeliveriesQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, description: 'Only deliveries in this status (dead, …).' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}
