import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VersionedRowWithBbox } from './columns';

@Entity('roads')
export class RoadEntity extends VersionedRowWithBbox {
  @PrimaryColumn('text') code!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text', { name: 'road_class' }) roadClass!: string;
  @Column('double precision', { name: 'speed_kmh', nullable: true }) speedKmh!: number | null;
  @Column('boolean', { default: false }) oneway!: boolean;
  @Column('boolean', { default: false }) ferry!: boolean;
  @Column('jsonb') geometry!: unknown;
  @Column('jsonb', { default: () => "'{}'" }) attributes!: Record<string, unknown>;
}
