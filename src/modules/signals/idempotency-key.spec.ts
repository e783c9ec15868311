import { AppError } from '../../common/errors/app-error.js';
import { parseIdempotencyKey } from './idempotency-key.js';

describe('parseIdempotencyKey', () => {
  it('accepts an absent header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each(['a', 'order 2018-03-21/17:02 #4', 'k'.repeat(200)])('accepts %j', (key) => {
    expect(parseIdempotencyKey(key)).toBe(key);
  });

  it.each(['', 'k'.repeat(201), 'tab\tkey', 'sleutel-ë', ['a', 'b']])('refuses %j', (key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(AppError);
  });
});
