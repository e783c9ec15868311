import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts take their place in their recipient's sequence after they commit, from one sequencer at a time
 * (AlertSequencer), instead of inside the transaction that writes them. Numbering inside that transaction
 * meant locking each recipient's `alert_sequences` row until the commit, which made every signal sharing a
 * recipient wait for the one before it. Committed alerts numbered by one writer at a time are numbered in the
 * order they become visible, which is what lets a stream resume after "seq > n" without a gap.
 *
 * The positions live in a narrow table of their own, written once, so that numbering never rewrites an
 * alert row (and its five indexes). A transaction that writes alerts queues their ids in one row of
 * `alerts_to_sequence`; the sequencer takes the rows in order, numbers the alerts and deletes the rows.
 */
export class SequenceAlertsAfterCommit1795960000000 implements MigrationInterface {
  name = 'SequenceAlertsAfterCommit1795960000000';

  async up(db: QueryRunner): Promise<void> {
    // organisation_id repeats the alert's (the sequencer copies it): the key the streams read by. No foreign
    // key: the sequencer, the only writer, takes each alert from the row it joins in the same statement, and
    // a key check per position would cost a lookup (a scan, in a session that first checked while the
    // table was small, until the table is analysed) and a lock on the alert, for nothing.
    await db.query(`
      CREATE TABLE alert_positions (
        organisation_id uuid NOT NULL,
        seq bigint NOT NULL,
        alert_id uuid NOT NULL,
        CONSTRAINT alert_positions_pkey PRIMARY KEY (organisation_id, seq),
        CONSTRAINT alert_positions_alert_id_key UNIQUE (alert_id)
      )`);
    await db.query(
      `INSERT INTO alert_positions (organisation_id, seq, alert_id) SELECT organisation_id, seq, id FROM alerts`,
    );
    await db.query(`ALTER TABLE alerts DROP COLUMN seq`);
    await db.query(`
      CREATE TABLE alerts_to_sequence (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alert_ids uuid[] NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Fails while alerts wait for their position: start the service once to let the sequencer number them.
    await db.query(`ALTER TABLE alerts ADD COLUMN seq bigint`);
    await db.query(`UPDATE alerts SET seq = p.seq FROM alert_positions p WHERE p.alert_id = alerts.id`);
    await db.query(`
      ALTER TABLE alerts
        ALTER COLUMN seq SET NOT NULL,
        ADD CONSTRAINT alerts_organisation_id_seq_key UNIQUE (organisation_id, seq)`);
    await db.query(`DROP TABLE alerts_to_sequence`);
    await db.query(`DROP TABLE alert_positions`);
  }
}
