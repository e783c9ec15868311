import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Alerts about follow-up actions: assigned to an organisation, and overdue. They name no signal. */
export class AddCaseAlertKinds1795950001000 implements MigrationInterface {
  name = 'AddCaseAlertKinds1795950001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE alerts
        DROP CONSTRAINT alerts_kind_check,
        ADD CONSTRAINT alerts_kind_check
          CHECK (kind IN ('signal', 'update', 'escalation', 'action-assigned', 'overdue'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Fails while alerts of the new kinds exist: they cannot be described by the older schema.
    await db.query(`
      ALTER TABLE alerts
        DROP CONSTRAINT alerts_kind_check,
        ADD CONSTRAINT alerts_kind_check CHECK (kind IN ('signal', 'update', 'escalation'))`);
  }
}
