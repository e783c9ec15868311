import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrganisationsAndMembers1795932754000 implements MigrationInterface {
  name = 'CreateOrganisationsAndMembers1795932754000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        name_nl text NOT NULL,
        kind text NOT NULL,
        parent_id uuid REFERENCES organisations (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisations_code_key UNIQUE (code),
        CONSTRAINT organisations_code_check CHECK (code ~ '^[A-Za-z0-9-]{2,16}$'),
        CONSTRAINT organisations_kind_check
          CHECK (kind IN ('ministry', 'agency', 'electoral-body', 'municipality', 'regulator', 'association'))
      )`);
    await db.query(`CREATE INDEX organisations_parent_id_idx ON organisations (parent_id)`);
    await db.query(`
      CREATE TABLE members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
        name text NOT NULL,
        email text NOT NULL,
        roles text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT members_email_key UNIQUE (email),
        CONSTRAINT members_roles_check
          CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['liaison', 'analyst', 'coordinator', 'admin']::text[])
      )`);
    await db.query(`CREATE INDEX members_organisation_id_idx ON members (organisation_id)`);
    // Only a SHA-256 of each token is stored: tokens carry 256 random bits, so a slow hash adds nothing.
    await db.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
        name text NOT NULL,
        token_hash text NOT NULL,
        token_prefix text NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
      )`);
    await db.query(`CREATE INDEX api_tokens_member_id_idx ON api_tokens (member_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE api_tokens`);
    await db.query(`DROP TABLE members`);
    await db.query(`DROP TABLE organisations`);
  }
}
