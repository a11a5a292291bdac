import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ScenarioRunEntity } from './scenario-run.entity';

/** One review of a run. A run's later review supersedes the earlier one, which stays in the history. */
@Entity('run_reviews')
@Index('ix_run_reviews_run', ['runId', 'id'])
export class RunReviewEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('int', { name: 'run_id' }) runId!: number;
  @ManyToOne(() => ScenarioRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: ScenarioRunEntity;
  /** approved or rejected. */
  @Column('text') decision!: string;
  @Column('text') note!: string;
  @Column('text', { name: 'reviewed_by', nullable: true }) reviewedBy!: string | null;
  /** The review this one superseded (null for the first). */
  @Column('int', { name: 'supersedes_id', nullable: true }) supersedesId!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
