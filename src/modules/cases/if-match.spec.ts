import { etagOf, matchesVersion, parseIfMatch } from './if-match.js';
import { preferredFormat } from './response-format.js';

describe(parseIfMatch.name, () => {
  it.each([
    [undefined, { kind: 'absent' }],
    ['', { kind: 'absent' }],
    ['*', { kind: 'any' }],
    ['"3"', { kind: 'versions', versions: [3] }],
    [' "3" , "4"', { kind: 'versions', versions: [3, 4] }],
    ['W/"3"', { kind: 'versions', versions: [] }],
    ['3', { kind: 'versions', versions: [] }],
    ['"0"', { kind: 'versions', versions: [] }],
    [['"3"', '"5"'], { kind: 'versions', versions: [3, 5] }],
  ])('reads %j', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it('round-trips the ETag it writes', () => {
    expect(matchesVersion(parseIfMatch(etagOf(7)), 7)).toBe(true);
  });

  it('matches anything when no version is named, and only the named versions otherwise', () => {
    expect([
      matchesVersion({ kind: 'absent' }, 2),
      matchesVersion({ kind: 'any' }, 2),
      matchesVersion({ kind: 'versions', versions: [1] }, 2),
    ]).toEqual([true, true, false]);
  });
});

describe(preferredFormat.name, () => {
  it.each([
    [undefined, 'json'],
    ['*/*', 'json'],
    ['application/json', 'json'],
    ['text/csv', 'csv'],
    ['text/csv, application/json;q=0.9', 'csv'],
    ['text/csv;q=0.5, application/json', 'json'],
    ['text/csv;q=0', 'json'],
    ['TEXT/CSV', 'csv'],
    ['text/html', 'json'],
  ] as const)('answers %j with %s', (accept, expected) => {
    expect(preferredFormat(accept)).toBe(expected);
  });
});
