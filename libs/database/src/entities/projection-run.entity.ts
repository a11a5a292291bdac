import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DatasetVersionEntity } from './dataset-version.entity';

/** One projection of a dataset version under a set of assumptions. Its key makes re-runs and retries idempotent. */
@Entity('projection_runs')
export class ProjectionRunEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Index('uq_projection_runs_key', { unique: true })
  @Column('text')
  key!: string;
  @Column('int', { name: 'version_id' }) versionId!: number;
  @ManyToOne(() => DatasetVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  version?: DatasetVersionEntity;
  /** Scenario that overrode the assumptions, when any. */
  @Column('text', { name: 'scenario_ref', nullable: true }) scenarioRef!: string | null;
  @Column('jsonb') assumptions!: Record<string, unknown>;
  @Column('int', { name: 'base_year' }) baseYear!: number;
  @Column('int') horizon!: number;
  @Column('jsonb', { default: () => "'[]'" }) warnings!: unknown[];
  @Column('double precision', { name: 'compute_ms', default: 0 }) computeMs!: number;
  /** The projection's error model (`UncertaintyModel` of @app/projection-model); null for runs stored before it existed. */
  @Column('jsonb', { nullable: true }) uncertainty!: Record<string, unknown> | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
