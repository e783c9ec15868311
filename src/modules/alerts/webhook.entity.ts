import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MemberEntity } from '../organisations/member.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { AlertEntity } from './alert.entity.js';

@Entity('webhook_endpoints')
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('webhook_endpoints_organisation_id_idx')
  @ForeignKey(() => OrganisationEntity, {
    name: 'webhook_endpoints_organisation_id_fkey',
    onDelete: 'RESTRICT',
  })
  @Column('uuid')
  organisationId: string;

  @Column('text')
  url: string;

  @Column('text', { nullable: true })
  description: string | null;

  /** The signing secret, encrypted (SecretBox): shown once, needed again for every signature. */
  @Column('text')
  secretSealed: string;

  @ForeignKey(() => MemberEntity, {
    name: 'webhook_endpoints_created_by_member_id_fkey',
    onDelete: 'RESTRICT',
  })
  @Column('uuid')
  createdByMemberId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Deleted endpoints are kept for their delivery history, and receive nothing more. */
  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;
}

export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One alert to one endpoint; the rows are the queue. Its id is the `webhook-id` of every attempt. */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_due_idx', ['nextAttemptAt'], { where: `status IN ('pending', 'sending')` })
@Index('webhook_deliveries_endpoint_id_idx', ['endpointId', 'createdAt'])
@Check('webhook_deliveries_status_check', `status IN ('pending', 'sending', 'delivered', 'dead')`)
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => WebhookEndpointEntity, {
    name: 'webhook_deliveries_endpoint_id_fkey',
    onDelete: 'RESTRICT',
  })
  @Column('uuid')
  endpointId: string;

  @Index('webhook_deliveries_alert_id_idx')
  @ForeignKey(() => AlertEntity, { name: 'webhook_deliveries_alert_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  alertId: string;

  @Column('text')
  eventType: string;

  @Column('text', { default: 'pending' })
  status: DeliveryStatus;

  @Column('integer', { default: 0 })
  attemptCount: number;

  @Column('timestamptz', { default: () => 'now()' })
  nextAttemptAt: Date;

  /** While `sending`: when the claim lapses and another worker may take the delivery over. */
  @Column('timestamptz', { nullable: true })
  leaseUntil: Date | null;

  /** The exact bytes sent, fixed at the first attempt so that every retry sends and signs the same body. */
  @Column('text', { nullable: true })
  body: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;
}

@Entity('webhook_delivery_attempts')
@Check('webhook_delivery_attempts_outcome_check', `outcome IN ('delivered', 'failed')`)
export class WebhookDeliveryAttemptEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Index('webhook_delivery_attempts_delivery_id_idx')
  @ForeignKey(() => WebhookDeliveryEntity, {
    name: 'webhook_delivery_attempts_delivery_id_fkey',
    onDelete: 'RESTRICT',
  })
  @Column('uuid')
  deliveryId: string;

  @Column('timestamptz')
  attemptedAt: Date;

  @Column('integer', { nullable: true })
  statusCode: number | null;

  @Column('integer')
  durationMs: number;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('text')
  outcome: 'delivered' | 'failed';
}
