import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/common/auth/permissions.js';
import { generateToken, hashToken, displayPrefix } from '../../src/common/auth/tokens.js';
import type { TestDb } from '../setup/test-db.js';

export interface TestMember {
  id: string;
  organisationId: string;
  organisationCode: string;
  token: string;
  /** `{ Authorization: 'Bearer …' }`, for supertest's `.set()`. */
  auth: { Authorization: string };
}

/** Rows inserted straight into the database: arrange steps that do not depend on the code under test. */
export const insert = {
  /** A member of an existing organisation (by code), with a fresh token. */
  async member(
    db: TestDb,
    options: { organisation: string; roles: Role[]; name?: string },
  ): Promise<TestMember> {
    const [member] = await db.sql<{ id: string; organisation_id: string }>(
      `INSERT INTO members (organisation_id, name, email, roles)
       SELECT id, $2, $3, $4 FROM organisations WHERE code = $1
       RETURNING id, organisation_id`,
      [options.organisation, options.name ?? 'Test Member', `${randomUUID()}@example.test`, options.roles],
    );
    if (!member) {
      throw new Error(`no organisation ${options.organisation}`);
    }
    const token = generateToken();
    await db.sql(
      `INSERT INTO api_tokens (member_id, name, token_hash, token_prefix) VALUES ($1, 'test', $2, $3)`,
      [member.id, hashToken(token), displayPrefix(token)],
    );
    return {
      id: member.id,
      organisationId: member.organisation_id,
      organisationCode: options.organisation,
      token,
      auth: { Authorization: `Bearer ${token}` },
    };
  },

  /** A new organisation with a unique code, so tests in one file never see each other's data. */
  async organisation(
    db: TestDb,
    options: { kind?: string; parent?: string; prefix?: string } = {},
  ): Promise<{ id: string; code: string }> {
    const code = `${options.prefix ?? 'T'}-${randomUUID().slice(0, 8)}`;
    const [row] = await db.sql<{ id: string }>(
      `INSERT INTO organisations (code, name, name_nl, kind, parent_id)
       VALUES ($1, $2, $2, $3, (SELECT id FROM organisations WHERE code = $4)) RETURNING id`,
      [code, `Test organisation ${code}`, options.kind ?? 'agency', options.parent ?? null],
    );
    if (!row) {
      throw new Error('organisation not inserted');
    }
    return { id: row.id, code };
  },
};
