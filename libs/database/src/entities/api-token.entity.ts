import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An API token: only its SHA-256 hash is stored. */
@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text') name!: string;
  /** planner, reviewer or admin. */
  @Column('text') role!: string;
  @Index('uq_api_tokens_hash', { unique: true })
  @Column('text', { name: 'token_hash' })
  tokenHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}
