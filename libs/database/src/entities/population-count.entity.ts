import { Column, JoinColumn, ManyToOne, Entity, PrimaryColumn } from 'typeorm';
import { DatasetVersionEntity } from './dataset-version.entity';

/** Residents of a unit by single year of age 0..17 (ages[0..17]) for one year and population kind. */
@Entity('population_counts')
export class PopulationCountEntity {
  @PrimaryColumn('int', { name: 'version_id' }) versionId!: number;
  @ManyToOne(() => DatasetVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  version?: DatasetVersionEntity;
  @PrimaryColumn('text', { name: 'unit_code' }) unitCode!: string;
  @PrimaryColumn('int') year!: number;
  @PrimaryColumn('text') population!: string;
  @Column('int', { array: true }) ages!: number[];
}
