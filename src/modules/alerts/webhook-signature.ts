import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new signing secret, in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs the exact bytes that will be sent, the Standard Webhooks way (standardwebhooks.com): HMAC-SHA256
 * over `id.timestamp.body` with the secret's key bytes, so receivers can verify with an off-the-shelf library.
 */
export function signWebhook(secret: string, id: string, sentAt: Date, body: string): SignedHeaders {
  if (!secret.startsWith(SECRET_PREFIX)) {
    throw new Error('Not a webhook signing secret');
  }
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const timestamp = Math.floor(sentAt.getTime() / 1000).toString();
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
