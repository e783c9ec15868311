import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { UuidParam } from '../../../common/http/uuid-param.js';

/** `/cases/{id}/signals/{signalId}` */
export class CaseSignalParam extends UuidParam {
  @ApiProperty({ description: 'The signal id.', format: 'uuid' })
  @IsUUID('all')
  signalId: string;
}

/** `/cases/{id}/closure-requests/{requestId}/…` */
export class ClosureRequestParam extends UuidParam {
  @ApiProperty({ description: 'The closure request id.', format: 'uuid' })
  @IsUUID('all')
  requestId: string;
}
