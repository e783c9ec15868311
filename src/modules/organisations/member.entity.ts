import {
  ForeignKey,
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import type { Role } from '../../common/auth/permissions.js';
import { OrganisationEntity } from './organisation.entity.js';

@Entity('members')
@Unique('members_email_key', ['email'])
@Check(
  'members_roles_check',
  `cardinality(roles) > 0 AND roles <@ ARRAY['liaison', 'analyst', 'coordinator', 'admin']::text[]`,
)
export class MemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => OrganisationEntity, { name: 'members_organisation_id_fkey', onDelete: 'RESTRICT' })
  @Index('members_organisation_id_idx')
  @Column('uuid')
  organisationId: string;

  @Column('text')
  name: string;

  @Column('text')
  email: string;

  @Column('text', { array: true })
  roles: Role[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
