import { Module } from '@nestjs/common';
import { RoutingService } from './routing.service.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { SubscriptionsService } from './subscriptions.service.js';

/**
 * Subscriptions and the routing of signals to recipients. Signals depend on this module (routing runs in the
 * signal's transaction), so it reads signals itself for a dry run, through the shared visibility rule,
 * rather than depending on SignalsModule in a cycle.
 */
@Module({
  controllers: [SubscriptionsController],
  providers: [RoutingService, SubscriptionsService, SubscriptionsRepository],
  exports: [RoutingService],
})
export class RoutingModule {}
