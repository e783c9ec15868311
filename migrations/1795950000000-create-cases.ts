import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCases1795950000000 implements MigrationInterface {
  name = 'CreateCases1795950000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        title text NOT NULL,
        summary text NOT NULL,
        election text NOT NULL REFERENCES elections (code) ON DELETE RESTRICT,
        priority text NOT NULL,
        lead_organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
        status text NOT NULL DEFAULT 'open',
        version integer NOT NULL DEFAULT 1,
        created_by_member_id uuid NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        last_event_position integer NOT NULL DEFAULT 0,
        last_event_hash text,
        CONSTRAINT cases_seq_key UNIQUE (seq),
        CONSTRAINT cases_title_check CHECK (char_length(title) BETWEEN 1 AND 200),
        CONSTRAINT cases_summary_check CHECK (char_length(summary) <= 20000),
        CONSTRAINT cases_priority_check CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        CONSTRAINT cases_status_check CHECK (status IN ('open', 'investigating', 'mitigating', 'closed')),
        CONSTRAINT cases_closed_check CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
        CONSTRAINT cases_version_check CHECK (version >= 1)
      )`);
    await db.query(`CREATE INDEX cases_lead_organisation_id_idx ON cases (lead_organisation_id)`);
    await db.query(`CREATE INDEX cases_election_status_idx ON cases (election, status)`);

    await db.query(`
      CREATE TABLE case_signals (
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
        signal_id uuid NOT NULL REFERENCES signals (id) ON DELETE RESTRICT,
        linked_by_member_id uuid NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, signal_id)
      )`);
    // recordForSignal: every case that links a signal.
    await db.query(`CREATE INDEX case_signals_signal_id_idx ON case_signals (signal_id)`);

    // Four eyes, enforced by the database too: the decider is never the requester.
    await db.query(`
      CREATE TABLE case_closure_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
        summary text NOT NULL,
        requested_by_member_id uuid NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
        requested_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'pending',
        decided_by_member_id uuid REFERENCES members (id) ON DELETE RESTRICT,
        decided_at timestamptz,
        decision_reason text,
        CONSTRAINT case_closure_requests_state_check CHECK (state IN ('pending', 'approved', 'rejected')),
        CONSTRAINT case_closure_requests_decision_check
          CHECK ((state = 'pending') = (decided_at IS NULL) AND (state = 'pending') = (decided_by_member_id IS NULL)),
        CONSTRAINT case_closure_requests_four_eyes_check CHECK (decided_by_member_id <> requested_by_member_id),
        CONSTRAINT case_closure_requests_summary_check CHECK (char_length(summary) BETWEEN 1 AND 10000),
        CONSTRAINT case_closure_requests_reason_check CHECK (char_length(decision_reason) <= 10000)
      )`);
    await db.query(`
      CREATE UNIQUE INDEX case_closure_requests_pending_idx ON case_closure_requests (case_id)
      WHERE state = 'pending'`);
    await db.query(
      `CREATE INDEX case_closure_requests_case_id_idx ON case_closure_requests (case_id, requested_at)`,
    );

    await db.query(`
      CREATE TABLE case_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
        type text NOT NULL REFERENCES action_types (code) ON DELETE RESTRICT,
        title text NOT NULL,
        description text,
        assignee_organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
        due_at timestamptz NOT NULL,
        counterpart_ref text,
        status text NOT NULL DEFAULT 'open',
        outcome text,
        created_by_member_id uuid NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        finished_at timestamptz,
        finished_by_member_id uuid REFERENCES members (id) ON DELETE RESTRICT,
        overdue_alerted_at timestamptz,
        CONSTRAINT case_actions_title_check CHECK (char_length(title) BETWEEN 1 AND 200),
        CONSTRAINT case_actions_description_check CHECK (char_length(description) <= 20000),
        CONSTRAINT case_actions_counterpart_ref_check CHECK (char_length(counterpart_ref) BETWEEN 1 AND 200),
        CONSTRAINT case_actions_status_check CHECK (status IN ('open', 'in-progress', 'done', 'cancelled')),
        CONSTRAINT case_actions_outcome_check CHECK ((status IN ('done', 'cancelled')) = (outcome IS NOT NULL)),
        CONSTRAINT case_actions_finished_check
          CHECK ((status IN ('done', 'cancelled')) = (finished_at IS NOT NULL))
      )`);
    // Who may see a case (an organisation holding an action in it) and the actions of a case.
    await db.query(
      `CREATE INDEX case_actions_case_id_idx ON case_actions (case_id, assignee_organisation_id)`,
    );
    // An organisation's work list, soonest due first.
    await db.query(
      `CREATE INDEX case_actions_assignee_idx ON case_actions (assignee_organisation_id, due_at, id)`,
    );
    // The overdue worker's queue: unfinished actions not yet reported overdue.
    await db.query(`
      CREATE INDEX case_actions_overdue_idx ON case_actions (due_at)
      WHERE status IN ('open', 'in-progress') AND overdue_alerted_at IS NULL`);

    await db.query(`
      CREATE TABLE case_events (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
        position integer NOT NULL,
        kind text NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor_member_id uuid REFERENCES members (id) ON DELETE RESTRICT,
        actor_organisation_id uuid REFERENCES organisations (id) ON DELETE RESTRICT,
        signal_id uuid REFERENCES signals (id) ON DELETE RESTRICT,
        action_id uuid REFERENCES case_actions (id) ON DELETE RESTRICT,
        details jsonb NOT NULL,
        previous_hash text,
        hash text NOT NULL,
        CONSTRAINT case_events_case_id_position_key UNIQUE (case_id, position),
        CONSTRAINT case_events_kind_check CHECK (kind IN (
          'case.created', 'case.updated', 'case.status_changed', 'case.closure_requested',
          'case.closure_approved', 'case.closure_rejected', 'case.reopened', 'case.signal_linked',
          'case.signal_unlinked', 'case.note_added', 'case.action_added', 'case.action_status_changed',
          'case.action_overdue', 'signal.amended', 'signal.withdrawn', 'alert.acknowledged', 'alert.forwarded',
          'alert.declined', 'alert.escalated')),
        CONSTRAINT case_events_position_check CHECK (position >= 1),
        CONSTRAINT case_events_chain_check CHECK ((position = 1) = (previous_hash IS NULL))
      )`);
    // The timeline is evidence: the database itself refuses to change or remove it, whatever the
    // application does. Only someone who may disable triggers (the table owner) can get round this,
    // and the hash chain then shows where.
    await db.query(`
      CREATE FUNCTION case_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_refuse_change()`);
    await db.query(`
      CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
      FOR EACH STATEMENT EXECUTE FUNCTION case_events_refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE case_events`);
    await db.query(`DROP FUNCTION case_events_refuse_change()`);
    await db.query(`DROP TABLE case_actions`);
    await db.query(`DROP TABLE case_closure_requests`);
    await db.query(`DROP TABLE case_signals`);
    await db.query(`DROP TABLE cases`);
  }
}
