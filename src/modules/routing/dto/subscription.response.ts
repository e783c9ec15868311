import { ApiProperty } from '@nestjs/swagger';
import {
  OBSERVABLE_TYPES,
  type ObservableType,
  SEVERITIES,
  type Severity,
  TLPS,
  type Tlp,
} from '../../signals/signal.enums.js';
import { ELECTION_PHASES, type ElectionPhase } from '../../taxonomy/election.entity.js';
import type { SubscriptionRecord } from '../subscriptions.repository.js';

/** A subscription as it leaves the service. An empty matcher matches every signal. */
export class SubscriptionResponse {
  @ApiProperty({ description: 'The subscription id.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Its name, shown to your organisation as the reason of an alert.' })
  name: string;

  @ApiProperty({
    description: 'Categories that match (taxonomy codes); empty: every category.',
    type: [String],
  })
  categories: string[];

  @ApiProperty({
    description: 'The lowest severity that matches; null: every severity.',
    enum: SEVERITIES,
    nullable: true,
  })
  minSeverity: Severity | null;

  @ApiProperty({ description: 'Elections that match (codes); empty: every election.', type: [String] })
  elections: string[];

  @ApiProperty({
    description: 'Election phases that match; empty: every phase.',
    enum: ELECTION_PHASES,
    isArray: true,
  })
  phases: ElectionPhase[];

  @ApiProperty({
    description: 'Municipalities (CBS codes) of which a signal must concern one; empty: any.',
    type: [String],
  })
  municipalities: string[];

  @ApiProperty({
    description: 'TLP markings that match; empty: every one but RED.',
    enum: TLPS,
    isArray: true,
  })
  tlp: Tlp[];

  @ApiProperty({
    description: 'Observable types of which a signal must carry one; empty: any signal.',
    enum: OBSERVABLE_TYPES,
    isArray: true,
  })
  observableTypes: ObservableType[];

  @ApiProperty({ description: 'Whether it is paused (then it matches nothing).' })
  paused: boolean;

  @ApiProperty({ description: 'The member of your organisation who created it.', format: 'uuid' })
  createdBy: string;

  @ApiProperty({ description: 'When it was created (ISO 8601, UTC).', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'When it was last changed (ISO 8601, UTC).', format: 'date-time' })
  updatedAt: string;

  static from(subscription: SubscriptionRecord): SubscriptionResponse {
    const response = new SubscriptionResponse();
    response.id = subscription.id;
    response.name = subscription.name;
    response.categories = subscription.categories;
    response.minSeverity = subscription.minSeverity;
    response.elections = subscription.elections;
    response.phases = subscription.phases;
    response.municipalities = subscription.municipalities;
    response.tlp = subscription.tlps;
    response.observableTypes = subscription.observableTypes;
    response.paused = subscription.isPaused;
    response.createdBy = subscription.createdByMemberId;
    response.createdAt = subscription.createdAt.toISOString();
    response.updatedAt = subscription.updatedAt.toISOString();
    return response;
  }
}
