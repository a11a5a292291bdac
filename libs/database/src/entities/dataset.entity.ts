import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A named data collection (a region): 'quzhou', 'toy'. Its versions form a chain. */
@Entity('datasets')
export class DatasetEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { unique: true }) name!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
