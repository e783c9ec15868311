import { createValidationPipe } from './validation.js';

describe(createValidationPipe.name, () => {
  const sut = createValidationPipe();

  it('refuses a NUL character anywhere in a body, naming the field', async () => {
    const act = sut.transform({ name: 'ok', nested: { items: ['fine', 'bad\u0000'] } }, { type: 'body' });

    await expect(act).rejects.toMatchObject({
      code: 'validation_failed',
      details: { errors: [{ field: 'nested.items.1', messages: [expect.stringContaining('NUL')] }] },
    });
  });

  it('passes a value without one on to validation', async () => {
    await expect(sut.transform({ name: 'ok' }, { type: 'body' })).resolves.toEqual({ name: 'ok' });
  });
});
