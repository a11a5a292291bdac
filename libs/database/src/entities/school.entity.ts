import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ResourceIndicators } from '@app/domain';
import { VersionedRow } from './columns';

@Entity('schools')
@Index('ix_schools_county', ['versionId', 'countyCode'])
@Index('ix_schools_lonlat', ['versionId', 'lon', 'lat'])
export class SchoolEntity extends VersionedRow {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text', { array: true }) stages!: string[];
  @Column('text') ownership!: string;
  @Column('double precision') lon!: number;
  @Column('double precision') lat!: number;
  @Column('text', { name: 'county_code', nullable: true }) countyCode!: string | null;
  @Column('text', { name: 'township_code', nullable: true }) townshipCode!: string | null;
  @Column('jsonb', { name: 'classes_by_grade', default: () => "'{}'" }) classesByGrade!: Record<string, number>;
  @Column('jsonb', { name: 'enrolment_by_grade', default: () => "'{}'" }) enrolmentByGrade!: Record<string, number>;
  @Column('int') enrolment!: number;
  @Column('int') classes!: number;
  @Column('int', { name: 'approved_seats' }) approvedSeats!: number;
  @Column('int', { name: 'class_size_norm', nullable: true }) classSizeNorm!: number | null;
  @Column('int', { name: 'max_classes', nullable: true }) maxClasses!: number | null;
  @Column('int', { name: 'boarding_places', default: 0 }) boardingPlaces!: number;
  @Column('int', { default: 0 }) teachers!: number;
  @Column('jsonb', { nullable: true }) indicators!: ResourceIndicators | null;
  @Column('text', { default: 'open' }) status!: string;
  @Column('int', { name: 'open_year', nullable: true }) openYear!: number | null;
  @Column('int', { name: 'close_year', nullable: true }) closeYear!: number | null;
  @Column('jsonb', { default: () => "'{}'" }) attributes!: Record<string, unknown>;
}
