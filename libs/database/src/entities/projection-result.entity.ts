import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProjectionRunEntity } from './projection-run.entity';

/** Projected pupils of one unit, stage and year (resident and registered, by grade). */
@Entity('projection_results')
export class ProjectionResultEntity {
  @PrimaryColumn('int', { name: 'run_id' }) runId!: number;
  @ManyToOne(() => ProjectionRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: ProjectionRunEntity;
  @PrimaryColumn('text', { name: 'unit_code' }) unitCode!: string;
  @PrimaryColumn('text') stage!: string;
  @PrimaryColumn('int') year!: number;
  @Column('double precision') resident!: number;
  @Column('double precision') registered!: number;
  @Column('double precision', { name: 'from_housing' }) fromHousing!: number;
  @Column('double precision', { name: 'resident_by_grade', array: true }) residentByGrade!: number[];
  @Column('double precision', { name: 'registered_by_grade', array: true }) registeredByGrade!: number[];
}
