import { ApiProperty } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({
    description: 'Always "ok" when the check passed (a failed check answers 503).',
    example: 'ok',
  })
  status: 'ok';
}
