import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An early warning (学位预警). Identity: dataset + key (rule, subject, stage, population, onset year); at most one
 * alert per identity is active (open or acknowledged) at a time, enforced by a partial unique index.
 */
@Entity('alerts')
@Index('uq_alerts_active_key', ['dataset', 'key'], { unique: true, where: "status <> 'resolved'" })
@Index('ix_alerts_status', ['dataset', 'status'])
export class AlertEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text') dataset!: string;
  @Column('text') key!: string;
  @Column('text') rule!: string;
  @Column('text') kind!: string;
  @Column('text') level!: string;
  @Column('text', { name: 'subject_type' }) subjectType!: string;
  @Column('text', { name: 'subject_code' }) subjectCode!: string;
  @Column('text') stage!: string;
  @Column('text') population!: string;
  @Column('int', { name: 'onset_year' }) onsetYear!: number;
  @Column('double precision', { nullable: true }) value!: number | null;
  @Column('double precision', { name: 'seat_gap' }) seatGap!: number;
  @Column('int', { name: 'classes_short' }) classesShort!: number;
  @Column('int', { name: 'lead_time_years' }) leadTimeYears!: number;
  /** Seat warnings: P(utilisation >= 100 %) / P(>= 90 %) in the onset year; null without an error model. */
  @Column('double precision', { name: 'p_at_least_100', nullable: true }) pAtLeast100!: number | null;
  @Column('double precision', { name: 'p_at_least_90', nullable: true }) pAtLeast90!: number | null;
  @Column('jsonb') message!: { zh: string; en: string };
  /**
   * The rule's figures behind the alert (AlertCandidate.details of @app/warnings-model). A plain object: TypeORM's update
   * type cannot take `unknown` values, and nothing reads the column back but the API, which returns it whole.
   */
  @Column('jsonb') details!: object;
  /** open, acknowledged or resolved. */
  @Column('text', { default: 'open' }) status!: string;
  @Column('int', { name: 'raised_version_id' }) raisedVersionId!: number;
  @Column('int', { name: 'last_version_id' }) lastVersionId!: number;
  @Column('int', { name: 'last_evaluation_id' }) lastEvaluationId!: number;
  @Column('timestamptz', { name: 'raised_at', default: () => 'now()' }) raisedAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt!: Date | null;
  @Column('text', { name: 'acknowledged_by', nullable: true }) acknowledgedBy!: string | null;
  @Column('text', { name: 'ack_comment', nullable: true }) ackComment!: string | null;
}
