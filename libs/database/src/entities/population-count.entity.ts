import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VersionedRow } from './columns';

/** Residents of a unit by single year of age 0..17 (ages[0..17]) for one year and population kind. */
@Entity('population_counts')
export class PopulationCountEntity extends VersionedRow {
  @PrimaryColumn('text', { name: 'unit_code' }) unitCode!: string;
  @PrimaryColumn('int') year!: number;
  @PrimaryColumn('text') population!: string;
  @Column('int', { array: true }) ages!: number[];
}
