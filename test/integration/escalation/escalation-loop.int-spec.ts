import { EscalationWorker } from '../../../src/modules/alerts/escalation.worker.js';
import { insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';
import { newAlert, writeAlerts } from '../webhooks/fixtures.js';

describe(`${EscalationWorker.name} in a running application`, () => {
  let db: TestDb;
  let isDestroyed = false;

  beforeAll(async () => {
    db = await TestDb.create({ WORKERS_ENABLED: 'true', WORKER_POLL_INTERVAL_MS: '100' });
  });
  afterAll(async () => {
    if (!isDestroyed) {
      await db.destroy();
    }
  });

  it('escalates an alert whose deadline passed while no worker ran, and stops with the application', async () => {
    const organisation = await insert.organisation(db);
    // A deadline already past: as after a restart, the row alone drives the escalation.
    const [alertId] = await writeAlerts(db, [
      newAlert(organisation.id, { escalateAt: new Date(Date.now() - 60_000) }),
    ]);

    let escalations: unknown[] = [];
    for (let waited = 0; escalations.length < 2 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      escalations = await db.sql(`SELECT id FROM alerts WHERE parent_alert_id = $1 AND kind = 'escalation'`, [
        alertId,
      ]);
    }
    const worker = db.get(EscalationWorker);
    const wasRunning = worker.isRunning;
    const closing = Date.now();
    await db.destroy();
    isDestroyed = true;

    expect(escalations).toHaveLength(2);
    expect(Date.now() - closing).toBeLessThan(10_000);
    expect([wasRunning, worker.isRunning]).toEqual([true, false]);
  });
});
