import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A queued transaction's alerts carry their recipient and kind beside their id, so that AlertSequencer numbers
 * them and queues their webhook deliveries without reading each alert back (one index lookup per alert, on
 * the busiest path of election night). alert_positions still needs no foreign key: the ids come from a row
 * written in the alerts' own transaction, and alerts are never deleted. Rows queued before this migration are
 * completed from the alerts.
 */
export class QueueAlertRecipients1795970001000 implements MigrationInterface {
  name = 'QueueAlertRecipients1795970001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE alerts_to_sequence ADD COLUMN organisation_ids uuid[], ADD COLUMN kinds text[]`,
    );
    await db.query(`
      UPDATE alerts_to_sequence queue
         SET organisation_ids = written.organisation_ids, kinds = written.kinds
        FROM (SELECT queued.id,
                     array_agg(a.organisation_id ORDER BY given.position) AS organisation_ids,
                     array_agg(a.kind ORDER BY given.position) AS kinds
                FROM alerts_to_sequence queued
               CROSS JOIN LATERAL unnest(queued.alert_ids) WITH ORDINALITY AS given (alert_id, position)
                JOIN alerts a ON a.id = given.alert_id
               GROUP BY queued.id) written
       WHERE written.id = queue.id`);
    await db.query(`
      ALTER TABLE alerts_to_sequence
        ALTER COLUMN organisation_ids SET NOT NULL,
        ALTER COLUMN kinds SET NOT NULL,
        ADD CONSTRAINT alerts_to_sequence_arrays_match
          CHECK (cardinality(organisation_ids) = cardinality(alert_ids) AND cardinality(kinds) = cardinality(alert_ids))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE alerts_to_sequence
        DROP CONSTRAINT alerts_to_sequence_arrays_match,
        DROP COLUMN organisation_ids,
        DROP COLUMN kinds`);
  }
}
