import { AuthService } from '../../../src/common/auth/auth.service.js';
import type { Member } from '../../../src/common/auth/member.js';
import { isVisibleTo, visibleTo } from '../../../src/modules/signals/signal-visibility.js';
import { TLPS, type Tlp } from '../../../src/modules/signals/signal.enums.js';
import { SignalsService } from '../../../src/modules/signals/signals.service.js';
import { build, insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

const ROLES = ['reporter', 'addressee', 'other'] as const;
type Role = (typeof ROLES)[number];
const MATRIX = TLPS.flatMap((tlp) => ROLES.map((role) => [tlp, role] as const));

/** The SQL form and the in-memory form of the rule must agree everywhere, and every read must apply it. */
describe('signal visibility', () => {
  let db: TestDb;
  let sut: SignalsService;
  let viewers: Record<Role, Member>;
  let reporterOrganisationId: string;
  let addresseeOrganisationId: string;
  let reporterCode: string;
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

  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(SignalsService);
    const [reporter, addressee, other] = [
      await insert.organisation(db),
      await insert.organisation(db),
      await insert.organisation(db),
    ];
    reporterOrganisationId = reporter.id;
    addresseeOrganisationId = addressee.id;
    reporterCode = reporter.code;
    addresseeCode = addressee.code;
    viewers = {
      reporter: await memberOf(reporter.code, ['liaison']),
      addressee: await memberOf(addressee.code, ['analyst']),
      other: await memberOf(other.code, ['analyst']),
    };
    for (const tlp of TLPS) {
      signalIds[tlp] = (
        await sut.submit(viewers.reporter, build.submitSignal({ tlp, addressees: [addressee.code] }))
      ).id;
    }
  });
  afterAll(() => db.destroy());

  function expected(tlp: Tlp, role: Role): boolean {
    return isVisibleTo(
      { tlp, reporterOrganisationId, addresseeOrganisationIds: [addresseeOrganisationId] },
      viewers[role].organisationId,
    );
  }

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
      reporter: reporterCode,
      tlp,
    });

    expect(page.items.some((item) => item.id === signalIds[tlp])).toBe(expected(tlp, role));
  });

  it.each(MATRIX)('relates as the rule says for %s and the %s', async (tlp, role) => {
    const shared = build.submitSignal().observables;
    const target = await sut.submit(
      viewers.reporter,
      build.submitSignal({ tlp, addressees: [addresseeCode], observables: shared }),
    );
    const probe = await sut.submit(
      viewers.reporter,
      build.submitSignal({ tlp: 'GREEN', observables: shared }),
    );

    const read = await sut.get(viewers[role], probe.id);

    expect(read.related.some((related) => related.id === target.id)).toBe(expected(tlp, role));
  });
});
