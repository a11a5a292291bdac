import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WarningEvaluationEntity } from './warning-evaluation.entity';

/** Demand against seats of one subject (school, catchment, township, county, city, district), stage and year. */
@Entity('capacity_figures')
@Index('ix_capacity_figures_year', ['evaluationId', 'year', 'stage'])
export class CapacityFigureEntity {
  @PrimaryColumn('int', { name: 'evaluation_id' }) evaluationId!: number;
  @ManyToOne(() => WarningEvaluationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'evaluation_id' })
  evaluation?: WarningEvaluationEntity;
  @PrimaryColumn('text', { name: 'subject_type' }) subjectType!: string;
  @PrimaryColumn('text', { name: 'subject_code' }) subjectCode!: string;
  @PrimaryColumn('text') stage!: string;
  @PrimaryColumn('int') year!: number;
  @Column('double precision') seats!: number;
  @Column('double precision', { name: 'intake_seats' }) intakeSeats!: number;
  @Column('double precision', { name: 'demand_resident' }) demandResident!: number;
  @Column('double precision', { name: 'demand_registered' }) demandRegistered!: number;
  @Column('double precision', { name: 'utilisation_resident', nullable: true }) utilisationResident!: number | null;
  @Column('double precision', { name: 'utilisation_registered', nullable: true }) utilisationRegistered!: number | null;
  @Column('double precision', { name: 'seat_gap_resident' }) seatGapResident!: number;
  @Column('int', { name: 'classes_short_resident' }) classesShortResident!: number;
  /** The full figure (intake figures, school enrolment, district members). */
  @Column('jsonb') data!: unknown;
}
