import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box.js';

describe(SecretBox.name, () => {
  const sut = new SecretBox(randomBytes(32));

  it('opens what it sealed', () => {
    expect(sut.open(sut.seal('whsec_abc'))).toBe('whsec_abc');
  });

  it('never stores the plaintext', () => {
    expect(sut.seal('whsec_abc')).not.toContain('whsec_abc');
  });

  it('seals the same secret differently each time', () => {
    expect(sut.seal('whsec_abc')).not.toBe(sut.seal('whsec_abc'));
  });

  it('refuses a sealed secret that was tampered with', () => {
    const sealed = sut.seal('whsec_abc');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');

    expect(() => sut.open(tampered)).toThrow();
  });

  it('refuses to open with another key', () => {
    expect(() => new SecretBox(randomBytes(32)).open(sut.seal('whsec_abc'))).toThrow();
  });

  it('refuses a key of the wrong length', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
