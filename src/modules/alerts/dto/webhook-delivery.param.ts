import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { UuidParam } from '../../../common/http/uuid-param.js';

/** `/webhooks/{id}/deliveries/{deliveryId}`: both ids are UUIDs, or the answer is a 400. */
export class WebhookDeliveryParam extends UuidParam {
  @ApiProperty({ description: 'The delivery id (its webhook-id).', format: 'uuid' })
  @IsUUID('all')
  deliveryId: string;
}
