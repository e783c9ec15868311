import { isIP, SocketAddress } from 'node:net';
import { domainToASCII } from 'node:url';
import { OBSERVABLE_TYPES, type ObservableType } from './signal.enums.js';

export type Normalised = { ok: true; value: string } | { ok: false; reason: string };

export interface Observable {
  type: ObservableType;
  value: string;
}

/**
 * Longest normalised value, in UTF-8 bytes. Values are keys of a btree index, whose entries must stay below
 * about 2.7 kB: a longer one would fail the insert. 2048 characters of input can be 8 kB of UTF-8.
 */
export const MAX_NORMALISED_BYTES = 2048;

const URL_PROTOCOLS = new Set(['http:', 'https:', 'ftp:']);
// At least two labels; underscores occur in real (non-hostname) DNS names, so they are allowed.
const DOMAIN_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SHA256 = /^[0-9a-f]{64}$/;
const PHONE_CHARACTERS = /^\+?[0-9\s().\-/]+$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;

const ok = (value: string): Normalised => ({ ok: true, value });
const fail = (reason: string): Normalised => ({ ok: false, reason });

/** Defanged indicators (`hxxp://evil[.]example`) as analysts write them, made live again. */
function refangDots(value: string): string {
  return value.replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]/gi, '.').replace(/\[:\]/g, ':');
}

function refangScheme(value: string): string {
  return value.replace(/^hxxp(s?)(?=:)/i, 'http$1');
}

function refangAt(value: string): string {
  return value.replace(/\[@\]|\[at\]/gi, '@');
}

function normaliseUrl(raw: string): Normalised {
  let url: URL;
  try {
    url = new URL(refangScheme(refangDots(raw)));
  } catch {
    return fail('is not an absolute URL');
  }
  if (!URL_PROTOCOLS.has(url.protocol)) {
    return fail('must be an http, https or ftp URL');
  }
  // WHATWG URL has already lowercased the scheme and host, punycoded an IDN host and dropped a default port.
  url.hash = '';
  if (url.hostname.endsWith('.')) {
    url.hostname = url.hostname.slice(0, -1);
  }
  return url.hostname ? ok(url.href) : fail('has no host');
}

function normaliseDomain(raw: string): Normalised {
  const candidate = refangDots(raw).toLowerCase().replace(/\.$/, '');
  if (/[\s/:@?#[\]\\]/.test(candidate)) {
    return fail('must be a bare domain name, without scheme, path or port');
  }
  const ascii = domainToASCII(candidate);
  if (!ascii || isIP(ascii) !== 0 || !DOMAIN_NAME.test(ascii)) {
    return fail('is not a domain name');
  }
  return ok(ascii);
}

function normaliseAccount(raw: string): Normalised {
  const value = raw.replace(/^@/, '').normalize('NFC').toLowerCase();
  if (!value || /\s/.test(value)) {
    return fail('must be a single account name');
  }
  return ok(value);
}

function normaliseHashtag(raw: string): Normalised {
  // NFKC first: a full-width ＃ or ｔａｇ is the same tag to a reader.
  const value = raw.normalize('NFKC').trim().replace(/^#/, '').toLowerCase();
  if (!value || /\s/.test(value)) {
    return fail('must be a single hashtag');
  }
  return ok(value);
}

function normaliseIp(raw: string): Normalised {
  let value = refangDots(raw);
  if (value.startsWith('[') && value.endsWith(']')) {
    value = value.slice(1, -1);
  }
  if (value.includes('%')) {
    return fail('must not carry a zone id');
  }
  const family = isIP(value);
  if (family === 0) {
    return fail('is not an IPv4 or IPv6 address');
  }
  // inet_ntop's form: IPv6 lowercase, shortest, zero runs compressed (RFC 5952).
  return ok(new SocketAddress({ address: value, family: family === 4 ? 'ipv4' : 'ipv6' }).address);
}

function normaliseEmail(raw: string): Normalised {
  const value = refangAt(refangDots(raw)).normalize('NFC').toLowerCase();
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  if (at <= 0 || local.includes('@') || /\s/.test(local)) {
    return fail('is not an email address');
  }
  const domain = normaliseDomain(value.slice(at + 1));
  return domain.ok ? ok(`${local}@${domain.value}`) : fail('is not an email address');
}

function normaliseSha256(raw: string): Normalised {
  const value = raw.toLowerCase();
  return SHA256.test(value) ? ok(value) : fail('must be 64 hexadecimal characters');
}

function normalisePhone(raw: string): Normalised {
  // "+31 (0)6 …": the bracketed trunk prefix is not dialled from abroad.
  const value = raw.replace(/\(0\)/g, '');
  if (!PHONE_CHARACTERS.test(value)) {
    return fail('may contain only digits, spaces and + ( ) . - /');
  }
  let digits = value.replace(/[\s().\-/]/g, '');
  if (digits.startsWith('00')) {
    digits = `+${digits.slice(2)}`;
  } else if (/^0[1-9]/.test(digits)) {
    digits = `+31${digits.slice(1)}`;
  } else if (!digits.startsWith('+')) {
    return fail('needs a country code (+31…, 0031…) or a Dutch leading 0');
  }
  return E164.test(digits) ? ok(digits) : fail('is not an international number of at most 15 digits');
}

const NORMALISERS: Record<ObservableType, (raw: string) => Normalised> = {
  url: normaliseUrl,
  domain: normaliseDomain,
  account: normaliseAccount,
  hashtag: normaliseHashtag,
  ip: normaliseIp,
  email: normaliseEmail,
  sha256: normaliseSha256,
  phone: normalisePhone,
};

/**
 * The canonical form of an observable, so that the same thing submitted by two organisations compares
 * equal (and finds related signals through the (value, type) index). Pure; never throws.
 */
export function normaliseObservable(type: ObservableType, raw: string): Normalised {
  const trimmed = raw.trim();
  if (!trimmed) {
    return fail('must not be empty');
  }
  // Control characters and lone surrogates never belong in an indicator; NUL would not even store.
  if (/\p{Cc}|\p{Cs}/u.test(trimmed)) {
    return fail('must not contain control characters');
  }
  const result = NORMALISERS[type](trimmed);
  if (result.ok && Buffer.byteLength(result.value, 'utf8') > MAX_NORMALISED_BYTES) {
    return fail(`is longer than ${MAX_NORMALISED_BYTES} bytes once normalised`);
  }
  return result;
}

/** Normalises a list, keeping the first of each group of observables that are the same once normalised. */
export function normaliseObservables(
  observables: readonly Observable[],
): { ok: true; observables: Observable[] } | { ok: false; index: number; reason: string } {
  const seen = new Map<string, Observable>();
  for (const [index, observable] of observables.entries()) {
    const result = normaliseObservable(observable.type, observable.value);
    if (!result.ok) {
      return { ok: false, index, reason: result.reason };
    }
    const key = `${observable.type} ${result.value}`;
    if (!seen.has(key)) {
      seen.set(key, { type: observable.type, value: result.value });
    }
  }
  return { ok: true, observables: [...seen.values()] };
}

/** What an observable search (`?observable=`) matches: a `type:value`, or any reading of a bare value. */
export type ObservableSearch =
  { ok: true; type?: ObservableType; values: string[] } | { ok: false; reason: string };

/**
 * `url:HXXPS://Evil[.]example/a` searches exactly that URL. A bare value searches every form it normalises
 * to under any type, plus its trimmed lowercase self, so `@Troll` finds the account `troll`.
 */
export function observableSearch(raw: string): ObservableSearch {
  const prefix = /^([a-z0-9]+):(.*)$/s.exec(raw);
  const type = OBSERVABLE_TYPES.find((candidate) => candidate === prefix?.[1]);
  if (type !== undefined && prefix?.[2] !== undefined) {
    const result = normaliseObservable(type, prefix[2]);
    return result.ok ? { ok: true, type, values: [result.value] } : { ok: false, reason: result.reason };
  }
  const values = new Set([raw.trim().toLowerCase()]);
  for (const candidate of OBSERVABLE_TYPES) {
    const result = normaliseObservable(candidate, raw);
    if (result.ok) {
      values.add(result.value);
    }
  }
  return { ok: true, values: [...values] };
}
