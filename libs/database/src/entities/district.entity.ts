import { Column, JoinColumn, ManyToOne, Entity, PrimaryColumn } from 'typeorm';
import { DatasetVersionEntity } from './dataset-version.entity';
import { WithBbox } from './columns';

@Entity('districts')
export class DistrictEntity extends WithBbox {
  @PrimaryColumn('int', { name: 'version_id' }) versionId!: number;
  @ManyToOne(() => DatasetVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  version?: DatasetVersionEntity;
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('boolean', { default: true }) watched!: boolean;
  @Column('jsonb') geometry!: unknown;
  @Column('jsonb', { default: () => "'{}'" }) attributes!: Record<string, unknown>;
}
