import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { VersionedRowWithBbox } from './columns';

@Entity('population_units')
@Index('ix_units_township', ['versionId', 'townshipCode'])
export class PopulationUnitEntity extends VersionedRowWithBbox {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'township_code' }) townshipCode!: string;
  @Column('text', { name: 'county_code' }) countyCode!: string;
  @Column('text') settlement!: string;
  @Column('jsonb') geometry!: unknown;
  /** A representative point inside the unit (point units: the point itself). */
  @Column('double precision') lon!: number;
  @Column('double precision') lat!: number;
  @Column('jsonb', { default: () => "'{}'" }) attributes!: Record<string, unknown>;
}
