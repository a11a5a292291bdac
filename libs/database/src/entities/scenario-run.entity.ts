import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ScenarioEntity } from './scenario.entity';

/** One immutable run of a scenario: its steps' progress and, when done, its results. */
@Entity('scenario_runs')
@Index('ix_scenario_runs_scenario', ['scenarioId', 'id'])
@Index('ix_scenario_runs_creator', ['createdBy', 'createdAt'])
export class ScenarioRunEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('int', { name: 'scenario_id' }) scenarioId!: number;
  @ManyToOne(() => ScenarioEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scenario_id' })
  scenario?: ScenarioEntity;
  @Column('int', { name: 'version_id' }) versionId!: number;
  /** The scenario's overrides as they were when the run started (runs are immutable). */
  @Column('jsonb') overrides!: Record<string, unknown>;
  /** queued, running, completed, failed, cancelled. */
  @Column('text', { default: 'queued' }) status!: string;
  /**
   * The jsonb columns the run engine writes (progress, kpis, results) are declared as plain objects: their shapes
   * live in @app/scenarios-service (StoredRun), which this lib cannot import, and `object` lets that type narrow them.
   */
  @Column('jsonb', { default: () => "'{}'" }) progress!: object;
  @Column('jsonb', { nullable: true }) error!: { step: string; message: string } | null;
  @Column('int', { name: 'projection_run_id', nullable: true }) projectionRunId!: number | null;
  @Column('int', { name: 'evaluation_id', nullable: true }) evaluationId!: number | null;
  @Column('jsonb', { nullable: true }) kpis!: object | null;
  /** Alerts, the consolidation plan and per-area tables. */
  @Column('jsonb', { nullable: true }) results!: object | null;
  @Column('jsonb', { nullable: true }) review!: { decision: string; note: string; by: string | null; at: string } | null;
  @Column('text', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
