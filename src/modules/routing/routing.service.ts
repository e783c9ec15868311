import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Recipient, RoutingFacts } from './recipient.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';

export type { Recipient, RoutingFacts } from './recipient.js';

@Injectable()
export class RoutingService {
  constructor(private readonly subscriptions: SubscriptionsRepository) {}

  /**
   * Who receives a signal, decided in the caller's transaction (so on the same snapshot as the signal's own
   * writes) and in one query: the addressees, plus every organisation with a matching subscription that is
   * not paused, one recipient per organisation with all its reasons (addressed first, then subscriptions by
   * name). RED reaches its addressees only, whatever subscribes to it; the reporting organisation never
   * receives its own signal. Matching: see subscription-match.ts.
   */
  resolveRecipients(tx: EntityManager, facts: RoutingFacts): Promise<Recipient[]> {
    return this.subscriptions.resolveRecipients(tx, facts);
  }
}
