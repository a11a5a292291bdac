import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import * as turf from '@turf/turf';
import { DataSource, IsNull } from 'typeorm';
import { DatasetStore, type UnitIndexRow } from '@app/datasets-service';
import { ProjectionResultEntity, ProjectionRunEntity } from '@app/database';
import {
  demandIntervals,
  ProjectionInputError,
  projectWithIntervals,
  type ProjectionAssumptions,
  type UncertaintyModel,
} from '@app/projection-model';
import { RecentMap, type DatasetRecords, type DemandRow, type ProjectedStage } from '@app/domain';
import { projectionKey } from './projection-key';

export const AGGREGATION_LEVELS = ['unit', 'township', 'county', 'city', 'catchment', 'district'] as const;
export type AggregationLevel = (typeof AGGREGATION_LEVELS)[number];

export interface ProjectionRequest {
  versionId: number;
  assumptions?: ProjectionAssumptions;
  scenarioRef?: string | null;
  /** A scenario's modified inputs; default: the version's stored records. */
  records?: Pick<DatasetRecords, 'units' | 'population' | 'births' | 'housing'>;
}

export interface ProjectionSummary {
  runId: number;
  versionId: number;
  baseYear: number;
  horizon: number;
  rows: number;
  computeMs: number;
  writeMs: number;
  reused: boolean;
  warnings: number;
}

export interface DemandFigure {
  level: AggregationLevel;
  code: string;
  stage: string;
  year: number;
  resident: number;
  registered: number;
  fromHousing: number;
}

/** 80 % and 95 % bounds of a figure. */
export interface FigureInterval {
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

const CHUNK = 5000;

/** How many projection runs' rows `demandRows` keeps in memory. */
const DEMAND_CACHE_RUNS = 2;

/** Runs the cohort-component projection for a dataset version and stores it once per version and assumptions. */
@Injectable()
export class ProjectionService {
  /** All rows of recently read projection runs, by run id and creation time (see demandRows). */
  private readonly demandCache = new RecentMap<string, DemandRow[]>(DEMAND_CACHE_RUNS);

  constructor(
    private readonly ds: DataSource,
    private readonly store: DatasetStore,
  ) {}

  /**
   * Projects a version and writes the results in one transaction; an existing run with the same key is returned as
   * it is (retries and repeated requests never duplicate results).
   */
  async run(
    req: ProjectionRequest,
    progress: (p: Record<string, unknown>) => Promise<void> = async () => undefined,
  ): Promise<ProjectionSummary> {
    const assumptions = req.assumptions ?? {};
    const key = projectionKey(req.versionId, assumptions, req.scenarioRef ?? null);
    const existing = await this.ds.getRepository(ProjectionRunEntity).findOneBy({ key });
    if (existing) {
      const rows = await this.ds.getRepository(ProjectionResultEntity).countBy({ runId: existing.id });
      await progress({ step: 'done', runId: existing.id, reused: true });
      return {
        runId: existing.id,
        versionId: existing.versionId,
        baseYear: existing.baseYear,
        horizon: existing.horizon,
        rows,
        computeMs: existing.computeMs,
        writeMs: 0,
        reused: true,
        warnings: existing.warnings.length,
      };
    }
    if (!(await this.store.version(req.versionId))) throw new NotFoundException(`dataset version ${req.versionId} does not exist`);
    await progress({ step: 'loading', versionId: req.versionId });
    const records = req.records ?? (await this.store.loadRecords(req.versionId, ['units', 'population', 'births', 'housing']));
    await progress({ step: 'projecting', units: records.units.length });
    const t0 = performance.now();
    let result;
    let uncertainty: UncertaintyModel;
    try {
      // The error model is calibrated on a back-test of the latest two origins, horizons 1-3 (the warnings' lead
      // times; longer horizons take the 3-year factors): a fraction of the full back-test's cost in the job.
      ({ result, uncertainty } = projectWithIntervals(
        { units: records.units, population: records.population, births: records.births, housing: records.housing },
        assumptions,
        { backtest: { maxOrigins: 2, maxHorizon: 3 } },
      ));
    } catch (e) {
      if (e instanceof ProjectionInputError)
        throw new BadRequestException(`projection input of version ${req.versionId} is not usable: ${e.message}`);
      throw e;
    }
    const computeMs = performance.now() - t0;
    await progress({ step: 'writing', rows: result.rows.length });
    const t1 = performance.now();
    const runId = await this.ds.transaction(async (em) => {
      // A concurrent twin may have committed meanwhile: the unique key makes the loser skip its write.
      const inserted = (await em.query(
        `INSERT INTO projection_runs (key, version_id, scenario_ref, assumptions, base_year, horizon, warnings, compute_ms, uncertainty)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (key) DO NOTHING RETURNING id`,
        [
          key,
          req.versionId,
          req.scenarioRef ?? null,
          JSON.stringify(assumptions),
          result.baseYear,
          result.horizon,
          JSON.stringify(result.warnings),
          computeMs,
          JSON.stringify(uncertainty),
        ],
      )) as { id: number }[];
      if (inserted.length === 0) return null;
      const id = inserted[0].id;
      for (let i = 0; i < result.rows.length; i += CHUNK) {
        const part = result.rows.slice(i, i + CHUNK);
        await em.query(
          `INSERT INTO projection_results (run_id, unit_code, stage, year, resident, registered, from_housing,
            resident_by_grade, registered_by_grade)
           SELECT $1, u, s, y, r, g, h, string_to_array(rg, ',')::float8[], string_to_array(gg, ',')::float8[]
           FROM unnest($2::text[], $3::text[], $4::int[], $5::float8[], $6::float8[], $7::float8[], $8::text[], $9::text[]) AS
             t(u, s, y, r, g, h, rg, gg)`,
          [
            id,
            part.map((r) => r.unitCode),
            part.map((r) => r.stage),
            part.map((r) => r.year),
            part.map((r) => r.resident),
            part.map((r) => r.registered),
            part.map((r) => r.fromHousing),
            part.map((r) => r.residentByGrade.join(',')),
            part.map((r) => r.registeredByGrade.join(',')),
          ],
        );
      }
      return id;
    });
    if (runId === null) return this.run(req, progress);
    const writeMs = performance.now() - t1;
    await progress({ step: 'done', runId });
    return {
      runId,
      versionId: req.versionId,
      baseYear: result.baseYear,
      horizon: result.horizon,
      rows: result.rows.length,
      computeMs,
      writeMs,
      reused: false,
      warnings: result.warnings.length,
    };
  }

  /**
   * The stored run of a version under these assumptions and scenario reference (null: the default projection, made
   * from the version's stored records), or null when there is none yet. Its rows are committed with it.
   * @example await projections.findRun(3, { birthExtension: 'medium' }, null) // the version's medium projection, if made
   */
  async findRun(versionId: number, assumptions: ProjectionAssumptions, scenarioRef: string | null): Promise<ProjectionRunEntity | null> {
    return this.ds.getRepository(ProjectionRunEntity).findOneBy({ key: projectionKey(versionId, assumptions, scenarioRef) });
  }

  /** The error model stored with a projection run (null: none stored). */
  async uncertainty(runId: number): Promise<UncertaintyModel | null> {
    const rows = (await this.ds.query('SELECT uncertainty FROM projection_runs WHERE id = $1', [runId])) as {
      uncertainty: UncertaintyModel | null;
    }[];
    return rows[0]?.uncertainty ?? null;
  }

  /**
   * The version's default projection, the one everyone reads (GET /projections, the automatic warnings): the newest
   * run without a scenario reference. Planners' requests are stored under their own reference and never become it;
   * only an admin's request with `makeDefault` (or the standard projection made after an import) does.
   */
  async latestRun(versionId: number): Promise<ProjectionRunEntity | null> {
    return this.ds.getRepository(ProjectionRunEntity).findOne({ where: { versionId, scenarioRef: IsNull() }, order: { id: 'DESC' } });
  }

  /** A projection run by id, or null. */
  async runById(id: number): Promise<ProjectionRunEntity | null> {
    return this.ds.getRepository(ProjectionRunEntity).findOneBy({ id });
  }

  /** Assumptions of the version's default projection ({} for the standard one). */
  async defaultAssumptions(versionId: number): Promise<ProjectionAssumptions> {
    return ((await this.latestRun(versionId))?.assumptions as ProjectionAssumptions | undefined) ?? {};
  }

  /**
   * Demand aggregated to a level: unit, township, county, city, catchment (by its unit list) or district (by polygon).
   * The units' keys come from libs/datasets-service, the owner of the unit and catchment tables, and join the stored rows as arrays.
   */
  async aggregate(
    runId: number,
    level: AggregationLevel,
    filter: { code?: string; stage?: string; year?: number } = {},
  ): Promise<DemandFigure[]> {
    const run = await this.ds.getRepository(ProjectionRunEntity).findOneBy({ id: runId });
    if (!run) throw new NotFoundException(`projection run ${runId} does not exist`);
    const params: unknown[] = [runId];
    const where: string[] = ['r.run_id = $1'];
    if (filter.stage) where.push(`r.stage = $${params.push(filter.stage)}`);
    if (filter.year !== undefined) where.push(`r.year = $${params.push(filter.year)}`);
    const array = (values: readonly string[]) => `$${params.push(values)}::text[]`;
    let join: string;
    switch (level) {
      case 'unit':
      case 'township':
      case 'county':
      case 'city': {
        const units = await this.store.unitIndex(run.versionId);
        const keyOf = {
          unit: (u: UnitIndexRow) => u.code,
          township: (u: UnitIndexRow) => u.townshipCode,
          county: (u: UnitIndexRow) => u.countyCode,
          city: () => 'city',
        }[level];
        join = `JOIN unnest(${array(units.map((u) => u.code))}, ${array(units.map(keyOf))}) AS dm(unit, key) ON dm.unit = r.unit_code`;
        break;
      }
      case 'catchment': {
        // One row per catchment, stage and unit: a unit listed twice in a catchment counts once.
        const triples = new Map<string, [string, string, string]>();
        for (const c of await this.store.catchmentUnits(run.versionId))
          for (const u of c.unitCodes) triples.set(`${c.code}|${c.stage}|${u}`, [c.code, c.stage, u]);
        const t = [...triples.values()];
        join = `JOIN unnest(${array(t.map((x) => x[0]))}, ${array(t.map((x) => x[1]))}, ${array(t.map((x) => x[2]))}) AS dm(key,
          stage, unit) ON dm.stage = r.stage AND dm.unit = r.unit_code`;
        break;
      }
      case 'district': {
        const units = await this.unitsByDistrict(run.versionId, filter.code);
        const pairs = [...units.entries()].flatMap(([d, us]) => us.map((u) => [d, u]));
        join = `JOIN unnest(${array(pairs.map((p) => p[0]))}, ${array(pairs.map((p) => p[1]))}) AS dm(key, unit) ON dm.unit = r.unit_code`;
        break;
      }
      default:
        throw new BadRequestException(`unknown level "${String(level)}" (expected ${AGGREGATION_LEVELS.join(', ')})`);
    }
    if (filter.code && level !== 'district' && level !== 'city') where.push(`dm.key = $${params.push(filter.code)}`);
    const rows = (await this.ds.query(
      `SELECT dm.key AS code, r.stage, r.year, sum(r.resident) AS resident, sum(r.registered) AS registered, sum(r.from_housing)
        AS from_housing
       FROM projection_results r ${join} WHERE ${where.join(' AND ')}
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      params,
    )) as { code: string; stage: string; year: number; resident: string; registered: string; from_housing: string }[];
    return rows.map((r) => ({
      level,
      code: r.code,
      stage: r.stage,
      year: r.year,
      resident: Number(r.resident),
      registered: Number(r.registered),
      fromHousing: Number(r.from_housing),
    }));
  }

  /**
   * The same figures as `aggregate` with their 80 % / 95 % intervals (the run's stored error model; intervals equal to
   * the value when the run has none). Sums are computed from the unit rows, so township, catchment and district
   * intervals account for units of one township moving together.
   */
  async aggregateWithIntervals(
    runId: number,
    level: AggregationLevel,
    filter: { code?: string; stage?: string; year?: number } = {},
  ): Promise<(DemandFigure & { intervals: { resident: FigureInterval; registered: FigureInterval } | null })[]> {
    const figures = await this.aggregate(runId, level, filter);
    const model = await this.uncertainty(runId);
    if (!model || figures.length === 0) return figures.map((f) => ({ ...f, intervals: null }));
    const run = (await this.ds.getRepository(ProjectionRunEntity).findOneBy({ id: runId }))!;
    const keys = new Map<string, string[]>();
    const add = (unit: string, key: string) => keys.set(unit, [...(keys.get(unit) ?? []), key]);
    const wanted = new Set(figures.map((f) => f.code));
    if (level === 'district') for (const [d, us] of await this.unitsByDistrict(run.versionId, filter.code)) for (const u of us) add(u, d);
    else if (level === 'catchment') {
      for (const c of await this.store.catchmentUnits(run.versionId))
        if (wanted.has(c.code)) for (const u of c.unitCodes) add(`${u}|${c.stage}`, c.code);
    } else {
      const keyOf = (u: UnitIndexRow) => (level === 'township' ? u.townshipCode : level === 'county' ? u.countyCode : u.code);
      for (const u of await this.store.unitIndex(run.versionId))
        if (level === 'city' || wanted.has(keyOf(u))) add(u.code, level === 'city' ? 'city' : keyOf(u));
    }
    const units = [...new Set([...keys.keys()].map((k) => k.split('|')[0]))];
    const rows = await this.demandRows(runId, { units, stage: filter.stage, year: filter.year });
    const ivs = demandIntervals(
      rows,
      model,
      (u, stage) => (level === 'catchment' ? keys.get(`${u}|${stage}`) : keys.get(u))?.map((key) => ({ key, weight: 1 })) ?? [],
    );
    const byId = new Map(ivs.map((i) => [`${i.key}|${i.stage}|${i.year}`, i]));
    const pick = (i: { lo80: number; hi80: number; lo95: number; hi95: number }): FigureInterval => ({
      lo80: i.lo80,
      hi80: i.hi80,
      lo95: i.lo95,
      hi95: i.hi95,
    });
    return figures.map((f) => {
      const i = byId.get(`${f.code}|${f.stage}|${f.year}`);
      return { ...f, intervals: i ? { resident: pick(i.resident), registered: pick(i.registered) } : null };
    });
  }

  /**
   * The run's stored rows (projection_results) as the matching library reads them, optionally only some units,
   * one stage or one year. The one reader of that table outside this service's writes. All of a run's rows are kept
   * in memory for the next caller (rows shared: read them, never mutate them; each call gets its own array).
   * @example const demand = await projections.demandRows(run.runId); // every unit, stage and year of the run
   */
  async demandRows(runId: number, filter: { units?: readonly string[]; stage?: string; year?: number } = {}): Promise<DemandRow[]> {
    const whole = !filter.units && !filter.stage && filter.year === undefined;
    if (!whole) return this.readDemandRows(runId, filter);
    // A run's rows are written once, with the run, and never changed; a scenario run reads them in its optimisation
    // and warnings steps, and runs of the same projection share them (96,096 rows: over a second to read and parse).
    const created = (await this.ds.query('SELECT created_at FROM projection_runs WHERE id = $1', [runId])) as { created_at: Date }[];
    if (created.length === 0) return this.readDemandRows(runId, filter);
    const key = `${runId}@${created[0].created_at.getTime()}`;
    let rows = this.demandCache.get(key);
    if (!rows) {
      rows = await this.readDemandRows(runId, filter);
      this.demandCache.set(key, rows);
    }
    return rows.slice();
  }

  private async readDemandRows(runId: number, filter: { units?: readonly string[]; stage?: string; year?: number }): Promise<DemandRow[]> {
    const params: unknown[] = [runId];
    let where = 'run_id = $1';
    if (filter.units) where += ` AND unit_code = ANY($${params.push(filter.units)}::text[])`;
    if (filter.stage) where += ` AND stage = $${params.push(filter.stage)}`;
    if (filter.year !== undefined) where += ` AND year = $${params.push(filter.year)}`;
    const raw = (await this.ds.query(
      // In one order: the steps sum these rows into school demand, and a sum's last bits follow its order (a school at
      // 199.998 pupils is small or not by them); without ORDER BY a parallel scan returns them in any order.
      `SELECT unit_code, stage, year, resident, registered, from_housing, resident_by_grade, registered_by_grade FROM
        projection_results WHERE ${where} ORDER BY unit_code, stage, year`,
      params,
    )) as {
      unit_code: string;
      stage: string;
      year: number;
      resident: number;
      registered: number;
      from_housing: number;
      resident_by_grade: number[];
      registered_by_grade: number[];
    }[];
    return raw.map((r) => ({
      unitCode: r.unit_code,
      stage: r.stage as ProjectedStage,
      year: r.year,
      resident: r.resident,
      registered: r.registered,
      fromHousing: r.from_housing,
      residentByGrade: r.resident_by_grade,
      registeredByGrade: r.registered_by_grade,
    }));
  }

  /** Units whose representative point lies in each district polygon. */
  async unitsByDistrict(versionId: number, code?: string): Promise<Map<string, string[]>> {
    const records = await this.store.loadRecords(versionId, ['districts']);
    const units = await this.store.unitIndex(versionId);
    const out = new Map<string, string[]>();
    for (const d of records.districts) {
      if (code && d.code !== code) continue;
      out.set(
        d.code,
        units.filter((u) => turf.booleanPointInPolygon([u.lon, u.lat], d.geometry)).map((u) => u.code),
      );
    }
    return out;
  }
}
