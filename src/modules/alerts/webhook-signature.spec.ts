import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, signWebhook } from './webhook-signature.js';

describe(signWebhook.name, () => {
  const body = JSON.stringify({ type: 'alert.created', data: { id: 'a1', title: 'Nepnieuws über OSV' } });

  it('produces signatures that the standardwebhooks library verifies', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook(secret, 'msg_1', new Date(), body);

    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('produces signatures that fail verification when the body changes', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook(secret, 'msg_1', new Date(), body);

    expect(() => new Webhook(secret).verify(body.replace('a1', 'a2'), { ...headers })).toThrow();
  });

  it('produces signatures that fail verification under another secret', () => {
    const headers = signWebhook(generateWebhookSecret(), 'msg_1', new Date(), body);

    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
  });

  it('puts the timestamp in whole seconds', () => {
    const headers = signWebhook(generateWebhookSecret(), 'msg_1', new Date('2018-03-21T20:00:00.999Z'), body);

    expect(headers['webhook-timestamp']).toBe('1521662400');
  });
});
