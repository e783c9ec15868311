import fc from 'fast-check';
import { createValidationPipe } from '../../../common/errors/validation.js';
import { SubmitSignalDto } from './submit-signal.dto.js';

const VALID = {
  title: 'Fake accounts claim polling stations close at 18:00',
  description: 'Seen on three platforms.',
  category: 'disinformation',
  severity: 'high',
  tlp: 'AMBER',
  classification: 'unclassified',
  election: 'GR2018',
  phase: 'campaign',
  municipalities: ['GM0363'],
  observedAt: '2018-03-14T09:30:00+01:00',
  source: 'open-source',
  confidence: 70,
  attribution: { actor: 'State actor X', confidence: 30, rationale: 'Same infrastructure as before.' },
  observables: [{ type: 'url', value: 'https://nieuws-example.test/stembureaus' }],
  addressees: ['NCTV'],
  externalRef: 'T-2018-001',
};

/** Values that are near a rule's edge, of the right type and of the wrong one. */
const HOSTILE: unknown[] = [
  null,
  '',
  ' ',
  '\t\n',
  'x',
  'x'.repeat(200),
  'x'.repeat(201),
  '😀'.repeat(200),
  '😀'.repeat(201),
  'ab',
  'GM0363',
  'GM036',
  'gm0363',
  'NCTV',
  'N',
  'AMBER+STRICT',
  'stg-geheim',
  'election-day',
  'count',
  '2018-03-14T09:30:00Z',
  '2018-02-30T09:30:00Z',
  '2018-03-14 09:30',
  0,
  -0,
  100,
  101,
  -1,
  50.5,
  1e3,
  true,
  [],
  ['GM0363', 'GM0599'],
  ['bad code'],
  [1],
  {},
  { actor: 'X', confidence: 10 },
  { actor: ' ', confidence: 10 },
  { actor: 'X', confidence: 10, rationale: null },
  { actor: 'X', confidence: 10, extra: 1 },
  [{ type: 'url', value: 'hxxp://example[.]test/a' }],
  [{ type: 'ipv4', value: '999.1.1.1' }],
  [{ type: 'hashtag', value: '#stembus' }],
  [{ type: 'url', value: '' }],
  [{ type: 'unknown', value: 'x' }],
  [{ type: 'url' }],
  [{ type: 'url', value: 'https://a.test', note: 'x' }],
  [null],
];
const hostile = fc.constantFrom(...HOSTILE);

const fieldNames = Object.keys(VALID) as (keyof typeof VALID)[];

/**
 * The valid body with a field or a few replaced, some removed, or joined by an unknown one. Mostly one
 * change at a time: a body with several bad fields is refused whatever one rule says.
 */
const bodies = fc
  .record({
    replaced: fc.oneof(
      { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...fieldNames), hostile, { maxKeys: 1 }) },
      { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...fieldNames), hostile, { maxKeys: 3 }) },
    ),
    removed: fc.oneof(
      { weight: 4, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.subarray(fieldNames, { maxLength: 2 }) },
    ),
    unknownField: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  })
  .map(({ replaced, removed, unknownField }) => {
    const body: Record<string, unknown> = { ...VALID, ...replaced };
    for (const field of removed) {
      delete body[field];
    }
    if (unknownField) {
      body.organisationId = 'AIVD';
    }
    return body;
  });

describe(`${SubmitSignalDto.name}.compiledCheck`, () => {
  const decorators = createValidationPipe({ useCompiledChecks: false });
  /** The DTO class-validator and class-transformer make of the body, or undefined when they refuse it. */
  const judgedByDecorators = (body: unknown): Promise<unknown> =>
    decorators.transform(body, { type: 'body', metatype: SubmitSignalDto }).then(
      (dto: unknown) => dto,
      () => undefined,
    );

  it('accepts a valid body and builds the DTO class-transformer builds', async () => {
    const checked = SubmitSignalDto.compiledCheck(VALID);

    expect(checked).toBeInstanceOf(SubmitSignalDto);
    expect(checked).toStrictEqual(await judgedByDecorators(VALID));
  });

  it('fills the defaults of the fields left out, as the decorators do', async () => {
    const optional = ['municipalities', 'observables', 'addressees', 'attribution', 'phase', 'externalRef'];
    const required = Object.fromEntries(Object.entries(VALID).filter(([field]) => !optional.includes(field)));

    const checked = SubmitSignalDto.compiledCheck(required);

    expect(checked).toMatchObject({ municipalities: [], observables: [], addressees: [] });
    expect(checked).toStrictEqual(await judgedByDecorators(required));
  });

  it('decides as the decorators do, and builds the same DTO, with each field given each hostile value', async () => {
    let accepted = 0;
    for (const field of fieldNames) {
      for (const value of HOSTILE) {
        const body = { ...VALID, [field]: value };
        const judged = await judgedByDecorators(body);

        expect({ field, value, dto: SubmitSignalDto.compiledCheck(body) }).toStrictEqual({
          field,
          value,
          dto: judged,
        });
        accepted += judged === undefined ? 0 : 1;
      }
    }
    // Both outcomes must have been exercised for the comparison to mean something.
    expect(accepted).toBeGreaterThan(50);
    expect(accepted).toBeLessThan(fieldNames.length * HOSTILE.length - 500);
  });

  it('decides as the decorators do, and builds the same DTO, on generated bodies', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const judged = await judgedByDecorators(body);

        expect(SubmitSignalDto.compiledCheck(body)).toStrictEqual(judged);
        accepted += judged === undefined ? 0 : 1;
      }),
      { numRuns: 2_000, seed: 20180321 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(1_900);
  });
});
