import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VersionedRow } from './columns';

@Entity('housing_projects')
export class HousingProjectEntity extends VersionedRow {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'township_code' }) townshipCode!: string;
  @Column('text', { name: 'district_code', nullable: true }) districtCode!: string | null;
  @Column('text', { name: 'unit_code', nullable: true }) unitCode!: string | null;
  @Column('double precision') lon!: number;
  @Column('double precision') lat!: number;
  @Column('int') households!: number;
  @Column('text') type!: string;
  @Column('jsonb') phasing!: Record<string, number>;
  @Column('jsonb') yields!: Record<string, number>;
  @Column('jsonb', { default: () => "'{}'" }) attributes!: Record<string, unknown>;
}
