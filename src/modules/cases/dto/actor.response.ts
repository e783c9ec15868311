import { ApiProperty } from '@nestjs/swagger';

export class MemberRefResponse {
  @ApiProperty({ description: 'The member id.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The member name.' })
  name: string;
}

/** Who did something: always the organisation; the member only to coordinators and their own colleagues. */
export class ActorResponse {
  @ApiProperty({
    description: 'Code of the organisation that acted; null for what the service did itself (a worker).',
    type: String,
    nullable: true,
    example: 'NCTV',
  })
  organisation: string | null;

  @ApiProperty({
    description:
      'The member who acted: shown to coordinators and to members of the same organisation, otherwise null.',
    type: MemberRefResponse,
    nullable: true,
  })
  member: MemberRefResponse | null;
}
