import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

const CODE_CHECK = `code ~ '^[a-z0-9][a-z0-9-]{1,47}$'`;

/** A kind of signal. The taxonomy is a moving target: admins add entries at run time. */
@Entity('signal_categories')
@Check('signal_categories_code_check', CODE_CHECK)
export class SignalCategoryEntity {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  nameEn: string;

  @Column('text')
  nameNl: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A follow-up instrument (take-down request, report to the AP, fact-check, ...). */
@Entity('action_types')
@Check('action_types_code_check', CODE_CHECK)
export class ActionTypeEntity {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  nameEn: string;

  @Column('text')
  nameNl: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
