import pg from 'pg';
import { SEQUENCER_LOCK_KEY } from '../../../src/modules/alerts/alert-sequencer.js';
import type { NewAlert } from '../../../src/modules/alerts/alert-writer.js';
import type { TestDb } from '../../setup/test-db.js';
import { newAlert } from '../webhooks/fixtures.js';

/** An escalation alert for the organisation, with `details.note` to tell alerts apart. */
export function alertFor(
  organisationId: string,
  overrides: Partial<NewAlert> & { note?: string } = {},
): NewAlert {
  const { note = 'test', ...rest } = overrides;
  return newAlert(organisationId, { kind: 'escalation', reasons: [], details: { note }, ...rest });
}

/** A connection that LISTENs on a channel and collects what arrives. */
export async function listen(
  db: TestDb,
  channel: string,
): Promise<{ received: string[]; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const received: string[] = [];
  client.on('notification', (message) => received.push(message.payload ?? ''));
  await client.query(`LISTEN ${channel}`);
  return { received, close: () => client.end() };
}

/** Long enough for a notification to arrive on this machine. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/**
 * Keeps every sequencer out, as another instance's sequencer at work would, until the answered function
 * is called: what is written meanwhile stays unplaced.
 */
export async function sequencersKeptOut(db: TestDb): Promise<() => Promise<void>> {
  const otherInstance = new pg.Client({ connectionString: db.url });
  await otherInstance.connect();
  await otherInstance.query(`SELECT pg_advisory_lock($1)`, [SEQUENCER_LOCK_KEY]);
  return () => otherInstance.end();
}
