import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryPrepared } from '../database/prepared-statement.js';
import { Clock } from '../clock.js';
import type { Member } from './member.js';
import { permissionsOf, type Role } from './permissions.js';
import { hashToken, looksLikeToken } from './tokens.js';

interface TokenRow {
  token_id: string;
  member_id: string;
  member_name: string;
  roles: Role[];
  organisation_id: string;
  organisation_code: string;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The member a bearer token belongs to, or undefined when it is unknown, revoked or expired. */
  async authenticate(token: string): Promise<Member | undefined> {
    if (!looksLikeToken(token)) {
      return undefined;
    }
    // Every request runs it: prepared.
    const rows = await queryPrepared<TokenRow>(
      this.dataSource,
      `SELECT t.id AS token_id, m.id AS member_id, m.name AS member_name, m.roles,
              o.id AS organisation_id, o.code AS organisation_code
         FROM api_tokens t
         JOIN members m ON m.id = t.member_id
         JOIN organisations o ON o.id = m.organisation_id
        WHERE t.token_hash = $1
          AND t.revoked_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > $2)`,
      [hashToken(token), this.clock.now()],
    );
    const row = rows[0];
    if (!row) {
      return undefined;
    }
    return {
      id: row.member_id,
      name: row.member_name,
      organisationId: row.organisation_id,
      organisationCode: row.organisation_code,
      roles: row.roles,
      permissions: permissionsOf(row.roles),
      tokenId: row.token_id,
    };
  }
}
