import { Column, Entity, PrimaryColumn } from 'typeorm';
import { VersionedRowWithBbox } from './columns';

@Entity('districts')
export class DistrictEntity extends VersionedRowWithBbox {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('boolean', { default: true }) watched!: boolean;
  @Column('jsonb') geometry!: unknown;
  @Column('jsonb', { default: () => "'{}'" }) attributes!: Record<string, unknown>;
}
