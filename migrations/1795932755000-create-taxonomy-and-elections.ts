import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTaxonomyAndElections1795932755000 implements MigrationInterface {
  name = 'CreateTaxonomyAndElections1795932755000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['signal_categories', 'action_types']) {
      await db.query(`
        CREATE TABLE ${table} (
          code text PRIMARY KEY,
          name_en text NOT NULL,
          name_nl text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          CONSTRAINT ${table}_code_check CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,47}$')
        )`);
    }
    await db.query(`
      CREATE TABLE elections (
        code text PRIMARY KEY,
        name_en text NOT NULL,
        name_nl text NOT NULL,
        election_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT elections_code_check CHECK (code ~ '^[A-Z0-9-]{2,32}$')
      )`);
    await db.query(`
      CREATE TABLE election_phases (
        election_code text NOT NULL REFERENCES elections (code) ON DELETE RESTRICT,
        phase text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        PRIMARY KEY (election_code, phase),
        CONSTRAINT election_phases_phase_check CHECK (phase IN ('campaign', 'election-day', 'count', 'result')),
        CONSTRAINT election_phases_period_check CHECK (ends_at > starts_at)
      )`);
    await db.query(`
      CREATE TABLE municipalities (
        code text PRIMARY KEY,
        name text NOT NULL,
        province text NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT municipalities_organisation_id_key UNIQUE (organisation_id),
        CONSTRAINT municipalities_code_check CHECK (code ~ '^GM[0-9]{4}$')
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE municipalities`);
    await db.query(`DROP TABLE election_phases`);
    await db.query(`DROP TABLE elections`);
    await db.query(`DROP TABLE action_types`);
    await db.query(`DROP TABLE signal_categories`);
  }
}
