import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { displayPrefix, generateToken, hashToken } from '../src/common/auth/tokens.js';
import { REFERENCE_CATEGORIES } from '../src/modules/taxonomy/reference-data.js';

export interface Population {
  liaison: { token: string; organisationId: string; memberId: string };
  coordinator: { token: string };
  /** One analyst token per organisation, for stream clients and webhook registration. */
  analysts: { organisationId: string; code: string; token: string }[];
  subscriberCount: number;
  organisationCount: number;
}

const SUBSCRIBERS = 50;
const CATEGORY_SHARE = 0.4; // 50 subscribers × 40 % of the categories ≈ 20 recipients per signal

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same population. */
export function rng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * About 400 organisations (the reference ones, the 20 principal electoral committees and the 380
 * municipalities of 2018), 50 of them subscribed to a share of the categories, so that a typical signal reaches
 * about 20 organisations; one analyst per organisation and one liaison of the AIVD, all with tokens.
 */
export async function seedPopulation(databaseUrl: string, municipalitiesCsv: string): Promise<Population> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    if (existsSync(municipalitiesCsv)) {
      const rows = readFileSync(municipalitiesCsv, 'utf8').trim().split('\n').slice(1);
      for (const row of rows) {
        const [code, name] = row.split(',');
        await db.query(
          `WITH org AS (
             INSERT INTO organisations (code, name, name_nl, kind) VALUES ($1, $2, $2, 'municipality')
             ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id)
           INSERT INTO municipalities (code, name, province, organisation_id)
           SELECT $1, $2, 'unknown', id FROM org ON CONFLICT (code) DO NOTHING`,
          [code, name?.replace(/^"|"$/g, '')],
        );
      }
    }
    const organisations = (
      await db.query<{ id: string; code: string }>(`SELECT id, code FROM organisations ORDER BY code`)
    ).rows;
    const analysts: Population['analysts'] = [];
    const memberIdByOrganisation = new Map<string, string>();
    for (const org of organisations) {
      const { memberId, token } = await memberWithToken(db, org.id, 'analyst');
      memberIdByOrganisation.set(org.id, memberId);
      analysts.push({ organisationId: org.id, code: org.code, token });
    }

    const random = rng(2018_03_21);
    const candidates = organisations.filter((o) => o.code !== 'AIVD');
    const subscribers = [...candidates].sort(() => random() - 0.5).slice(0, SUBSCRIBERS);
    for (const org of subscribers) {
      const categories = REFERENCE_CATEGORIES.map((c) => c.code).filter(() => random() < CATEGORY_SHARE);
      await db.query(
        `INSERT INTO subscriptions (organisation_id, name, categories, created_by_member_id) VALUES ($1, $2, $3, $4)`,
        [
          org.id,
          'Bench subscription',
          categories.length > 0 ? categories : ['disinformation'],
          memberIdByOrganisation.get(org.id),
        ],
      );
    }

    const aivd = organisations.find((o) => o.code === 'AIVD')!;
    const nctv = organisations.find((o) => o.code === 'NCTV')!;
    const liaison = await memberWithToken(db, aivd.id, 'liaison');
    const coordinator = await memberWithToken(db, nctv.id, 'coordinator');
    return {
      liaison: { token: liaison.token, organisationId: aivd.id, memberId: liaison.memberId },
      coordinator: { token: coordinator.token },
      analysts,
      subscriberCount: subscribers.length,
      organisationCount: organisations.length,
    };
  } finally {
    await db.end();
  }
}

async function memberWithToken(
  db: pg.Client,
  organisationId: string,
  role: string,
): Promise<{ memberId: string; token: string }> {
  const token = generateToken();
  const member = await db.query<{ id: string }>(
    `INSERT INTO members (organisation_id, name, email, roles) VALUES ($1, $2, $3, ARRAY[$4]) RETURNING id`,
    [organisationId, `Bench ${role}`, `${randomUUID()}@bench.invalid`, role],
  );
  const memberId = member.rows[0]!.id;
  await db.query(
    `INSERT INTO api_tokens (member_id, name, token_hash, token_prefix) VALUES ($1, 'bench', $2, $3)`,
    [memberId, hashToken(token), displayPrefix(token)],
  );
  return { memberId, token };
}

const OBSERVABLE_TEMPLATES = [
  (n: number) => ({ type: 'url', value: `https://nieuws-${n % 997}.example/artikel/${n}` }),
  (n: number) => ({ type: 'domain', value: `verkiezing-${n % 389}.example` }),
  (n: number) => ({ type: 'hashtag', value: `#stembureau${n % 211}` }),
  (n: number) => ({ type: 'account', value: `@kiezer_${n % 4099}` }),
  (n: number) => ({ type: 'ip', value: `145.${n % 250}.${(n >> 8) % 250}.${n % 200}` }),
];

/** A realistic signal body of about 1.5 KB with several observables; `n` makes it unique. */
export function signalBody(n: number): Record<string, unknown> {
  const category = REFERENCE_CATEGORIES[n % REFERENCE_CATEGORIES.length]!.code;
  return {
    title: `Gecoördineerde berichten over sluitingstijden stembureaus (${n})`,
    description:
      'Sinds maandag verspreiden ongeveer 300 accounts, vrijwel allemaal in februari aangemaakt, dezelfde ' +
      'bewering dat stembureaus in meerdere gemeenten om 18:00 sluiten en dat tellingen met OSV worden ' +
      'gemanipuleerd. De berichten verwijzen naar een nieuwssite die vorige week is geregistreerd en die ' +
      'teksten overneemt van buitenlandse staatsmedia. Het patroon (tijdstippen, taalgebruik, hergebruik van ' +
      'profielfoto’s) wijst op een gecoördineerd netwerk. Platformmeldingen zijn gedaan; twee accounts zijn ' +
      `al verwijderd. Melding ${n}, waargenomen door open bronnen en bevestigd door een partner.`,
    category,
    severity: ['low', 'moderate', 'high', 'critical'][n % 4],
    tlp: 'GREEN',
    classification: 'unclassified',
    election: 'GR2018',
    phase: 'campaign',
    municipalities: ['GM0363', 'GM0599', 'GM0518'],
    observedAt: '2018-03-14T09:30:00+01:00',
    source: 'open-source',
    confidence: 60,
    observables: OBSERVABLE_TEMPLATES.map((make, i) => make(n * 7 + i)),
    addressees: [],
  };
}
