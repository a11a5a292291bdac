import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VersionedRow } from './columns';

@Entity('births')
export class BirthEntity extends VersionedRow {
  @PrimaryColumn('text', { name: 'area_code' }) areaCode!: string;
  @PrimaryColumn('int') year!: number;
  @Column('double precision') births!: number;
  @Column('double precision', { name: 'registered_births', nullable: true }) registeredBirths!: number | null;
}
