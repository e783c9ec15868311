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

export const ORGANISATION_KINDS = [
  'ministry',
  'agency',
  'electoral-body',
  'municipality',
  'regulator',
  'association',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

@Entity('organisations')
@Unique('organisations_code_key', ['code'])
@Check('organisations_code_check', `code ~ '^[A-Za-z0-9-]{2,16}$'`)
@Check(
  'organisations_kind_check',
  `kind IN ('ministry', 'agency', 'electoral-body', 'municipality', 'regulator', 'association')`,
)
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  nameNl: string;

  @Column('text')
  kind: OrganisationKind;

  @ForeignKey(() => OrganisationEntity, { name: 'organisations_parent_id_fkey', onDelete: 'RESTRICT' })
  @Index('organisations_parent_id_idx')
  @Column('uuid', { nullable: true })
  parentId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
