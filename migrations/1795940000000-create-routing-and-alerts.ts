import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRoutingAndAlerts1795940000000 implements MigrationInterface {
  name = 'CreateRoutingAndAlerts1795940000000';

  async up(db: QueryRunner): Promise<void> {
    // Signals change: the current version lives in signals, every superseded one in signal_versions (written
    // only when a signal changes, so that submitting stays one insert); a withdrawn signal stays readable.
    await db.query(`
      ALTER TABLE signals
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN withdrawn_at timestamptz,
        ADD COLUMN withdrawal_reason text`);
    await db.query(`
      CREATE TABLE signal_versions (
        signal_id uuid NOT NULL REFERENCES signals (id) ON DELETE RESTRICT,
        version integer NOT NULL,
        content jsonb NOT NULL,
        superseded_by_change text NOT NULL,
        superseded_by_member_id uuid NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
        superseded_at timestamptz NOT NULL DEFAULT now(),
        reason text,
        PRIMARY KEY (signal_id, version),
        CONSTRAINT signal_versions_change_check CHECK (superseded_by_change IN ('amended', 'withdrawn'))
      )`);

    await db.query(`
      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
        name text NOT NULL,
        categories text[] NOT NULL DEFAULT '{}',
        min_severity text,
        elections text[] NOT NULL DEFAULT '{}',
        phases text[] NOT NULL DEFAULT '{}',
        municipalities text[] NOT NULL DEFAULT '{}',
        tlps text[] NOT NULL DEFAULT '{}',
        observable_types text[] NOT NULL DEFAULT '{}',
        is_paused boolean NOT NULL DEFAULT false,
        created_by_member_id uuid NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT subscriptions_min_severity_check CHECK (min_severity IN ('low', 'moderate', 'high', 'critical'))
      )`);
    await db.query(`CREATE INDEX subscriptions_organisation_id_idx ON subscriptions (organisation_id)`);

    // The position of each alert in its organisation's sequence. The row is locked from the alert's insert to
    // the commit, so an organisation's alerts commit in sequence order and a stream that resumes after
    // "seq > n" never skips one that committed late.
    await db.query(`
      CREATE TABLE alert_sequences (
        organisation_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE RESTRICT,
        last_seq bigint NOT NULL DEFAULT 0
      )`);
    await db.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
        seq bigint NOT NULL,
        kind text NOT NULL,
        signal_id uuid REFERENCES signals (id) ON DELETE RESTRICT,
        signal_version integer,
        severity text,
        election text,
        reasons jsonb NOT NULL DEFAULT '[]',
        details jsonb,
        parent_alert_id uuid REFERENCES alerts (id) ON DELETE RESTRICT,
        state text NOT NULL DEFAULT 'open',
        responded_by_member_id uuid REFERENCES members (id) ON DELETE RESTRICT,
        responded_at timestamptz,
        response_reason text,
        forwarded_to_organisation_id uuid REFERENCES organisations (id) ON DELETE RESTRICT,
        escalate_at timestamptz,
        escalated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alerts_organisation_id_seq_key UNIQUE (organisation_id, seq),
        CONSTRAINT alerts_kind_check CHECK (kind IN ('signal', 'update', 'escalation')),
        CONSTRAINT alerts_state_check CHECK (state IN ('open', 'acknowledged', 'not-competent', 'declined')),
        CONSTRAINT alerts_severity_check CHECK (severity IN ('low', 'moderate', 'high', 'critical')),
        CONSTRAINT alerts_response_check CHECK ((state = 'open') = (responded_at IS NULL))
      )`);
    // One first alert per (signal, organisation), however many subscriptions matched.
    await db.query(`
      CREATE UNIQUE INDEX alerts_signal_id_organisation_id_idx ON alerts (signal_id, organisation_id)
      WHERE kind = 'signal'`);
    await db.query(
      `CREATE INDEX alerts_organisation_id_signal_id_idx ON alerts (organisation_id, signal_id)`,
    );
    await db.query(`CREATE INDEX alerts_parent_alert_id_idx ON alerts (parent_alert_id)`);
    // The escalation worker's queue: open alerts with a deadline, not yet escalated.
    await db.query(`
      CREATE INDEX alerts_escalate_at_idx ON alerts (escalate_at)
      WHERE escalate_at IS NOT NULL AND escalated_at IS NULL AND state = 'open'`);

    await db.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
        url text NOT NULL,
        description text,
        secret_sealed text NOT NULL,
        created_by_member_id uuid NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await db.query(
      `CREATE INDEX webhook_endpoints_organisation_id_idx ON webhook_endpoints (organisation_id)`,
    );
    // The delivery queue: rows are claimed with FOR UPDATE SKIP LOCKED under a lease (lease_until).
    await db.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE RESTRICT,
        alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE RESTRICT,
        event_type text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempt_count integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'sending', 'delivered', 'dead'))
      )`);
    await db.query(`
      CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
      WHERE status IN ('pending', 'sending')`);
    await db.query(
      `CREATE INDEX webhook_deliveries_endpoint_id_idx ON webhook_deliveries (endpoint_id, created_at)`,
    );
    await db.query(`CREATE INDEX webhook_deliveries_alert_id_idx ON webhook_deliveries (alert_id)`);
    await db.query(`
      CREATE TABLE webhook_delivery_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE RESTRICT,
        attempted_at timestamptz NOT NULL,
        status_code integer,
        duration_ms integer NOT NULL,
        error text,
        outcome text NOT NULL,
        CONSTRAINT webhook_delivery_attempts_outcome_check CHECK (outcome IN ('delivered', 'failed'))
      )`);
    await db.query(
      `CREATE INDEX webhook_delivery_attempts_delivery_id_idx ON webhook_delivery_attempts (delivery_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_delivery_attempts`);
    await db.query(`DROP TABLE webhook_deliveries`);
    await db.query(`DROP TABLE webhook_endpoints`);
    await db.query(`DROP TABLE alerts`);
    await db.query(`DROP TABLE alert_sequences`);
    await db.query(`DROP TABLE subscriptions`);
    await db.query(`DROP TABLE signal_versions`);
    await db.query(`
      ALTER TABLE signals
        DROP COLUMN version, DROP COLUMN updated_at, DROP COLUMN withdrawn_at, DROP COLUMN withdrawal_reason`);
  }
}
