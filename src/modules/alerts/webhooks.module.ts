import { Module } from '@nestjs/common';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { AppConfig } from '../../config/app-config.js';
import { AlertsModule } from './alerts.module.js';
import { WebhookAddressPolicy } from './webhook-address.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/**
 * Webhook endpoints (managed by an organisation's analysts) and the worker that delivers alerts to them.
 * AlertsModule gives the alert rendering (AlertViews) and the instance's LISTEN connection.
 */
@Module({
  imports: [AlertsModule],
  controllers: [WebhooksController],
  providers: [
    WebhooksService,
    WebhooksRepository,
    WebhookDeliveryWorker,
    {
      provide: WebhookAddressPolicy,
      useFactory: (config: AppConfig) => new WebhookAddressPolicy(config.webhooks.allowedHosts),
      inject: [AppConfig],
    },
    {
      // Signing secrets are needed again for every signature, so they are encrypted rather than hashed.
      provide: SecretBox,
      useFactory: (config: AppConfig) => new SecretBox(config.secretEncryptionKey),
      inject: [AppConfig],
    },
  ],
  exports: [WebhooksService, WebhookDeliveryWorker],
})
export class WebhooksModule {}
