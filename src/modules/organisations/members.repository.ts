import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../../common/auth/permissions.js';
import { AppError } from '../../common/errors/app-error.js';
import type { AdminScope } from './admin-access.service.js';
import { isUniqueViolation } from '../../common/database/postgres-errors.js';
import { inAdminScope } from './organisations.repository.js';

export interface MemberRow {
  id: string;
  organisation_code: string;
  name: string;
  email: string;
  roles: Role[];
  created_at: Date;
}

export interface ProfileRow extends MemberRow {
  organisation_name: string;
}

export interface TokenRow {
  id: string;
  member_id: string;
  name: string;
  token_prefix: string;
  expires_at: Date | null;
  created_at: Date;
}

@Injectable()
export class MembersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    tx: EntityManager,
    row: { organisationId: string; name: string; email: string; roles: readonly Role[] },
  ): Promise<MemberRow> {
    try {
      const [member] = await tx.query<MemberRow[]>(
        `WITH member AS (
           INSERT INTO members (organisation_id, name, email, roles) VALUES ($1, $2, $3, $4)
           RETURNING id, organisation_id, name, email, roles, created_at
         )
         SELECT member.id, o.code AS organisation_code, member.name, member.email, member.roles, member.created_at
           FROM member JOIN organisations o ON o.id = member.organisation_id`,
        [row.organisationId, row.name, row.email, row.roles],
      );
      if (!member) {
        throw new Error('INSERT … RETURNING answered no row');
      }
      return member;
    } catch (error) {
      if (isUniqueViolation(error, 'members_email_key')) {
        throw new AppError('member.duplicate_email', `A member with email ${row.email} exists already.`);
      }
      throw error;
    }
  }

  async findProfile(memberId: string): Promise<ProfileRow | undefined> {
    const [row] = await this.dataSource.query<ProfileRow[]>(
      `SELECT m.id, o.code AS organisation_code, o.name AS organisation_name, m.name, m.email, m.roles,
              m.created_at
         FROM members m JOIN organisations o ON o.id = m.organisation_id
        WHERE m.id = $1`,
      [memberId],
    );
    return row;
  }

  /** Inserts the token only when its member lies in the scope; undefined otherwise (or when there is none). */
  async insertTokenInScope(
    row: { memberId: string; name: string; tokenHash: string; tokenPrefix: string; expiresAt: Date | null },
    scope: AdminScope,
  ): Promise<TokenRow | undefined> {
    const [token] = await this.dataSource.query<TokenRow[]>(
      `INSERT INTO api_tokens (member_id, name, token_hash, token_prefix, expires_at)
       SELECT m.id, $2, $3, $4, $5 FROM members m
        WHERE m.id = $1 AND ${inAdminScope('m.organisation_id', '$6')}
       RETURNING id, member_id, name, token_prefix, expires_at, created_at`,
      [row.memberId, row.name, row.tokenHash, row.tokenPrefix, row.expiresAt, scope.rootOrganisationId],
    );
    return token;
  }

  /**
   * Revokes a token whose member lies in the scope; revoking it again keeps the first revocation time.
   * False when there is no such token in the scope.
   */
  async revokeTokenInScope(tokenId: string, scope: AdminScope, at: Date): Promise<boolean> {
    // For an UPDATE, TypeORM's query() answers [rows, rowCount].
    const [, rowCount] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE api_tokens t SET revoked_at = coalesce(t.revoked_at, $3)
         FROM members m
        WHERE t.id = $1 AND m.id = t.member_id AND ${inAdminScope('m.organisation_id', '$2')}`,
      [tokenId, scope.rootOrganisationId, at],
    );
    return rowCount > 0;
  }
}
