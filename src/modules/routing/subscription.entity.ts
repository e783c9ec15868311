import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { MemberEntity } from '../organisations/member.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import type { ElectionPhase } from '../taxonomy/election.entity.js';
import type { ObservableType, Severity, Tlp } from '../signals/signal.enums.js';

/** What an organisation wants to be alerted about. An empty matcher matches everything. */
@Entity('subscriptions')
@Check('subscriptions_min_severity_check', `min_severity IN ('low', 'moderate', 'high', 'critical')`)
export class SubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('subscriptions_organisation_id_idx')
  @ForeignKey(() => OrganisationEntity, { name: 'subscriptions_organisation_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  organisationId: string;

  @Column('text')
  name: string;

  @Column('text', { array: true, default: () => `'{}'` })
  categories: string[];

  @Column('text', { nullable: true })
  minSeverity: Severity | null;

  @Column('text', { array: true, default: () => `'{}'` })
  elections: string[];

  @Column('text', { array: true, default: () => `'{}'` })
  phases: ElectionPhase[];

  @Column('text', { array: true, default: () => `'{}'` })
  municipalities: string[];

  @Column('text', { array: true, default: () => `'{}'` })
  tlps: Tlp[];

  @Column('text', { array: true, default: () => `'{}'` })
  observableTypes: ObservableType[];

  @Column('boolean', { default: false })
  isPaused: boolean;

  @ForeignKey(() => MemberEntity, { name: 'subscriptions_created_by_member_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  createdByMemberId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
