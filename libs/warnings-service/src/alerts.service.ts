import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { DataSource } from 'typeorm';
import { DatasetStore } from '@app/datasets-service';
import { AlertEntity, AlertEventEntity, WarningEvaluationEntity } from '@app/database';
import type { CapacityFigure } from './alert.schema';
import { queryCapacityFigures, type FigureFilter } from './figures-query';

export interface AlertFilter {
  dataset: string;
  level?: string;
  kind?: string;
  stage?: string;
  county?: string;
  district?: string;
  /** Every alert concerning a school: its own, its catchments', and those of the districts it serves. */
  school?: string;
  year?: number;
  status?: string;
  population?: string;
  limit: number;
  offset: number;
}

const STATUSES = ['open', 'acknowledged', 'resolved', 'active', 'all'];

/** Reading and acknowledging alerts, and the KPIs of the latest evaluation. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: DatasetStore,
  ) {}

  async list(f: AlertFilter): Promise<{ total: number; alerts: AlertEntity[] }> {
    const status = f.status ?? 'active';
    if (!STATUSES.includes(status)) throw new BadRequestException(`status must be one of ${STATUSES.join(', ')}, got "${status}"`);
    const qb = this.ds.getRepository(AlertEntity).createQueryBuilder('a').where('a.dataset = :dataset', { dataset: f.dataset });
    if (status === 'active') qb.andWhere("a.status <> 'resolved'");
    else if (status !== 'all') qb.andWhere('a.status = :status', { status });
    if (f.level) qb.andWhere('a.level = :level', { level: f.level });
    if (f.kind) qb.andWhere('a.kind = :kind', { kind: f.kind });
    if (f.stage) qb.andWhere('a.stage = :stage', { stage: f.stage });
    if (f.population) qb.andWhere('a.population = :population', { population: f.population });
    if (f.year !== undefined) qb.andWhere('a.onset_year <= :year', { year: f.year });
    if (f.district) qb.andWhere("a.subject_type = 'district' AND a.subject_code = :district", { district: f.district });
    // Schools and catchments are libs/datasets-service' tables: it answers which codes of the alerts' versions qualify, and
    // the filter matches (last version, subject code) against them.
    const versions = f.school || f.county ? await this.alertVersions(f.dataset) : [];
    if (f.school) {
      const catchments = await this.store.catchmentsOfSchool(versions, f.school);
      qb.andWhere(
        `((a.subject_type = 'school' AND a.subject_code = :school)
          OR (a.subject_type = 'catchment' AND (a.last_version_id, a.subject_code) IN (SELECT * FROM
            unnest(CAST(:schoolCatchmentVersions AS int[]), CAST(:schoolCatchmentCodes AS text[]))))
          OR (a.subject_type = 'district' AND EXISTS (SELECT 1 FROM capacity_figures f WHERE f.evaluation_id =
            a.last_evaluation_id AND f.subject_type = 'district'
                AND f.subject_code = a.subject_code AND f.stage = a.stage AND (f.data->'schoolCodes') @>
                  jsonb_build_array(CAST(:school AS text)))))`,
        {
          school: f.school,
          schoolCatchmentVersions: catchments.map((c) => c.versionId),
          schoolCatchmentCodes: catchments.map((c) => c.code),
        },
      );
    }
    if (f.county) {
      // Schools carry their county; areas, catchments and districts by code prefix or their schools' county.
      const subjects = await this.store.countySchoolSubjects(versions, f.county);
      qb.andWhere(
        `(left(a.subject_code, 6) = :county OR (a.last_version_id, a.subject_code) IN (SELECT * FROM unnest(CAST(:countyVersions
          AS int[]), CAST(:countyCodes AS text[]))))`,
        { county: f.county, countyVersions: subjects.map((c) => c.versionId), countyCodes: subjects.map((c) => c.code) },
      );
    }
    qb.orderBy("CASE a.level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 WHEN 'yellow' THEN 2 ELSE 3 END", 'ASC')
      .addOrderBy('a.onset_year', 'ASC')
      .addOrderBy('a.id', 'ASC');
    const [alerts, total] = await qb.skip(f.offset).take(f.limit).getManyAndCount();
    return { total, alerts };
  }

  /** The dataset versions the dataset's alerts were last evaluated on. */
  private async alertVersions(dataset: string): Promise<number[]> {
    const rows = (await this.ds.query('SELECT DISTINCT last_version_id AS id FROM alerts WHERE dataset = $1', [dataset])) as {
      id: number;
    }[];
    return rows.map((r) => r.id);
  }

  /** Alerts as GeoJSON: each at its subject's geometry (school point, catchment, area or district polygon). */
  async geojson(f: AlertFilter): Promise<FeatureCollection> {
    const { alerts } = await this.list(f);
    const latest = await this.store.latestVersion(f.dataset);
    if (!latest) return { type: 'FeatureCollection', features: [] };
    const r = await this.store.loadRecords(latest.id, ['schools', 'catchments', 'areas', 'districts']);
    const geom = new Map<string, Geometry>();
    for (const s of r.schools) geom.set(`school:${s.code}`, { type: 'Point', coordinates: [s.lon, s.lat] });
    for (const c of r.catchments) if (c.geometry) geom.set(`catchment:${c.code}`, c.geometry);
    for (const a of r.areas) geom.set(`${a.level}:${a.code}`, a.geometry);
    for (const d of r.districts) geom.set(`district:${d.code}`, d.geometry);
    const features: Feature[] = alerts.map((a) => ({
      type: 'Feature',
      id: a.id,
      geometry: (geom.get(`${a.subjectType}:${a.subjectCode}`) ?? null) as Geometry,
      properties: { ...a },
    }));
    return { type: 'FeatureCollection', features };
  }

  async acknowledge(id: number, comment: string, actor: string | null): Promise<AlertEntity> {
    if (!comment || comment.trim().length === 0) throw new BadRequestException('comment is required to acknowledge an alert');
    if (comment.length > 2000) throw new BadRequestException('comment is longer than 2000 characters');
    return this.ds.transaction(async (em) => {
      const a = await em.getRepository(AlertEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!a) throw new NotFoundException(`alert ${id} does not exist`);
      if (a.status === 'resolved') throw new ConflictException(`alert ${id} is already resolved`);
      await em
        .getRepository(AlertEntity)
        .update(id, { status: 'acknowledged', acknowledgedAt: new Date(), acknowledgedBy: actor, ackComment: comment.trim() });
      await em
        .getRepository(AlertEventEntity)
        .save({ alertId: id, event: 'acknowledged', data: { comment: comment.trim() }, actor, evaluationId: null });
      return (await em.getRepository(AlertEntity).findOneBy({ id }))!;
    });
  }

  async history(id: number): Promise<AlertEventEntity[]> {
    return this.ds.getRepository(AlertEventEntity).find({ where: { alertId: id }, order: { id: 'ASC' } });
  }

  async latestEvaluation(dataset: string): Promise<WarningEvaluationEntity | null> {
    return this.ds.getRepository(WarningEvaluationEntity).findOne({ where: { dataset }, order: { id: 'DESC' } });
  }

  /** Capacity figures of the latest evaluation for a subject type (school, catchment, township, county, city, district). */
  async figures(dataset: string, q: FigureFilter): Promise<CapacityFigure[]> {
    const ev = await this.latestEvaluation(dataset);
    if (!ev) throw new NotFoundException(`dataset "${dataset}" has not been evaluated yet`);
    return queryCapacityFigures(this.ds, ev.id, q, 20_000);
  }
}
