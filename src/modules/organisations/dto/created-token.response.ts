import { ApiProperty } from '@nestjs/swagger';
import type { TokenRow } from '../members.repository.js';

/** The only answer that carries a token: it is stored as a hash and cannot be shown again. */
export class CreatedTokenResponse {
  @ApiProperty({ description: 'The token id: revoke the token with it.', format: 'uuid' })
  id: string;

  @ApiProperty({
    description: 'The token, shown this once only: send it as `Authorization: Bearer <token>`.',
    example: 'ks_3q2-7wK…',
  })
  token: string;

  @ApiProperty({ description: 'The name given to the token.' })
  name: string;

  @ApiProperty({
    description: 'The first characters of the token, to recognise it later.',
    example: 'ks_3q2-7wK',
  })
  prefix: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the token stops working; null when it never expires.',
  })
  expiresAt: string | null;

  @ApiProperty({ description: 'When the token was created.', format: 'date-time' })
  createdAt: string;

  static from(row: TokenRow, token: string): CreatedTokenResponse {
    return {
      id: row.id,
      token,
      name: row.name,
      prefix: row.token_prefix,
      expiresAt: row.expires_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
    };
  }
}
