import { validateEnv } from './env.validation.js';

describe(validateEnv.name, () => {
  it('applies the defaults to an empty environment', () => {
    const env = validateEnv({});

    expect(env).toMatchObject({
      PORT: 3000,
      MIGRATIONS_RUN: true,
      OPERATOR_ORGANISATION: 'BZK',
      LOG_LEVEL: 'info',
    });
  });

  it('converts numbers and booleans given as strings', () => {
    const env = validateEnv({ PORT: '8080', MIGRATIONS_RUN: 'false' });

    expect(env).toMatchObject({ PORT: 8080, MIGRATIONS_RUN: false });
  });

  it('lists every bad variable in one error', () => {
    const act = () =>
      validateEnv({
        PORT: 'eighty',
        MIGRATIONS_RUN: 'maybe',
        DATABASE_URL: 'mysql://x',
        BOOTSTRAP_ADMIN_TOKEN: 'secret',
      });

    expect(act).toThrow(/PORT[\s\S]*MIGRATIONS_RUN|MIGRATIONS_RUN[\s\S]*PORT/);
    expect(act).toThrow(/DATABASE_URL/);
    expect(act).toThrow(/BOOTSTRAP_ADMIN_TOKEN/);
  });

  it('never echoes the value of a bad secret', () => {
    const act = () => validateEnv({ BOOTSTRAP_ADMIN_TOKEN: 'not-a-token-but-a-secret' });

    expect(act).toThrow(/BOOTSTRAP_ADMIN_TOKEN/);
    expect(act).not.toThrow(/not-a-token-but-a-secret/);
  });
});
