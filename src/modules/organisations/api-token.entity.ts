import { ForeignKey, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MemberEntity } from './member.entity.js';

@Entity('api_tokens')
@Unique('api_tokens_token_hash_key', ['tokenHash'])
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => MemberEntity, { name: 'api_tokens_member_id_fkey', onDelete: 'RESTRICT' })
  @Index('api_tokens_member_id_idx')
  @Column('uuid')
  memberId: string;

  @Column('text')
  name: string;

  /** Hex SHA-256 of the token; the token itself is shown once and never stored. */
  @Column('text')
  tokenHash: string;

  /** The first characters, so an operator can recognise a token in a list without holding it. */
  @Column('text')
  tokenPrefix: string;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
