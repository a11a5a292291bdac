import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DatasetEntity } from './dataset.entity';

/** An immutable snapshot of every layer, created by one import. */
@Entity('dataset_versions')
@Index('uq_dataset_versions_number', ['datasetId', 'number'], { unique: true })
export class DatasetVersionEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('int', { name: 'dataset_id' }) datasetId!: number;
  /** 1, 2, 3 ... within the dataset. */
  @ManyToOne(() => DatasetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dataset_id' })
  dataset?: DatasetEntity;
  @Column('int') number!: number;
  @Column('int', { name: 'parent_version_id', nullable: true }) parentVersionId!: number | null;
  @Column('text', { default: '' }) label!: string;
  /** Files of the import: name, layer, format, crs, rows. */
  @Column('jsonb', { default: () => "'[]'" }) files!: unknown;
  /** Added, changed, removed per layer against the parent version. */
  @Column('jsonb', { default: () => "'{}'" }) summary!: unknown;
  /** Row counts per layer in this version. */
  @Column('jsonb', { default: () => "'{}'" }) counts!: unknown;
  @Column('text', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
