import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A what-if: a base dataset version plus validated overrides. */
@Entity('scenarios')
export class ScenarioEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text') dataset!: string;
  @Column('text') name!: string;
  /** Null: the dataset's latest version at run time. */
  @Column('int', { name: 'base_version_id', nullable: true }) baseVersionId!: number | null;
  @Column('jsonb') overrides!: Record<string, unknown>;
  @Column('text', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
