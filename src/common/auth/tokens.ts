import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'ks_';
const DISPLAY_PREFIX_LENGTH = 10;

/** A new API token: `ks_` and 32 random bytes, base64url (43 characters). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function displayPrefix(token: string): string {
  return token.slice(0, DISPLAY_PREFIX_LENGTH);
}

/** Cheap shape check before any database work, so that garbage never reaches a query. */
export function looksLikeToken(value: string): boolean {
  return /^ks_[A-Za-z0-9_-]{43,128}$/.test(value);
}
