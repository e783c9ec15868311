import { randomUUID } from 'node:crypto';
import { RoutingService, type RoutingFacts } from '../../../src/modules/routing/routing.service.js';
import { insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

/** Subscription columns as the migration names them; lists default to empty (match everything). */
interface SubscriptionRow {
  name?: string;
  categories?: string[];
  min_severity?: string | null;
  elections?: string[];
  phases?: string[];
  municipalities?: string[];
  tlps?: string[];
  observable_types?: string[];
  is_paused?: boolean;
}

describe(RoutingService.name, () => {
  let db: TestDb;
  let sut: RoutingService;
  let reporter: { id: string; code: string };
  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(RoutingService);
    reporter = await insert.organisation(db);
  });
  afterAll(() => db.destroy());

  /** A fresh organisation with one subscription; answers the organisation and the subscription's id. */
  async function subscribed(
    row: SubscriptionRow = {},
  ): Promise<{ organisationId: string; subscriptionId: string }> {
    const organisation = await insert.organisation(db);
    return { organisationId: organisation.id, subscriptionId: await subscribe(organisation.code, row) };
  }

  async function subscribe(organisation: string, row: SubscriptionRow = {}): Promise<string> {
    const analyst = await insert.member(db, { organisation, roles: ['analyst'] });
    const [created] = await db.sql<{ id: string }>(
      `INSERT INTO subscriptions (organisation_id, name, categories, min_severity, elections, phases, municipalities,
                                  tlps, observable_types, is_paused, created_by_member_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        analyst.organisationId,
        row.name ?? `subscription ${randomUUID()}`,
        row.categories ?? [],
        row.min_severity ?? null,
        row.elections ?? [],
        row.phases ?? [],
        row.municipalities ?? [],
        row.tlps ?? [],
        row.observable_types ?? [],
        row.is_paused ?? false,
        analyst.id,
      ],
    );
    return created!.id;
  }

  function facts(overrides: Partial<RoutingFacts> = {}): RoutingFacts {
    return {
      reporterOrganisationId: reporter.id,
      tlp: 'GREEN',
      category: 'disinformation',
      severity: 'moderate',
      election: 'GR2018',
      phase: 'campaign',
      municipalities: ['GM0363'],
      observableTypes: ['url', 'hashtag'],
      addresseeOrganisationIds: [],
      ...overrides,
    };
  }

  function resolve(overrides: Partial<RoutingFacts> = {}) {
    return db.dataSource.transaction((tx) => sut.resolveRecipients(tx, facts(overrides)));
  }

  async function isRouted(organisationId: string, overrides: Partial<RoutingFacts> = {}): Promise<boolean> {
    return (await resolve(overrides)).some((recipient) => recipient.organisationId === organisationId);
  }

  describe('resolveRecipients', () => {
    it.each<[string, SubscriptionRow, Partial<RoutingFacts>, boolean]>([
      [
        'categories',
        { categories: ['disinformation', 'hack-and-leak'] },
        { category: 'hack-and-leak' },
        true,
      ],
      [
        'categories',
        { categories: ['disinformation', 'hack-and-leak'] },
        { category: 'cyber-attack' },
        false,
      ],
      ['minSeverity', { min_severity: 'high' }, { severity: 'high' }, true],
      ['minSeverity', { min_severity: 'high' }, { severity: 'critical' }, true],
      ['minSeverity', { min_severity: 'high' }, { severity: 'moderate' }, false],
      ['elections', { elections: ['REF2018'] }, { election: 'REF2018' }, true],
      ['elections', { elections: ['REF2018'] }, { election: 'GR2018' }, false],
      ['phases', { phases: ['election-day', 'count'] }, { phase: 'count' }, true],
      ['phases', { phases: ['election-day', 'count'] }, { phase: 'campaign' }, false],
      ['phases', { phases: ['election-day', 'count'] }, { phase: null }, false],
      [
        'municipalities',
        { municipalities: ['GM0599', 'GM0518'] },
        { municipalities: ['GM0363', 'GM0599'] },
        true,
      ],
      ['municipalities', { municipalities: ['GM0599', 'GM0518'] }, { municipalities: ['GM0363'] }, false],
      ['municipalities', { municipalities: ['GM0599'] }, { municipalities: [] }, false],
      ['tlps', { tlps: ['AMBER', 'AMBER+STRICT'] }, { tlp: 'AMBER+STRICT' }, true],
      ['tlps', { tlps: ['AMBER', 'AMBER+STRICT'] }, { tlp: 'GREEN' }, false],
      [
        'observableTypes',
        { observable_types: ['ip', 'domain'] },
        { observableTypes: ['url', 'domain'] },
        true,
      ],
      ['observableTypes', { observable_types: ['ip', 'domain'] }, { observableTypes: ['url'] }, false],
      ['observableTypes', { observable_types: ['ip'] }, { observableTypes: [] }, false],
      ['no matcher at all', {}, { phase: null, municipalities: [], observableTypes: [] }, true],
    ])('matches by %s %j with %j: %s', async (_matcher, row, overrides, expected) => {
      const { organisationId } = await subscribed(row);

      expect(await isRouted(organisationId, overrides)).toBe(expected);
    });

    it('requires every matcher to hold', async () => {
      const { organisationId } = await subscribed({
        categories: ['disinformation'],
        min_severity: 'critical',
      });

      expect(await isRouted(organisationId, { severity: 'high' })).toBe(false);
    });

    it('skips a paused subscription', async () => {
      const { organisationId } = await subscribed({ is_paused: true });

      expect(await isRouted(organisationId)).toBe(false);
    });

    it('routes a RED signal to its addressees only, whatever subscribes to it', async () => {
      const { organisationId: subscriber } = await subscribed({ tlps: ['RED'] });
      const addressee = await insert.organisation(db);

      const recipients = await resolve({ tlp: 'RED', addresseeOrganisationIds: [addressee.id] });

      expect(recipients).toEqual([{ organisationId: addressee.id, reasons: [{ type: 'addressed' }] }]);
      expect(recipients.map((recipient) => recipient.organisationId)).not.toContain(subscriber);
    });

    it('answers one recipient per organisation with all its reasons: addressed first, then by name', async () => {
      const organisation = await insert.organisation(db);
      const later = await subscribe(organisation.code, { name: 'b: every municipality' });
      const earlier = await subscribe(organisation.code, {
        name: 'a: disinformation',
        categories: ['disinformation'],
      });
      await subscribe(organisation.code, { name: 'c: paused', is_paused: true });

      const recipients = await resolve({ addresseeOrganisationIds: [organisation.id, organisation.id] });

      expect(recipients.filter((recipient) => recipient.organisationId === organisation.id)).toEqual([
        {
          organisationId: organisation.id,
          reasons: [
            { type: 'addressed' },
            { type: 'subscription', subscriptionId: earlier, name: 'a: disinformation' },
            { type: 'subscription', subscriptionId: later, name: 'b: every municipality' },
          ],
        },
      ]);
    });

    it('never routes a signal to its reporter, even when it subscribes or addresses itself', async () => {
      const own = await insert.organisation(db);
      await subscribe(own.code);

      const recipients = await resolve({
        reporterOrganisationId: own.id,
        addresseeOrganisationIds: [own.id],
      });

      expect(recipients.map((recipient) => recipient.organisationId)).not.toContain(own.id);
    });
  });
});
