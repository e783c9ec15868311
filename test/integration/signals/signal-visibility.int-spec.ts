import { AuthService } from '../../../src/common/auth/auth.service.js';
import type { Member } from '../../../src/common/auth/member.js';
import type { AlertKind } from '../../../src/modules/alerts/alert.entity.js';
import { AlertWriter } from '../../../src/modules/alerts/alert-writer.js';
import type { SubmitSignalDto } from '../../../src/modules/signals/dto/submit-signal.dto.js';
import { isVisibleTo, visibleTo } from '../../../src/modules/signals/signal-visibility.js';
import { TLPS, type Tlp } from '../../../src/modules/signals/signal.enums.js';
import { SignalsService } from '../../../src/modules/signals/signals.service.js';
import { build, insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

const ROLES = ['reporter', 'addressee', 'alerted', 'updated', 'escalated', 'other'] as const;
type Role = (typeof ROLES)[number];
const MATRIX = TLPS.flatMap((tlp) => ROLES.map((role) => [tlp, role] as const));

/** The alert each role holds for every signal of this file (the reporter and addressee hold none). */
const ALERT_OF: Partial<Record<Role, AlertKind>> = {
  alerted: 'signal',
  updated: 'update',
  escalated: 'escalation',
};

/** The SQL form and the in-memory form of the rule must agree everywhere, and every read must apply it. */
describe('signal visibility', () => {
  let db: TestDb;
  let sut: SignalsService;
  let viewers: Record<Role, Member>;
  let addresseeCode: string;
  const signalIds = {} as Record<Tlp, string>;

  async function memberOf(organisation: string, roles: ('liaison' | 'analyst')[]): Promise<Member> {
    const created = await insert.member(db, { organisation, roles });
    const member = await db.get(AuthService).authenticate(created.token);
    if (!member) {
      throw new Error('the test member could not authenticate');
    }
    return member;
  }

  /**
   * Submits a signal addressed to the addressee, then gives the other roles their alerts directly: whatever
   * routing would decide, the rule alone must say who sees it (RED included).
   */
  async function submitted(overrides: Partial<SubmitSignalDto>): Promise<string> {
    const signal = await sut.submit(
      viewers.reporter,
      build.submitSignal({ addressees: [addresseeCode], ...overrides }),
    );
    await db.dataSource.transaction((tx) =>
      db.get(AlertWriter).create(
        tx,
        Object.entries(ALERT_OF).map(([role, kind]) => ({
          organisationId: viewers[role as Role].organisationId,
          kind,
          signalId: signal.id,
          signalVersion: 1,
          severity: signal.severity,
          election: signal.election,
          reasons: [],
          details: null,
          parentAlertId: null,
          escalateAt: null,
        })),
      ),
    );
    return signal.id;
  }

  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(SignalsService);
    const organisations = await Promise.all(ROLES.map(() => insert.organisation(db)));
    viewers = Object.fromEntries(
      await Promise.all(
        ROLES.map(async (role, i) => [role, await memberOf(organisations[i]!.code, ['liaison', 'analyst'])]),
      ),
    ) as Record<Role, Member>;
    addresseeCode = viewers.addressee.organisationCode;
    for (const tlp of TLPS) {
      signalIds[tlp] = await submitted({ tlp });
    }
  });
  afterAll(() => db.destroy());

  function expected(tlp: Tlp, role: Role): boolean {
    return isVisibleTo(
      {
        tlp,
        reporterOrganisationId: viewers.reporter.organisationId,
        addresseeOrganisationIds: [viewers.addressee.organisationId],
        alerts: Object.entries(ALERT_OF).map(([holder, kind]) => ({
          organisationId: viewers[holder as Role].organisationId,
          kind,
        })),
      },
      viewers[role].organisationId,
    );
  }

  it('lets an alert grant sight of AMBER signals only, and never an escalation', () => {
    const visible = (role: Role) => TLPS.filter((tlp) => expected(tlp, role));

    expect(ROLES.map((role) => [role, visible(role)])).toEqual([
      ['reporter', [...TLPS]],
      ['addressee', [...TLPS]],
      ['alerted', ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT']],
      ['updated', ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT']],
      ['escalated', ['CLEAR', 'GREEN']],
      ['other', ['CLEAR', 'GREEN']],
    ]);
  });

  it.each(MATRIX)('agrees in SQL and in memory for %s and the %s', async (tlp, role) => {
    const [row] = await db.sql<{ visible: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM signals s WHERE s.id = $2 AND ${visibleTo('s', '$1')}) AS visible`,
      [viewers[role].organisationId, signalIds[tlp]],
    );

    expect(row?.visible).toBe(expected(tlp, role));
  });

  it.each(MATRIX)('reads by id as the rule says for %s and the %s', async (tlp, role) => {
    const read = await sut.get(viewers[role], signalIds[tlp]).then(
      () => true,
      (error: { code?: string }) => (error.code === 'signal.not_found' ? false : error),
    );

    expect(read).toBe(expected(tlp, role));
  });

  it.each(MATRIX)('lists as the rule says for %s and the %s', async (tlp, role) => {
    const page = await sut.list(viewers[role], {
      limit: 100,
      reporter: viewers.reporter.organisationCode,
      tlp,
    });

    expect(page.items.some((item) => item.id === signalIds[tlp])).toBe(expected(tlp, role));
  });

  it.each(MATRIX)('reads versions as the rule says for %s and the %s', async (tlp, role) => {
    const read = await sut.versions(viewers[role], signalIds[tlp]).then(
      () => true,
      (error: { code?: string }) => (error.code === 'signal.not_found' ? false : error),
    );

    expect(read).toBe(expected(tlp, role));
  });

  it.each(MATRIX)('relates as the rule says for %s and the %s', async (tlp, role) => {
    const shared = build.submitSignal().observables;
    const target = await submitted({ tlp, observables: shared });
    const probe = await sut.submit(
      viewers.reporter,
      build.submitSignal({ tlp: 'GREEN', observables: shared }),
    );

    const read = await sut.get(viewers[role], probe.id);

    expect(read.related.some((related) => related.id === target)).toBe(expected(tlp, role));
  });
});
