export type WebhookErrorCode =
  'webhook.not_found' | 'webhook.address_refused' | 'webhook.delivery_not_found' | 'webhook.delivery_sending';
