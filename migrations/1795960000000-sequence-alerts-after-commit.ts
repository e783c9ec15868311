import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts take their place in their recipient's sequence after they commit, from one sequencer at a time
 * (AlertSequencer), instead of inside the transaction that writes them. Numbering inside that transaction
 * meant locking each recipient's `alert_sequences` row until the commit, which made every signal sharing a
 * recipient wait for the one before it. Committed rows numbered by a single writer are numbered in the order
 * they become visible, which is what lets a stream resume after "seq > n" without a gap.
 */
export class SequenceAlertsAfterCommit1795960000000 implements MigrationInterface {
  name = 'SequenceAlertsAfterCommit1795960000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE alerts ALTER COLUMN seq DROP NOT NULL`);
    // The order alerts were written in, so the sequencer numbers one transaction's alerts in its own order.
    await db.query(`ALTER TABLE alerts ADD COLUMN write_order bigserial NOT NULL`);
    // The sequencer's queue: the alerts still waiting for their position.
    await db.query(`CREATE INDEX alerts_write_order_idx ON alerts (write_order) WHERE seq IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Fails while alerts wait for their position: start the service once to let the sequencer number them.
    await db.query(`DROP INDEX alerts_write_order_idx`);
    await db.query(`ALTER TABLE alerts DROP COLUMN write_order`);
    await db.query(`ALTER TABLE alerts ALTER COLUMN seq SET NOT NULL`);
  }
}
