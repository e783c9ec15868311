import type { DataSource, EntityManager } from 'typeorm';
import type { OrganisationKind } from '../organisations/organisation.entity.js';
import type { ElectionPhase } from './election.entity.js';

interface ReferenceOrganisation {
  code: string;
  name: string;
  nameNl: string;
  kind: OrganisationKind;
  parent?: string;
}

/** The organisations named in the parliamentary letter (shared/domain.md). */
export const REFERENCE_ORGANISATIONS: readonly ReferenceOrganisation[] = [
  {
    code: 'BZK',
    kind: 'ministry',
    name: 'Ministry of the Interior and Kingdom Relations',
    nameNl: 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties',
  },
  {
    code: 'AIVD',
    kind: 'agency',
    parent: 'BZK',
    name: 'General Intelligence and Security Service',
    nameNl: 'Algemene Inlichtingen- en Veiligheidsdienst',
  },
  {
    code: 'JenV',
    kind: 'ministry',
    name: 'Ministry of Justice and Security',
    nameNl: 'Ministerie van Justitie en Veiligheid',
  },
  {
    code: 'NCTV',
    kind: 'agency',
    parent: 'JenV',
    name: 'National Coordinator for Security and Counterterrorism',
    nameNl: 'Nationaal Coördinator Terrorismebestrijding en Veiligheid',
  },
  {
    code: 'BZ',
    kind: 'ministry',
    name: 'Ministry of Foreign Affairs',
    nameNl: 'Ministerie van Buitenlandse Zaken',
  },
  { code: 'DEF', kind: 'ministry', name: 'Ministry of Defence', nameNl: 'Ministerie van Defensie' },
  {
    code: 'MIVD',
    kind: 'agency',
    parent: 'DEF',
    name: 'Military Intelligence and Security Service',
    nameNl: 'Militaire Inlichtingen- en Veiligheidsdienst',
  },
  {
    code: 'OCW',
    kind: 'ministry',
    name: 'Ministry of Education, Culture and Science',
    nameNl: 'Ministerie van Onderwijs, Cultuur en Wetenschap',
  },
  {
    code: 'EZK',
    kind: 'ministry',
    name: 'Ministry of Economic Affairs and Climate Policy',
    nameNl: 'Ministerie van Economische Zaken en Klimaat',
  },
  {
    code: 'IenW',
    kind: 'ministry',
    name: 'Ministry of Infrastructure and Water Management',
    nameNl: 'Ministerie van Infrastructuur en Waterstaat',
  },
  { code: 'KR', kind: 'electoral-body', name: 'Electoral Council', nameNl: 'Kiesraad' },
  {
    code: 'VNG',
    kind: 'association',
    name: 'Association of Netherlands Municipalities',
    nameNl: 'Vereniging van Nederlandse Gemeenten',
  },
  {
    code: 'AP',
    kind: 'regulator',
    name: 'Dutch Data Protection Authority',
    nameNl: 'Autoriteit Persoonsgegevens',
  },
];

/** The 20 electoral districts (kieskringen) of 2018, each with its principal electoral committee. */
const ELECTORAL_DISTRICTS = [
  'Groningen',
  'Leeuwarden',
  'Assen',
  'Zwolle',
  'Lelystad',
  'Nijmegen',
  'Arnhem',
  'Utrecht',
  'Amsterdam',
  'Haarlem',
  'Den Helder',
  "'s-Gravenhage",
  'Rotterdam',
  'Dordrecht',
  'Leiden',
  'Middelburg',
  'Tilburg',
  "'s-Hertogenbosch",
  'Maastricht',
  'Bonaire',
];

export const PRINCIPAL_ELECTORAL_COMMITTEES: readonly ReferenceOrganisation[] = ELECTORAL_DISTRICTS.map(
  (district, i) => ({
    code: `HSB${String(i + 1).padStart(2, '0')}`,
    kind: 'electoral-body',
    name: `Principal electoral committee of electoral district ${i + 1} (${district})`,
    nameNl: `Hoofdstembureau kieskring ${i + 1} (${district})`,
  }),
);

/** Built in so that the service is usable at once; the full list is imported with the CLI. */
export const BUILT_IN_MUNICIPALITIES = [
  { code: 'GM0363', name: 'Amsterdam', province: 'Noord-Holland' },
  { code: 'GM0599', name: 'Rotterdam', province: 'Zuid-Holland' },
  { code: 'GM0518', name: "'s-Gravenhage", province: 'Zuid-Holland' },
  { code: 'GM0344', name: 'Utrecht', province: 'Utrecht' },
] as const;

export const REFERENCE_CATEGORIES = [
  { code: 'disinformation', nameEn: 'Disinformation / fake news', nameNl: 'Desinformatie / nepnieuws' },
  {
    code: 'covert-influence',
    nameEn: 'Covert political influence',
    nameNl: 'Heimelijke politieke beïnvloeding',
  },
  {
    code: 'cyber-attack',
    nameEn: 'Cyber attack on a party, campaign or government body',
    nameNl: 'Digitale aanval op partij, campagne of overheid',
  },
  { code: 'hack-and-leak', nameEn: 'Hack and leak', nameNl: 'Hack-and-leak' },
  {
    code: 'election-process',
    nameEn: 'Attack on, or doubt cast on, the election process or OSV',
    nameNl: 'Aanval op of twijfel aan het verkiezingsproces of OSV',
  },
  {
    code: 'microtargeting',
    nameEn: 'Microtargeting and misuse of special personal data',
    nameNl: 'Microtargeting en misbruik van bijzondere persoonsgegevens',
  },
  {
    code: 'inauthentic-behaviour',
    nameEn: 'Inauthentic behaviour (bots, fake accounts)',
    nameNl: 'Niet-authentiek gedrag (bots, nepaccounts)',
  },
  {
    code: 'intimidation',
    nameEn: 'Intimidation of officials or candidates',
    nameNl: 'Intimidatie van bestuurders of kandidaten',
  },
];

export const REFERENCE_ACTION_TYPES = [
  { code: 'notice-and-take-down', nameEn: 'Notice and take down', nameNl: 'Notice-and-take-down' },
  { code: 'notice-and-take-action', nameEn: 'Notice and take action', nameNl: 'Notice-and-take-action' },
  { code: 'civil-procedure', nameEn: 'Civil procedure', nameNl: 'Civiele procedure' },
  {
    code: 'report-to-ap',
    nameEn: 'Report to the Dutch Data Protection Authority',
    nameNl: 'Melding bij de Autoriteit Persoonsgegevens',
  },
  { code: 'platform-contact', nameEn: 'Contact with a platform', nameNl: 'Contact met een platform' },
  { code: 'fact-check', nameEn: 'Fact-check / debunk', nameNl: 'Factcheck / weerlegging' },
  {
    code: 'intelligence-investigation',
    nameEn: 'Intelligence investigation',
    nameNl: 'Inlichtingenonderzoek',
  },
  {
    code: 'circular-to-municipalities',
    nameEn: 'Circular to municipalities',
    nameNl: 'Circulaire aan gemeenten',
  },
  {
    code: 'alert-council-clerks',
    nameEn: 'Letter to council clerks to alert local parties',
    nameNl: 'Brief aan griffiers om lokale partijen te alerteren',
  },
  {
    code: 'public-communication',
    nameEn: 'Public or strategic communication',
    nameNl: 'Publieke of strategische communicatie',
  },
  {
    code: 'eu-referral',
    nameEn: 'Referral to the EU East StratCom Task Force or exchange with member states',
    nameNl: 'Doorverwijzing naar de EU East StratCom Task Force of uitwisseling met lidstaten',
  },
  {
    code: 'inform-parliament',
    nameEn: 'Informing parliament (state secrets only via the CIVD)',
    nameNl: 'Informeren van het parlement (staatsgeheimen alleen via de CIVD)',
  },
  { code: 'criminal-complaint', nameEn: 'Criminal complaint', nameNl: 'Aangifte' },
];

/**
 * The two votes of 21 March 2018. Times are Europe/Amsterdam: CET (+01:00) throughout, since summer time
 * began only on 25 March 2018. The campaign is counted from nomination day (5 February); the count runs until
 * the central counts are done; results: the councils by 23 March, the referendum by the Kiesraad on 29 March.
 */
const PHASES_2018: Record<'GR2018' | 'REF2018', Record<ElectionPhase, [string, string]>> = {
  GR2018: {
    campaign: ['2018-02-05T00:00:00+01:00', '2018-03-21T07:30:00+01:00'],
    'election-day': ['2018-03-21T07:30:00+01:00', '2018-03-21T21:00:00+01:00'],
    count: ['2018-03-21T21:00:00+01:00', '2018-03-23T00:00:00+01:00'],
    result: ['2018-03-23T00:00:00+01:00', '2018-03-27T00:00:00+02:00'],
  },
  REF2018: {
    campaign: ['2018-02-05T00:00:00+01:00', '2018-03-21T07:30:00+01:00'],
    'election-day': ['2018-03-21T07:30:00+01:00', '2018-03-21T21:00:00+01:00'],
    count: ['2018-03-21T21:00:00+01:00', '2018-03-23T00:00:00+01:00'],
    result: ['2018-03-23T00:00:00+01:00', '2018-03-30T00:00:00+02:00'],
  },
};

export const REFERENCE_ELECTIONS = [
  {
    code: 'GR2018',
    nameEn: 'Municipal council elections 2018',
    nameNl: 'Gemeenteraadsverkiezingen 2018',
    electionDate: '2018-03-21',
  },
  {
    code: 'REF2018',
    nameEn: 'Advisory referendum on the Intelligence and Security Services Act 2017',
    nameNl: 'Raadgevend referendum over de Wet op de inlichtingen- en veiligheidsdiensten 2017',
    electionDate: '2018-03-21',
  },
] as const;

/**
 * Loads the reference data idempotently: run at every start-up, it adds what is missing and brings the
 * built-in entries back to their definition, and never touches what admins added at run time.
 */
export async function loadReferenceData(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (tx) => {
    for (const org of [...REFERENCE_ORGANISATIONS, ...PRINCIPAL_ELECTORAL_COMMITTEES]) {
      await upsertOrganisation(tx, org);
    }
    for (const municipality of BUILT_IN_MUNICIPALITIES) {
      await upsertMunicipality(tx, municipality);
    }
    for (const [table, entries] of [
      ['signal_categories', REFERENCE_CATEGORIES],
      ['action_types', REFERENCE_ACTION_TYPES],
    ] as const) {
      for (const entry of entries) {
        await tx.query(
          `INSERT INTO ${table} (code, name_en, name_nl) VALUES ($1, $2, $3)
           ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_nl = excluded.name_nl`,
          [entry.code, entry.nameEn, entry.nameNl],
        );
      }
    }
    for (const election of REFERENCE_ELECTIONS) {
      await tx.query(
        `INSERT INTO elections (code, name_en, name_nl, election_date) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_nl = excluded.name_nl,
                                          election_date = excluded.election_date`,
        [election.code, election.nameEn, election.nameNl, election.electionDate],
      );
      for (const [phase, [startsAt, endsAt]] of Object.entries(PHASES_2018[election.code])) {
        await tx.query(
          `INSERT INTO election_phases (election_code, phase, starts_at, ends_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (election_code, phase) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at`,
          [election.code, phase, startsAt, endsAt],
        );
      }
    }
  });
}

async function upsertOrganisation(tx: EntityManager, org: ReferenceOrganisation): Promise<void> {
  await tx.query(
    `INSERT INTO organisations (code, name, name_nl, kind, parent_id)
     VALUES ($1, $2, $3, $4, (SELECT id FROM organisations WHERE code = $5))
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_nl = excluded.name_nl, kind = excluded.kind,
                                      parent_id = excluded.parent_id`,
    [org.code, org.name, org.nameNl, org.kind, org.parent ?? null],
  );
}

/** A municipality and the organisation that receives its alerts, under the same CBS code. */
export async function upsertMunicipality(
  tx: EntityManager,
  municipality: { code: string; name: string; province: string },
): Promise<'added' | 'changed' | 'unchanged'> {
  const [before] = await tx.query<{ name: string; province: string }[]>(
    `SELECT name, province FROM municipalities WHERE code = $1`,
    [municipality.code],
  );
  if (before && before.name === municipality.name && before.province === municipality.province) {
    return 'unchanged';
  }
  await upsertOrganisation(tx, {
    code: municipality.code,
    kind: 'municipality',
    name: `Municipality of ${municipality.name}`,
    nameNl: `Gemeente ${municipality.name}`,
  });
  await tx.query(
    `INSERT INTO municipalities (code, name, province, organisation_id)
     VALUES ($1, $2, $3, (SELECT id FROM organisations WHERE code = $1))
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, province = excluded.province, updated_at = now()`,
    [municipality.code, municipality.name, municipality.province],
  );
  return before ? 'changed' : 'added';
}
