import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AlertEntity } from './alert.entity';

/** The history of an alert: raised, updated (what changed), acknowledged, resolved. */
@Entity('alert_events')
@Index('ix_alert_events_alert', ['alertId', 'id'])
export class AlertEventEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('int', { name: 'alert_id' }) alertId!: number;
  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id' })
  alert?: AlertEntity;
  @Column('text') event!: string;
  @Column('jsonb', { default: () => "'{}'" }) data!: Record<string, unknown>;
  @Column('int', { name: 'evaluation_id', nullable: true }) evaluationId!: number | null;
  @Column('text', { nullable: true }) actor!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
