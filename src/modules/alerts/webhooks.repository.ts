import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DeliveryStatus } from './webhook.entity.js';

/** A keyset position in a newest-first list: created_at with microseconds (UTC) and the id. */
export interface Position {
  createdAt: string;
  id: string;
}

export interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  createdAt: Date;
  position: string;
}

export interface DeliveryRow {
  id: string;
  alertId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
  position: string;
}

export interface AttemptRow {
  deliveryId: string;
  attemptedAt: Date;
  outcome: 'delivered' | 'failed';
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

/** A delivery claimed by a worker, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  alertId: string;
  eventType: string;
  attemptCount: number;
  body: string | null;
  /** The lease this claim holds: every later write checks it, so a worker whose lease was taken over writes nothing. */
  leaseUntil: Date;
  endpointUrl: string;
  endpointSecretSealed: string;
  isEndpointDeleted: boolean;
}

/** What a finished attempt leaves behind. */
export interface AttemptOutcome {
  status: 'pending' | 'delivered' | 'dead';
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  attempt: Omit<AttemptRow, 'deliveryId'>;
}

const POSITION = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const ENDPOINT_COLUMNS = `id, url, description, created_at AS "createdAt", ${POSITION} AS position`;

const DELIVERY_COLUMNS = `id, alert_id AS "alertId", event_type AS "eventType", status,
  attempt_count AS "attemptCount", next_attempt_at AS "nextAttemptAt", created_at AS "createdAt",
  delivered_at AS "deliveredAt", ${POSITION} AS position`;

@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertEndpoint(row: {
    organisationId: string;
    url: string;
    description: string | null;
    secretSealed: string;
    createdByMemberId: string;
  }): Promise<EndpointRow> {
    const [endpoint] = await this.dataSource.query<EndpointRow[]>(
      `INSERT INTO webhook_endpoints (organisation_id, url, description, secret_sealed, created_by_member_id)
       VALUES ($1, $2, $3, $4, $5)
       RETURNING ${ENDPOINT_COLUMNS}`,
      [row.organisationId, row.url, row.description, row.secretSealed, row.createdByMemberId],
    );
    if (!endpoint) {
      throw new Error('INSERT … RETURNING answered no row');
    }
    return endpoint;
  }

  /** The organisation's endpoint, unless deleted. */
  async findEndpoint(organisationId: string, id: string): Promise<EndpointRow | undefined> {
    const [row] = await this.dataSource.query<EndpointRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints
        WHERE id = $1 AND organisation_id = $2 AND deleted_at IS NULL`,
      [id, organisationId],
    );
    return row;
  }

  /** Newest first, `limit` endpoints after `after` (exclusive). */
  async findEndpointPage(organisationId: string, limit: number, after?: Position): Promise<EndpointRow[]> {
    return this.dataSource.query<EndpointRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints
        WHERE organisation_id = $1 AND deleted_at IS NULL
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $2`,
      [organisationId, limit, after?.createdAt ?? null, after?.id ?? null],
    );
  }

  /** Deletes softly; deleting again keeps the first time. False when the organisation has no such endpoint. */
  async deleteEndpoint(organisationId: string, id: string, at: Date): Promise<boolean> {
    // For an UPDATE, TypeORM's query() answers [rows, rowCount].
    const [, rowCount] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE webhook_endpoints SET deleted_at = coalesce(deleted_at, $3) WHERE id = $1 AND organisation_id = $2`,
      [id, organisationId, at],
    );
    return rowCount > 0;
  }

  /** Newest first, `limit` deliveries of an endpoint after `after` (exclusive). */
  async findDeliveryPage(
    endpointId: string,
    status: DeliveryStatus | undefined,
    limit: number,
    after?: Position,
  ): Promise<DeliveryRow[]> {
    return this.dataSource.query<DeliveryRow[]>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
        WHERE endpoint_id = $1
          AND ($3::text IS NULL OR status = $3)
          AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $2`,
      [endpointId, limit, status ?? null, after?.createdAt ?? null, after?.id ?? null],
    );
  }

  /** The latest `perDelivery` attempts of each delivery, newest first. */
  async findLatestAttempts(deliveryIds: readonly string[], perDelivery: number): Promise<AttemptRow[]> {
    if (deliveryIds.length === 0) {
      return [];
    }
    return this.dataSource.query<AttemptRow[]>(
      `SELECT latest.*
         FROM unnest($1::uuid[]) AS d (id)
         CROSS JOIN LATERAL (
           SELECT delivery_id AS "deliveryId", attempted_at AS "attemptedAt", outcome, status_code AS "statusCode",
                  duration_ms AS "durationMs", error
             FROM webhook_delivery_attempts
            WHERE delivery_id = d.id
            ORDER BY id DESC
            LIMIT $2
         ) latest`,
      [deliveryIds, perDelivery],
    );
  }

  /**
   * Puts a delivery of the endpoint back in the queue, due at once, with a fresh retry schedule. Its id and
   * body stay, so the receiver gets the same webhook-id and bytes. A delivery being sent is left alone.
   */
  async requeue(
    tx: EntityManager,
    endpointId: string,
    deliveryId: string,
    now: Date,
  ): Promise<DeliveryRow | 'sending' | undefined> {
    const [row] = await tx.query<(DeliveryRow & { wasSending: boolean })[]>(
      `WITH target AS (
         SELECT id, status = 'sending' AS was_sending FROM webhook_deliveries
          WHERE id = $1 AND endpoint_id = $2
          FOR UPDATE
       ), requeued AS (
         UPDATE webhook_deliveries d
            SET status = 'pending', attempt_count = 0, next_attempt_at = $3, lease_until = NULL, delivered_at = NULL
           FROM target
          WHERE d.id = target.id AND NOT target.was_sending
         RETURNING d.*
       )
       SELECT target.was_sending AS "wasSending", r.id, r.alert_id AS "alertId", r.event_type AS "eventType",
              r.status, r.attempt_count AS "attemptCount", r.next_attempt_at AS "nextAttemptAt",
              r.created_at AS "createdAt", r.delivered_at AS "deliveredAt",
              to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position
         FROM target LEFT JOIN requeued r ON r.id = target.id`,
      [deliveryId, endpointId, now],
    );
    if (!row) {
      return undefined;
    }
    if (row.wasSending) {
      return 'sending';
    }
    const { wasSending: _, ...delivery } = row;
    return delivery;
  }

  /** Wakes the delivery workers (delivered on commit). */
  async notifyDeliveries(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_notify('webhook_deliveries', '')`);
  }

  /**
   * Claims up to `limit` deliveries that are due, or whose worker's lease ran out, until `leaseUntil`.
   * SKIP LOCKED lets concurrent workers claim disjoint sets without waiting for each other; a row another
   * worker has just claimed is re-checked after its lock and no longer matches.
   */
  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    return this.dataSource.query<ClaimedDelivery[]>(
      `WITH claimed AS (
         UPDATE webhook_deliveries
            SET status = 'sending', lease_until = $2
          WHERE id IN (
                  SELECT id FROM webhook_deliveries
                   WHERE (status = 'pending' AND next_attempt_at <= $1)
                      OR (status = 'sending' AND lease_until < $1)
                   ORDER BY next_attempt_at
                   FOR UPDATE SKIP LOCKED
                   LIMIT $3)
         RETURNING id, endpoint_id, alert_id, event_type, attempt_count, body, lease_until, next_attempt_at
       )
       SELECT c.id, c.alert_id AS "alertId", c.event_type AS "eventType", c.attempt_count AS "attemptCount",
              c.body, c.lease_until AS "leaseUntil", e.url AS "endpointUrl",
              e.secret_sealed AS "endpointSecretSealed", e.deleted_at IS NOT NULL AS "isEndpointDeleted"
         FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id
        ORDER BY c.next_attempt_at`,
      [now, leaseUntil, limit],
    );
  }

  /**
   * Fixes the body at the first attempt and answers the body to send: the one stored before, if any, so every
   * attempt sends the same bytes. Undefined when the claim was lost.
   */
  async fixBody(id: string, leaseUntil: Date, body: string): Promise<string | undefined> {
    // For an UPDATE, TypeORM's query() answers [rows, rowCount].
    const [rows] = await this.dataSource.query<[{ body: string }[], number]>(
      `UPDATE webhook_deliveries SET body = coalesce(body, $3)
        WHERE id = $1 AND status = 'sending' AND lease_until = $2
       RETURNING body`,
      [id, leaseUntil, body],
    );
    return rows[0]?.body;
  }

  /** Records an attempt (always: it happened) and, while the claim still holds, the delivery's new state. */
  async recordAttempt(
    tx: EntityManager,
    delivery: Pick<ClaimedDelivery, 'id' | 'leaseUntil'>,
    outcome: AttemptOutcome,
  ): Promise<void> {
    const { attempt } = outcome;
    await tx.query(
      `INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, status_code, duration_ms, error, outcome)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        delivery.id,
        attempt.attemptedAt,
        attempt.statusCode,
        attempt.durationMs,
        attempt.error,
        attempt.outcome,
      ],
    );
    await tx.query(
      `UPDATE webhook_deliveries
          SET status = $3, attempt_count = attempt_count + 1, next_attempt_at = coalesce($4, next_attempt_at),
              delivered_at = $5, lease_until = NULL
        WHERE id = $1 AND status = 'sending' AND lease_until = $2`,
      [delivery.id, delivery.leaseUntil, outcome.status, outcome.nextAttemptAt, outcome.deliveredAt],
    );
  }
}
