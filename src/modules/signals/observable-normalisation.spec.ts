import {
  MAX_NORMALISED_BYTES,
  normaliseObservable,
  normaliseObservables,
  observableSearch,
} from './observable-normalisation.js';
import type { ObservableType } from './signal.enums.js';

const valid = (type: ObservableType, raw: string) => normaliseObservable(type, raw);

describe('normaliseObservable', () => {
  describe('url', () => {
    it.each([
      ['HTTP://Example.COM/Path', 'http://example.com/Path'],
      ['https://example.com', 'https://example.com/'],
      ['https://example.com:443/a', 'https://example.com/a'],
      ['http://example.com:80/a', 'http://example.com/a'],
      ['http://example.com:8080/a', 'http://example.com:8080/a'],
      ['https://example.com/a#section-2', 'https://example.com/a'],
      ['https://example.com/a?b=1&a=2#x', 'https://example.com/a?b=1&a=2'],
      ['hxxp://evil[.]example/x', 'http://evil.example/x'],
      ['hXXps://evil[.]example[.]nl/x', 'https://evil.example.nl/x'],
      ['hxxps[:]//evil(.)example/', 'https://evil.example/'],
      ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
      ['https://example.com./a', 'https://example.com/a'],
      ['  https://example.com/a  ', 'https://example.com/a'],
      ['https://example.com/a/../b', 'https://example.com/b'],
      ['https://example.com/pad met spaties', 'https://example.com/pad%20met%20spaties'],
      ['https://[2001:DB8::1]:443/', 'https://[2001:db8::1]/'],
      ['ftp://files.example/a.txt', 'ftp://files.example/a.txt'],
    ])('normalises %j to %j', (raw, expected) => {
      expect(valid('url', raw)).toEqual({ ok: true, value: expected });
    });

    it.each([
      ['example.com/path', 'is not an absolute URL'],
      ['mailto:someone@example.com', 'must be an http, https or ftp URL'],
      ['javascript:alert(1)', 'must be an http, https or ftp URL'],
      ['http://', 'is not an absolute URL'],
    ])('refuses %j', (raw, reason) => {
      expect(valid('url', raw)).toEqual({ ok: false, reason });
    });
  });

  describe('domain', () => {
    it.each([
      ['Example.COM', 'example.com'],
      ['example.com.', 'example.com'],
      ['evil[.]example', 'evil.example'],
      ['Bücher.example', 'xn--bcher-kva.example'],
      ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
      ['sub_domain.example.nl', 'sub_domain.example.nl'],
      ['  example.org ', 'example.org'],
    ])('normalises %j to %j', (raw, expected) => {
      expect(valid('domain', raw)).toEqual({ ok: true, value: expected });
    });

    it.each([
      'https://example.com',
      'example.com/path',
      'example.com:8080',
      'localhost',
      '1.2.3.4',
      'a..example',
      '-bad.example',
      'exa mple.com',
      'user@example.com',
      `${'a'.repeat(64)}.example`,
    ])('refuses %j', (raw) => {
      expect(valid('domain', raw).ok).toBe(false);
    });
  });

  describe('account', () => {
    it.each([
      ['@TrollFarm_2018', 'trollfarm_2018'],
      ['TrollFarm_2018', 'trollfarm_2018'],
      ['  @Someone ', 'someone'],
      ['e\u0301lise', '\u00e9lise'],
    ])('normalises %j to %j', (raw, expected) => {
      expect(valid('account', raw)).toEqual({ ok: true, value: expected });
    });

    it.each(['@', 'two words', '@ '])('refuses %j', (raw) => {
      expect(valid('account', raw).ok).toBe(false);
    });
  });

  describe('hashtag', () => {
    it.each([
      ['#Stembureau', 'stembureau'],
      ['Stembureau', 'stembureau'],
      ['＃ＳＴＥＭ', 'stem'],
      ['#Verkiezingen2018', 'verkiezingen2018'],
      ['#ﬁx', 'fix'],
    ])('normalises %j to %j', (raw, expected) => {
      expect(valid('hashtag', raw)).toEqual({ ok: true, value: expected });
    });

    it.each(['#', 'two words', '# x'])('refuses %j', (raw) => {
      expect(valid('hashtag', raw).ok).toBe(false);
    });
  });

  describe('ip', () => {
    it.each([
      ['192.0.2.1', '192.0.2.1'],
      ['192.0.2[.]1', '192.0.2.1'],
      ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['[2001:db8::1]', '2001:db8::1'],
      ['::FFFF:0102:0304', '::ffff:1.2.3.4'],
      ['0:0:0:0:0:0:0:0', '::'],
    ])('normalises %j to %j', (raw, expected) => {
      expect(valid('ip', raw)).toEqual({ ok: true, value: expected });
    });

    it.each(['010.0.0.1', '1.2.3', '256.1.1.1', 'fe80::1%eth0', '192.0.2.0/24', 'example.com'])(
      'refuses %j',
      (raw) => {
        expect(valid('ip', raw).ok).toBe(false);
      },
    );
  });

  describe('email', () => {
    it.each([
      ['  Pers@Example.COM ', 'pers@example.com'],
      ['pers[at]example[.]com', 'pers@example.com'],
      ['info@bücher.example', 'info@xn--bcher-kva.example'],
      ['first.last+tag@example.nl', 'first.last+tag@example.nl'],
    ])('normalises %j to %j', (raw, expected) => {
      expect(valid('email', raw)).toEqual({ ok: true, value: expected });
    });

    it.each(['no-at-sign', '@example.com', 'a@b@example.com', 'pers@localhost', 'two words@example.com'])(
      'refuses %j',
      (raw) => {
        expect(valid('email', raw).ok).toBe(false);
      },
    );
  });

  describe('sha256', () => {
    const hash = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';

    it('lowercases a hash', () => {
      expect(valid('sha256', ` ${hash} `)).toEqual({ ok: true, value: hash.toLowerCase() });
    });

    it.each([hash.slice(1), `${hash}0`, `${hash.slice(1)}g`, 'sha256:abc'])('refuses %j', (raw) => {
      expect(valid('sha256', raw).ok).toBe(false);
    });
  });

  describe('phone', () => {
    it.each([
      ['+31 6 12345678', '+31612345678'],
      ['0031 6-1234 5678', '+31612345678'],
      ['06-12345678', '+31612345678'],
      ['020 - 555 1234', '+31205551234'],
      ['+31 (0)20 555 1234', '+31205551234'],
      ['(020) 555.12.34', '+31205551234'],
      ['+44 20 7946 0018', '+442079460018'],
    ])('normalises %j to %j', (raw, expected) => {
      expect(valid('phone', raw)).toEqual({ ok: true, value: expected });
    });

    it.each([
      '612345678',
      '+31 6 1234 5678 ext. 2',
      '+0 123456789',
      '+31',
      '06+12345678',
      '+1234567890123456',
    ])('refuses %j', (raw) => {
      expect(valid('phone', raw).ok).toBe(false);
    });
  });

  describe('every type', () => {
    it.each(['url', 'domain', 'account', 'hashtag', 'ip', 'email', 'sha256', 'phone'] as const)(
      'refuses an empty %s',
      (type) => {
        expect(valid(type, '   ')).toEqual({ ok: false, reason: 'must not be empty' });
      },
    );

    it.each(['account\u0000x', 'tab\there', 'lone\ud800surrogate'])(
      'refuses control characters in %j',
      (raw) => {
        expect(valid('account', raw)).toEqual({ ok: false, reason: 'must not contain control characters' });
      },
    );

    it('refuses a value longer than the index can hold once normalised', () => {
      const result = valid('account', '😀'.repeat(1000));

      expect(result).toEqual({
        ok: false,
        reason: `is longer than ${MAX_NORMALISED_BYTES} bytes once normalised`,
      });
    });
  });
});

describe('normaliseObservables', () => {
  it('collapses observables that are the same once normalised, keeping the first', () => {
    const result = normaliseObservables([
      { type: 'url', value: 'https://Example.com/a#top' },
      { type: 'hashtag', value: '#Stem' },
      { type: 'url', value: 'hxxps://example[.]com/a' },
      { type: 'account', value: 'stem' },
      { type: 'hashtag', value: 'STEM' },
    ]);

    expect(result).toEqual({
      ok: true,
      observables: [
        { type: 'url', value: 'https://example.com/a' },
        { type: 'hashtag', value: 'stem' },
        { type: 'account', value: 'stem' },
      ],
    });
  });

  it('names the index of the first observable that cannot be normalised', () => {
    const result = normaliseObservables([
      { type: 'hashtag', value: '#ok' },
      { type: 'ip', value: '1.2.3.4' },
      { type: 'ip', value: 'not-an-ip' },
    ]);

    expect(result).toEqual({ ok: false, index: 2, reason: 'is not an IPv4 or IPv6 address' });
  });
});

describe('observableSearch', () => {
  it('normalises a typed value under its type only', () => {
    expect(observableSearch('url:HXXPS://Evil[.]example/A#x')).toEqual({
      ok: true,
      type: 'url',
      values: ['https://evil.example/A'],
    });
  });

  it('reports a typed value that cannot be normalised', () => {
    expect(observableSearch('ip:999.1.1.1')).toEqual({ ok: false, reason: 'is not an IPv4 or IPv6 address' });
  });

  it('matches every reading of a bare value', () => {
    const search = observableSearch('@TrollFarm');

    expect(search).toEqual({ ok: true, values: ['@trollfarm', 'trollfarm'] });
  });

  it('treats an IPv6 address as a bare value, not as a type prefix', () => {
    const search = observableSearch('2001:DB8::1');

    expect(search.ok && search.values).toContain('2001:db8::1');
  });
});
