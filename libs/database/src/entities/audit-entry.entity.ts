import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what, when: one row per write through the API. */
@Entity('audit_log')
@Index('ix_audit_log_at', ['at'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn() id!: number;
  @CreateDateColumn({ type: 'timestamptz' }) at!: Date;
  @Column('text', { nullable: true }) actor!: string | null;
  @Column('text', { nullable: true }) role!: string | null;
  @Column('text') method!: string;
  @Column('text') path!: string;
  @Column('int') status!: number;
  @Column('jsonb', { default: () => "'{}'" }) details!: Record<string, unknown>;
}
