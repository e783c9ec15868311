import {
  ForeignKey,
  Check,
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { OrganisationEntity } from './organisation.entity.js';

/** A municipality of the CBS classification; each is also an organisation that can receive alerts. */
@Entity('municipalities')
@Unique('municipalities_organisation_id_key', ['organisationId'])
@Check('municipalities_code_check', `code ~ '^GM[0-9]{4}$'`)
export class MunicipalityEntity {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  province: string;

  @ForeignKey(() => OrganisationEntity, { name: 'municipalities_organisation_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  organisationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
