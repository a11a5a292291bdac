import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DatasetVersionEntity } from './dataset-version.entity';

/** One matching-and-warnings evaluation of a dataset version: its indicators, figures and alert changes. */
@Entity('warning_evaluations')
@Index('ix_warning_evaluations_dataset', ['dataset', 'id'])
@Index('ix_warning_evaluations_content', ['contentKey'], { unique: true })
export class WarningEvaluationEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text') dataset!: string;
  @Column('int', { name: 'version_id' }) versionId!: number;
  @ManyToOne(() => DatasetVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  version?: DatasetVersionEntity;
  @Column('int', { name: 'projection_run_id' }) projectionRunId!: number;
  @Column('int', { name: 'evaluation_year' }) evaluationYear!: number;
  /** Scheduled, import or manual. */
  @Column('text') trigger!: string;
  @Column('jsonb') indicators!: unknown;
  @Column('jsonb', { name: 'unmatched', default: () => "'[]'" }) unmatched!: unknown;
  /** Counts of raised, updated, resolved and unchanged alerts. */
  @Column('jsonb') changes!: Record<string, number>;
  @Column('double precision', { name: 'compute_ms', default: 0 }) computeMs!: number;
  /** A run's evaluation: the hash of what determines it (version, projection, overrides, plan); equal keys share one row. */
  @Column('text', { name: 'content_key', nullable: true }) contentKey!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
