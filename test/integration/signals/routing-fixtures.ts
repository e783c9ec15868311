import { randomUUID } from 'node:crypto';
import { AuthService } from '../../../src/common/auth/auth.service.js';
import type { Member } from '../../../src/common/auth/member.js';
import type { Role } from '../../../src/common/auth/permissions.js';
import { insert } from '../../factories/index.js';
import type { TestDb } from '../../setup/test-db.js';

export interface AlertRow {
  id: string;
  organisation_id: string;
  kind: string;
  signal_version: number;
  severity: string;
  reasons: object[];
  details: Record<string, unknown> | null;
  parent_alert_id: string | null;
  escalate_at: Date | null;
}

/** A member of the organisation (by code; a fresh one when left out), as the auth guard hands it over. */
export async function memberOf(db: TestDb, roles: Role[], organisation?: string): Promise<Member> {
  const created = await insert.member(db, {
    organisation: organisation ?? (await insert.organisation(db)).code,
    roles,
  });
  const member = await db.get(AuthService).authenticate(created.token);
  if (!member) {
    throw new Error('the test member could not authenticate');
  }
  return member;
}

/**
 * A category of its own, so that one test's subscriptions never match another test's signals: each test's
 * signals and subscriptions use it.
 */
export async function freshCategory(db: TestDb): Promise<string> {
  const code = `t-${randomUUID().slice(0, 8)}`;
  await db.sql(`INSERT INTO signal_categories (code, name_en, name_nl) VALUES ($1, $1, $1)`, [code]);
  return code;
}

/** Subscribes the organisation (by code) to `category`, with further matchers as columns. */
export async function subscribe(
  db: TestDb,
  organisation: string,
  category: string,
  columns: { name?: string; phases?: string[]; min_severity?: string; is_paused?: boolean } = {},
): Promise<string> {
  const analyst = await insert.member(db, { organisation, roles: ['analyst'] });
  const [row] = await db.sql<{ id: string }>(
    `INSERT INTO subscriptions (organisation_id, name, categories, phases, min_severity, is_paused,
                                created_by_member_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      analyst.organisationId,
      columns.name ?? `all of ${category}`,
      [category],
      columns.phases ?? [],
      columns.min_severity ?? null,
      columns.is_paused ?? false,
      analyst.id,
    ],
  );
  return row!.id;
}

/** Every alert about a signal, ordered by recipient, then by when it was written. */
export function alertsFor(db: TestDb, signalId: string): Promise<AlertRow[]> {
  return db.sql<AlertRow>(
    `SELECT id, organisation_id, kind, signal_version, severity, reasons, details, parent_alert_id, escalate_at
       FROM alerts WHERE signal_id = $1 ORDER BY organisation_id, created_at`,
    [signalId],
  );
}
