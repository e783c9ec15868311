import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSignals1795932756000 implements MigrationInterface {
  name = 'CreateSignals1795932756000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE signals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
        submitted_by_member_id uuid NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
        title text NOT NULL,
        description text NOT NULL,
        category text NOT NULL REFERENCES signal_categories (code) ON DELETE RESTRICT,
        severity text NOT NULL,
        tlp text NOT NULL,
        classification text NOT NULL,
        election text NOT NULL REFERENCES elections (code) ON DELETE RESTRICT,
        phase text,
        municipalities text[] NOT NULL DEFAULT '{}',
        observed_at timestamptz NOT NULL,
        source text NOT NULL,
        confidence smallint NOT NULL,
        attribution jsonb,
        external_ref text,
        idempotency_key text,
        request_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT signals_seq_key UNIQUE (seq),
        CONSTRAINT signals_title_check CHECK (char_length(title) BETWEEN 1 AND 200),
        CONSTRAINT signals_description_check CHECK (char_length(description) <= 20000),
        CONSTRAINT signals_severity_check CHECK (severity IN ('low', 'moderate', 'high', 'critical')),
        CONSTRAINT signals_tlp_check CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
        -- State secrets never enter, whatever the application does: only the CIVD may receive them.
        CONSTRAINT signals_classification_check CHECK (classification IN ('unclassified', 'departmental-confidential')),
        CONSTRAINT signals_phase_check CHECK (phase IN ('campaign', 'election-day', 'count', 'result')),
        CONSTRAINT signals_source_check
          CHECK (source IN ('open-source', 'platform-report', 'citizen-report', 'partner-report', 'intelligence')),
        CONSTRAINT signals_confidence_check CHECK (confidence BETWEEN 0 AND 100),
        CONSTRAINT signals_idempotency_check CHECK ((idempotency_key IS NULL) = (request_hash IS NULL))
      )`);
    await db.query(`
      CREATE UNIQUE INDEX signals_idempotency_key_idx ON signals (organisation_id, idempotency_key)
      WHERE idempotency_key IS NOT NULL`);
    await db.query(`CREATE INDEX signals_organisation_id_seq_idx ON signals (organisation_id, seq)`);
    await db.query(`CREATE INDEX signals_election_seq_idx ON signals (election, seq)`);
    await db.query(`CREATE INDEX signals_municipalities_idx ON signals USING gin (municipalities)`);
    await db.query(`
      CREATE TABLE signal_observables (
        signal_id uuid NOT NULL REFERENCES signals (id) ON DELETE RESTRICT,
        type text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (signal_id, type, value),
        CONSTRAINT signal_observables_type_check
          CHECK (type IN ('url', 'domain', 'account', 'hashtag', 'ip', 'email', 'sha256', 'phone'))
      )`);
    // Finds related signals and filters by observable without a scan.
    await db.query(`CREATE INDEX signal_observables_value_type_idx ON signal_observables (value, type)`);
    await db.query(`
      CREATE TABLE signal_addressees (
        signal_id uuid NOT NULL REFERENCES signals (id) ON DELETE RESTRICT,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
        PRIMARY KEY (signal_id, organisation_id)
      )`);
    await db.query(
      `CREATE INDEX signal_addressees_organisation_id_idx ON signal_addressees (organisation_id, signal_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE signal_addressees`);
    await db.query(`DROP TABLE signal_observables`);
    await db.query(`DROP TABLE signals`);
  }
}
