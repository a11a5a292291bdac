import { Column, JoinColumn, ManyToOne, Entity, PrimaryColumn } from 'typeorm';
import { DatasetVersionEntity } from './dataset-version.entity';

@Entity('births')
export class BirthEntity {
  @PrimaryColumn('int', { name: 'version_id' }) versionId!: number;
  @ManyToOne(() => DatasetVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  version?: DatasetVersionEntity;
  @PrimaryColumn('text', { name: 'area_code' }) areaCode!: string;
  @PrimaryColumn('int') year!: number;
  @Column('double precision') births!: number;
  @Column('double precision', { name: 'registered_births', nullable: true }) registeredBirths!: number | null;
}
