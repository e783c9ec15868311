import type { IncomingHttpHeaders } from 'node:http';
import { AuthService } from '../../../src/common/auth/auth.service.js';
import type { Member } from '../../../src/common/auth/member.js';
import { AlertWriter, type NewAlert } from '../../../src/modules/alerts/alert-writer.js';
import { insert, type TestMember } from '../../factories/index.js';
import type { TestDb } from '../../setup/test-db.js';

/** The caller as services receive it, for a member inserted by the factories. */
export async function memberOf(db: TestDb, test: TestMember): Promise<Member> {
  const member = await db.get(AuthService).authenticate(test.token);
  if (!member) {
    throw new Error('the test member does not authenticate');
  }
  return member;
}

/** A new organisation with an analyst (who may manage its webhooks). */
export async function organisationWithAnalyst(
  db: TestDb,
): Promise<{ organisation: { id: string; code: string }; analyst: TestMember; member: Member }> {
  const organisation = await insert.organisation(db);
  const analyst = await insert.member(db, { organisation: organisation.code, roles: ['analyst'] });
  return { organisation, analyst, member: await memberOf(db, analyst) };
}

export function newAlert(organisationId: string, overrides: Partial<NewAlert> = {}): NewAlert {
  return {
    organisationId,
    kind: 'signal',
    signalId: null,
    signalVersion: null,
    severity: 'high',
    election: 'GR2018',
    reasons: [{ type: 'addressed' }],
    details: null,
    parentAlertId: null,
    escalateAt: null,
    ...overrides,
  };
}

/**
 * Alerts written as the routing code writes them (AlertWriter), then placed in their sequence by the
 * sequencer, which queues their deliveries.
 */
export async function writeAlerts(db: TestDb, alerts: NewAlert[]): Promise<string[]> {
  const created = await db.dataSource.transaction((tx) => db.get(AlertWriter).create(tx, alerts));
  await db.sequenceAlerts();
  return created.map((alert) => alert.id);
}

/** The ids of the deliveries queued for these alerts. */
export async function deliveriesOf(db: TestDb, alertIds: string[]): Promise<string[]> {
  const rows = await db.sql<{ id: string }>(
    `SELECT id FROM webhook_deliveries WHERE alert_id = ANY ($1::uuid[]) ORDER BY created_at, id`,
    [alertIds],
  );
  return rows.map((row) => row.id);
}

export interface DeliveryState {
  status: string;
  attempt_count: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
  body: string | null;
}

export async function deliveryState(db: TestDb, deliveryId: string): Promise<DeliveryState> {
  const [row] = await db.sql<DeliveryState>(
    `SELECT status, attempt_count, next_attempt_at, delivered_at, body FROM webhook_deliveries WHERE id = $1`,
    [deliveryId],
  );
  if (!row) {
    throw new Error(`no delivery ${deliveryId}`);
  }
  return row;
}

export interface AttemptState {
  outcome: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
}

export function attemptsOf(db: TestDb, deliveryId: string): Promise<AttemptState[]> {
  return db.sql<AttemptState>(
    `SELECT outcome, status_code, duration_ms, error FROM webhook_delivery_attempts
      WHERE delivery_id = $1 ORDER BY id`,
    [deliveryId],
  );
}

/** The three Standard Webhooks headers, as a verifier takes them. */
export function signatureHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return {
    'webhook-id': String(headers['webhook-id']),
    'webhook-timestamp': String(headers['webhook-timestamp']),
    'webhook-signature': String(headers['webhook-signature']),
  };
}
