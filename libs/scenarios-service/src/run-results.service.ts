import { BadRequestException, NotFoundException, Injectable } from '@nestjs/common';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { DataSource } from 'typeorm';
import {
  closureDossiers,
  countySummaries,
  countySummaryHtml,
  dossierHtml,
  dossierWorkbook,
  type ConsolidationPlan,
} from '@app/consolidation';
import { DatasetStore } from '@app/datasets-service';
import { ProjectionService } from '@app/projection-service';
import type { AlertCandidate } from '@app/warnings-model';
import { queryCapacityFigures, type CapacityFigure, type FigureFilter } from '@app/warnings-service';
import {
  roundParts,
  roundPupils,
  toCsv,
  toCsvSections,
  toWorkbook,
  translateValue,
  kindOf,
  type ExportSheet,
  type Lang,
} from '@app/scenarios-model';
import { comparisonHeadlineRows, headlineFigures, headlineRows, type HeadlineFigure } from '@app/scenarios-model';
import { headlineIntervals } from './headline-intervals';
import { renderRunReport } from '@app/scenarios-model';
import { reportData } from './report/write-report';
import type { RunKpis } from '@app/scenarios-model';
import { RunsService } from './runs.service';
import type { StoredRun } from './stored-run';

export const RESULT_TABLES = ['schools', 'areas', 'alerts', 'plan', 'closures', 'headline', 'kpis'] as const;
export type ResultTable = (typeof RESULT_TABLES)[number];
export const RESULT_FORMATS = ['json', 'geojson', 'csv', 'xlsx'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];
export const GEOMETRY_TYPES = ['point', 'line', 'polygon'] as const;
export type GeometryChoice = (typeof GEOMETRY_TYPES)[number];
export const COMPARE_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

/** Names of a version's schools, areas, districts and catchments (what exports put beside codes). */
interface Names {
  school: Map<string, { name: string; countyCode: string | null; townshipCode: string | null }>;
  area: Map<string, string>;
  district: Map<string, string>;
  catchment: Map<string, string>;
}

/**
 * A finished run's KPIs. The report step stores them before it marks the run completed or infeasible, so only a
 * row written by hand lacks them; it fails here with its id rather than on the first figure read from null.
 */
function kpisOf(r: StoredRun): RunKpis {
  if (!r.kpis) throw new Error(`run ${r.id} is ${r.status} but has no KPIs`);
  return r.kpis;
}

const GEOMETRY_OF: Record<string, GeometryChoice> = {
  Point: 'point',
  MultiPoint: 'point',
  LineString: 'line',
  MultiLineString: 'line',
  Polygon: 'polygon',
  MultiPolygon: 'polygon',
};

/** A run's results as tables, GeoJSON, CSV/XLSX exports, the HTML report, and the comparison of two runs. */
@Injectable()
export class RunResultsService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: DatasetStore,
    private readonly runs: RunsService,
    private readonly projections: ProjectionService,
  ) {}

  private async names(versionId: number): Promise<Names> {
    const rec = await this.store.loadRecords(versionId, ['schools', 'areas', 'districts', 'catchments']);
    const school = new Map(rec.schools.map((x) => [x.code, { name: x.name, countyCode: x.countyCode, townshipCode: x.townshipCode }]));
    const catchment = new Map(rec.catchments.map((c) => [c.code, c.schoolCodes.map((sc) => school.get(sc)?.name ?? sc).join('、')]));
    return {
      school,
      area: new Map(rec.areas.map((a) => [a.code, a.name])),
      district: new Map(rec.districts.map((d) => [d.code, d.name])),
      catchment,
    };
  }

  private subjectName(n: Names, type: string, code: string): string | null {
    if (type === 'school') return n.school.get(code)?.name ?? null;
    if (type === 'district') return n.district.get(code) ?? null;
    if (type === 'catchment') return n.catchment.get(code) ?? null;
    return n.area.get(code) ?? null;
  }

  private async completed(id: number): Promise<StoredRun> {
    const r = await this.runs.get(id);
    // An infeasible run has finished too: its world is the scenario without a plan, and its results say why.
    if (r.status !== 'completed' && r.status !== 'infeasible')
      throw new BadRequestException(`run ${id} is ${r.status}: results exist once it has completed`);
    return r;
  }

  async figures(id: number, q: FigureFilter): Promise<CapacityFigure[]> {
    const r = await this.completed(id);
    return queryCapacityFigures(this.ds, r.evaluationId!, q);
  }

  async alerts(id: number): Promise<AlertCandidate[]> {
    const r = await this.completed(id);
    return r.results?.alerts ?? [];
  }

  private async geometries(versionId: number): Promise<Map<string, Geometry>> {
    const rec = await this.store.loadRecords(versionId, ['schools', 'catchments', 'areas', 'districts']);
    const g = new Map<string, Geometry>();
    for (const s of rec.schools) g.set(`school:${s.code}`, { type: 'Point', coordinates: [s.lon, s.lat] });
    for (const c of rec.catchments) if (c.geometry) g.set(`catchment:${c.code}`, c.geometry);
    for (const a of rec.areas) g.set(`${a.level}:${a.code}`, a.geometry);
    for (const d of rec.districts) g.set(`district:${d.code}`, d.geometry);
    return g;
  }

  async alertsGeojson(id: number): Promise<FeatureCollection> {
    const r = await this.completed(id);
    const geom = await this.geometries(r.versionId);
    const alerts = await this.alerts(id);
    return {
      type: 'FeatureCollection',
      features: alerts.map((a) => ({
        type: 'Feature',
        geometry: (geom.get(`${a.subjectType}:${a.subjectCode}`) ?? null) as Geometry,
        properties: { ...a },
      })),
    };
  }

  async planGeojson(id: number): Promise<FeatureCollection> {
    const r = await this.completed(id);
    const plan = r.results?.plan ?? null;
    if (!plan) return { type: 'FeatureCollection', features: [] };
    const schools = new Map((await this.store.loadRecords(r.versionId, ['schools'])).schools.map((s) => [s.code, s]));
    const closed: Feature[] = plan.schools
      .filter((s) => s.decision === 'close')
      .map((s) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [schools.get(s.code)!.lon, schools.get(s.code)!.lat] },
        properties: { kind: 'closed_school', code: s.code, name: s.name, pupilsToday: s.enrolmentToday },
      }));
    const transfers: Feature[] = plan.transfers.features.map((f) => ({ ...f, properties: { kind: 'transfer', ...f.properties } }));
    return { type: 'FeatureCollection', features: [...closed, ...transfers] };
  }

  /**
   * The closure dossiers of a run's plan: 'summary' (county summary page linking each closure), one closure's page
   * (`school`), or the workbook (county summary sheet + one sheet per closure). 404 names a school the plan keeps.
   */
  async dossier(
    id: number,
    what: { kind: 'summary' } | { kind: 'school'; school: string } | { kind: 'xlsx' },
  ): Promise<{ body: string | Buffer; contentType: string; filename: string }> {
    const r = await this.completed(id);
    const plan = r.results?.plan ?? null;
    if (!plan) throw new NotFoundException(`run ${id} has no consolidation plan`);
    const dossiers = closureDossiers(plan, (await this.store.loadRecords(r.versionId, ['schools'])).schools);
    const summaries = countySummaries(plan, dossiers);
    if (what.kind === 'xlsx')
      return {
        body: await dossierWorkbook(summaries, dossiers),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filename: `run-${id}-dossiers.xlsx`,
      };
    if (what.kind === 'summary')
      return {
        body: countySummaryHtml(summaries, dossiers, (code) => `/runs/${id}/dossiers/${encodeURIComponent(code)}`),
        contentType: 'text/html; charset=utf-8',
        filename: `run-${id}-dossiers.html`,
      };
    const d = dossiers.find((x) => x.code === what.school);
    if (!d) throw new NotFoundException(`school ${what.school} does not close in run ${id}'s plan`);
    return { body: dossierHtml(d), contentType: 'text/html; charset=utf-8', filename: `run-${id}-dossier-${d.code}.html` };
  }

  /** Figure rows as shown: names beside codes, shortage and spare seats as two columns, pupils rounded per stage and year. */
  private figureRows(rows: Record<string, unknown>[], n: Names, schools: boolean): Record<string, unknown>[] {
    const shaped = rows.map((f) => {
      const type = String(f.subjectType);
      const code = String(f.subjectCode);
      const s = schools ? n.school.get(code) : undefined;
      return {
        ...(schools
          ? {
              subjectCode: code,
              name: s?.name ?? null,
              countyCode: s?.countyCode ?? null,
              countyName: s?.countyCode ? (n.area.get(s.countyCode) ?? null) : null,
              townshipCode: s?.townshipCode ?? null,
              townshipName: s?.townshipCode ? (n.area.get(s.townshipCode) ?? null) : null,
            }
          : { subjectType: type, subjectCode: code, subjectName: this.subjectName(n, type, code) }),
        stage: f.stage,
        year: f.year,
        seats: f.seats,
        intakeSeats: f.intakeSeats,
        demandResident: f.demandResident,
        demandRegistered: f.demandRegistered,
        utilisationResident: f.utilisationResident,
        utilisationRegistered: f.utilisationRegistered,
        classesShort: f.classesShort,
      };
    });
    // Rounded once here so that the shortage and spare seats are those of the shown (whole) demand and seats.
    const rounded = roundPupils(shaped, (r) => `${String(r.subjectType ?? 'school')}|${String(r.stage)}|${String(r.year)}`);
    return rounded.map((r) => {
      const gap = typeof r.demandResident === 'number' && typeof r.seats === 'number' ? r.demandResident - r.seats : null;
      return {
        ...r,
        seatShortage: gap === null ? null : Math.max(0, gap),
        seatSurplus: gap === null ? null : Math.max(0, -gap),
        balance: gap === null ? null : gap > 0 ? 'shortage' : gap < 0 ? 'surplus' : 'balanced',
      };
    });
  }

  private alertRows(alerts: AlertCandidate[], n: Names, lang: Lang): Record<string, unknown>[] {
    return alerts.map((a) => ({
      level: a.level,
      kind: a.kind,
      rule: a.rule,
      subjectType: a.subjectType,
      subjectCode: a.subjectCode,
      subjectName: this.subjectName(n, a.subjectType, a.subjectCode),
      stage: a.stage,
      population: a.population,
      onsetYear: a.onsetYear,
      seatShortage: Math.max(0, Math.round(a.seatGap)),
      seatSurplus: Math.max(0, -Math.round(a.seatGap)),
      classesShort: a.classesShort,
      pAtLeast100: a.probability?.atLeast100 ?? null,
      pAtLeast90: a.probability?.atLeast90 ?? null,
      message: a.message[lang],
    }));
  }

  private planRows(plan: ConsolidationPlan | null, n: Names): Record<string, unknown>[] {
    const years = plan?.years ?? [];
    return (plan?.villages ?? []).map((v) => ({
      unitCode: v.unitCode,
      unitName: v.unitName,
      countyCode: v.countyCode,
      countyName: n.area.get(v.countyCode) ?? null,
      townshipCode: v.townshipCode,
      townshipName: n.area.get(v.townshipCode) ?? null,
      band: v.band,
      stage: v.stage,
      fromSchool: v.fromSchool,
      fromSchoolName: v.fromSchool ? (n.school.get(v.fromSchool)?.name ?? null) : null,
      toSchool: v.toSchool,
      toSchoolName: n.school.get(v.toSchool)?.name ?? null,
      year: v.year,
      reason: v.reason,
      share: v.share,
      pupils: v.pupils,
      ...Object.fromEntries(years.map((y) => [`pupils_${y}`, v.pupilsByYear[String(y)] ?? null])),
      moved: v.moved,
      boarding: v.boarding,
      travelBeforeKm: v.travelBeforeKm,
      travelAfterKm: v.travelAfterKm,
      travelBeforeMinutes: v.travelBeforeMinutes,
      travelAfterMinutes: v.travelAfterMinutes,
      travelSource: v.travelSource,
    }));
  }

  /** The plan's closures, one row each: where the school's pupils go (names and pupils), travel before and after. */
  private closureRows(plan: ConsolidationPlan | null, n: Names): Record<string, unknown>[] {
    if (!plan) return [];
    return plan.schools
      .filter((s) => s.decision === 'close')
      .sort((a, b) => (a.closureYear ?? 0) - (b.closureYear ?? 0) || a.code.localeCompare(b.code))
      .map((s) => {
        const moves = plan.villages.filter((v) => v.moved && v.fromSchool === s.code);
        const to = new Map<string, number>();
        for (const v of moves) to.set(v.toSchool, (to.get(v.toSchool) ?? 0) + v.pupils);
        const dest = [...to.entries()].sort((a, b) => b[1] - a[1]);
        const wholes = roundParts(dest.map((d) => d[1]));
        const mean = (pick: (v: (typeof moves)[number]) => number | null) => {
          let w = 0;
          let sum = 0;
          for (const v of moves) {
            const x = pick(v);
            if (x === null || !(v.pupils > 0)) continue;
            w += v.pupils;
            sum += x * v.pupils;
          }
          return w > 0 ? sum / w : null;
        };
        const after = moves.map((v) => v.travelAfterMinutes).filter((x): x is number => x !== null);
        return {
          code: s.code,
          name: s.name,
          countyName: s.countyCode ? (n.area.get(s.countyCode) ?? null) : null,
          townshipName: s.townshipCode ? (n.area.get(s.townshipCode) ?? null) : null,
          closureYear: s.closureYear,
          closureKind: s.closureKind,
          closureRule: s.closureRule,
          enrolmentToday: s.enrolmentToday,
          pupilsOut: moves.reduce((a, v) => a + v.pupils, 0),
          receivingSchools: dest.map(([code], i) => `${n.school.get(code)?.name ?? code}(${wholes[i]})`).join('、'),
          meanTravelBeforeMinutes: mean((v) => v.travelBeforeMinutes),
          meanTravelAfterMinutes: mean((v) => v.travelAfterMinutes),
          maxTravelAfterMinutes: after.length ? Math.max(...after) : null,
        };
      });
  }

  /** A run's headline figures with their intervals. */
  async headline(id: number): Promise<HeadlineFigure[]> {
    const r = await this.completed(id);
    const n = await this.names(r.versionId);
    return headlineFigures(kpisOf(r), await headlineIntervals(this.ds, this.projections, r), n.district);
  }

  /** GeoJSON of export rows: one geometry type, flat properties (values in `lang`), and `label_zh` / `label_en`. */
  private featureCollection(
    items: { geometry: Geometry | null; row: Record<string, unknown>; label: Record<Lang, string> }[],
    want: GeometryChoice,
    lang: Lang,
  ): FeatureCollection {
    const features: Feature[] = [];
    for (const it of items) {
      if (!it.geometry || GEOMETRY_OF[it.geometry.type] !== want) continue;
      const props: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(it.row)) {
        const kind = kindOf(key);
        if (v === null || v === undefined) props[key] = null;
        else if (typeof v === 'number')
          props[key] =
            kind === 'count' || kind === 'pupils'
              ? Math.round(v)
              : kind === 'share'
                ? Math.round(v * 1000) / 10
                : kind === 'km' || kind === 'minutes'
                  ? Math.round(v * 10) / 10
                  : v;
        else if (typeof v === 'object') props[key] = JSON.stringify(v);
        else props[key] = kind === 'enum' || typeof v === 'boolean' ? translateValue(v, lang) : v;
      }
      props.label_zh = it.label.zh;
      props.label_en = it.label.en;
      features.push({ type: 'Feature', geometry: it.geometry, properties: props });
    }
    return { type: 'FeatureCollection', features };
  }

  /** The sheets of a table's XLSX: the table itself, and for plan and kpis the closures and headline sheets. */
  private async sheets(r: StoredRun, table: ResultTable, lang: Lang): Promise<ExportSheet[]> {
    const n = await this.names(r.versionId);
    const plan = r.results?.plan ?? null;
    const zh = lang === 'zh';
    const headline = async (): Promise<ExportSheet> => ({
      name: zh ? '关键指标' : 'headline',
      rows: headlineRows(headlineFigures(kpisOf(r), await headlineIntervals(this.ds, this.projections, r), n.district), lang),
    });
    const closures = (): ExportSheet => ({ name: zh ? '撤并学校' : 'closures', rows: this.closureRows(plan, n), groupOf: () => '' });
    switch (table) {
      case 'schools':
        return [
          {
            name: zh ? '学校' : 'schools',
            rows: this.figureRows(await this.figures(r.id, { subjectType: 'school' }), n, true),
            groupOf: (x) => `${String(x.stage)}|${String(x.year)}`,
          },
        ];
      case 'areas': {
        const rows = (await this.figures(r.id, {})).filter((f) => f.subjectType !== 'school' && f.subjectType !== 'catchment');
        return [
          {
            name: zh ? '区域' : 'areas',
            rows: this.figureRows(rows, n, false),
            groupOf: (x) => `${String(x.subjectType)}|${String(x.stage)}|${String(x.year)}`,
          },
        ];
      }
      case 'alerts':
        return [{ name: zh ? '预警' : 'alerts', rows: this.alertRows(await this.alerts(r.id), n, lang) }];
      case 'plan':
        // The plan sheet first (what the table names), then the closures and the headline figures.
        return [
          {
            name: zh ? '调整明细' : 'plan',
            rows: this.planRows(plan, n),
            groupOf: (x) => `${String(x.unitCode)}|${String(x.stage)}|${String(x.year ?? 'stay')}`,
          },
          closures(),
          await headline(),
        ];
      case 'closures':
        return [closures()];
      case 'headline':
        return [await headline()];
      case 'kpis':
        return [await headline(), { name: zh ? '分年指标' : 'by year', rows: r.kpis?.byYear ?? [], groupOf: (x) => String(x.year) }];
    }
  }

  /**
   * One table of a run in one format. JSON gives the stored values exactly; CSV, XLSX and GeoJSON are for people,
   * Excel and QGIS: names beside codes, values in `lang`, whole counts, percentages, one geometry type per GeoJSON
   * file (`geometry`, default the table's natural one), flat properties with `label_zh` and `label_en`.
   */
  async export(
    id: number,
    table: ResultTable,
    format: ResultFormat,
    lang: Lang,
    geometry?: string,
  ): Promise<{ body: string | Buffer | object; contentType: string; filename: string }> {
    if (!RESULT_TABLES.includes(table)) throw new BadRequestException(`table must be one of ${RESULT_TABLES.join(', ')}`);
    if (!RESULT_FORMATS.includes(format)) throw new BadRequestException(`format must be one of ${RESULT_FORMATS.join(', ')}`);
    if (geometry !== undefined && !(GEOMETRY_TYPES as readonly string[]).includes(geometry))
      throw new BadRequestException(`geometry must be one of ${GEOMETRY_TYPES.join(', ')}`);
    const r = await this.completed(id);
    const filename = `run-${id}-${table}`;
    if (format === 'json') {
      const plan = r.results?.plan ?? null;
      let rows: unknown;
      if (table === 'schools') rows = await this.figures(id, { subjectType: 'school' });
      else if (table === 'areas')
        rows = (await this.figures(id, {})).filter((f) => f.subjectType !== 'school' && f.subjectType !== 'catchment');
      else if (table === 'alerts')
        rows = (await this.alerts(id)).map((a) => ({
          level: a.level,
          kind: a.kind,
          rule: a.rule,
          subjectType: a.subjectType,
          subjectCode: a.subjectCode,
          stage: a.stage,
          population: a.population,
          onsetYear: a.onsetYear,
          seatGap: a.seatGap,
          classesShort: a.classesShort,
          message: a.message[lang],
        }));
      else if (table === 'plan') rows = (plan?.villages ?? []).map((v) => ({ ...v }));
      else if (table === 'closures') rows = this.closureRows(plan, await this.names(r.versionId));
      else if (table === 'headline') rows = await this.headline(id);
      else rows = r.kpis?.byYear ?? [];
      return { body: rows as object, contentType: 'application/json', filename: `${filename}.json` };
    }
    if (format === 'xlsx')
      return {
        body: await toWorkbook(await this.sheets(r, table, lang), lang),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filename: `${filename}.xlsx`,
      };
    if (format === 'csv') {
      const [first] = await this.sheets(r, table, lang);
      return { body: toCsv(first.rows, lang, first.groupOf), contentType: 'text/csv; charset=utf-8', filename: `${filename}.csv` };
    }
    return {
      body: await this.geojson(r, table, lang, geometry as GeometryChoice | undefined),
      contentType: 'application/geo+json',
      filename: `${filename}${geometry ? `-${geometry}` : ''}.geojson`,
    };
  }

  private async geojson(r: StoredRun, table: ResultTable, lang: Lang, geometry: GeometryChoice | undefined): Promise<FeatureCollection> {
    if (table === 'kpis' || table === 'headline')
      throw new BadRequestException(`the ${table} table has no geometry: use json, csv or xlsx`);
    const n = await this.names(r.versionId);
    const plan = r.results?.plan ?? null;
    const schoolsAt = new Map((await this.store.loadRecords(r.versionId, ['schools'])).schools.map((s) => [s.code, s]));
    const point = (code: string | null): Geometry | null => {
      const s = code ? schoolsAt.get(code) : undefined;
      return s ? { type: 'Point', coordinates: [s.lon, s.lat] } : null;
    };
    if (table === 'plan') {
      // Transfers are lines (village -> receiving school); `geometry=point` gives the closed schools instead.
      const want = geometry ?? 'line';
      if (want === 'polygon')
        throw new BadRequestException('geometry: the plan table has point (closed schools) and line (transfers) features, no polygons');
      if (want === 'point')
        return this.featureCollection(
          this.closureRows(plan, n).map((c) => ({
            geometry: point(String(c.code)),
            row: c,
            label: {
              zh: `${String(c.name)}(${String(c.closureYear ?? '')}年撤并)`,
              en: `${String(c.name)} (closes ${String(c.closureYear ?? '')})`,
            },
          })),
          'point',
          lang,
        );
      const lines = (plan?.transfers.features ?? []).map((f) => {
        const p = f.properties;
        const row: Record<string, unknown> = {
          unitCode: p.unitCode,
          unitName: p.unitName,
          fromSchool: p.fromSchool,
          fromSchoolName: p.fromSchool ? (n.school.get(p.fromSchool)?.name ?? null) : null,
          toSchool: p.toSchool,
          toSchoolName: n.school.get(p.toSchool)?.name ?? null,
          year: p.year,
          reason: p.reason,
          pupils: p.pupils,
          travelAfterKm: p.distanceKm,
        };
        const to = n.school.get(p.toSchool)?.name ?? p.toSchool;
        return {
          geometry: f.geometry as Geometry,
          row,
          label: { zh: `${p.unitName} → ${to} ${Math.round(p.pupils)}人`, en: `${p.unitName} → ${to}: ${Math.round(p.pupils)} pupils` },
        };
      });
      return this.featureCollection(lines, 'line', lang);
    }
    if (table === 'closures') {
      if (geometry && geometry !== 'point') throw new BadRequestException('geometry: closures are points');
      return this.geojson(r, 'plan', lang, 'point');
    }
    const geom = await this.geometries(r.versionId);
    const [sheet] = await this.sheets(r, table, lang);
    const natural: GeometryChoice = table === 'areas' ? 'polygon' : 'point';
    const want = geometry ?? natural;
    const items = sheet.rows.map((row) => {
      const type = table === 'schools' ? 'school' : String(row.subjectType);
      const code = String(row.subjectCode);
      const name = (table === 'schools' ? row.name : row.subjectName) as string | null;
      const label =
        table === 'alerts'
          ? { zh: `${name ?? code} ${String(translateValue(row.level, 'zh'))}`, en: `${name ?? code} ${String(row.level)}` }
          : {
              zh: `${name ?? code} ${String(translateValue(row.stage, 'zh'))}${String(row.year)}`,
              en: `${name ?? code} ${String(row.stage)} ${String(row.year)}`,
            };
      return { geometry: geom.get(`${type}:${code}`) ?? null, row, label };
    });
    return this.featureCollection(items, want, lang);
  }

  async reportHtml(id: number): Promise<string> {
    await this.completed(id);
    return renderRunReport(await reportData(this.ds, this.store, id, this.projections));
  }

  /**
   * The comparison of two runs as a workbook (or CSV sections): the headline figures of both with their 80/95 %
   * intervals and the difference, KPIs by year, the schools and areas whose status differs (names beside codes), and
   * each run's closures.
   */
  async compareExport(
    a: number,
    b: number,
    format: CompareFormat,
    lang: Lang,
  ): Promise<{ body: string | Buffer; contentType: string; filename: string }> {
    if (!(COMPARE_FORMATS as readonly string[]).includes(format))
      throw new BadRequestException(`format must be one of ${COMPARE_FORMATS.join(', ')}`);
    const cmp = await this.compare(a, b);
    const [ra, rb] = [await this.completed(a), await this.completed(b)];
    const n = await this.names(rb.versionId);
    const zh = lang === 'zh';
    const { a: ha, b: hb } = cmp.headline as { a: HeadlineFigure[]; b: HeadlineFigure[] };
    type YearPair = { year: number; a: RunKpis['byYear'][number] | null; b: RunKpis['byYear'][number] | null };
    const byYear = (cmp.kpisByYear as YearPair[]).map((y) => ({
      year: y.year,
      primaryDemand: y.a?.primaryDemand ?? null,
      primarySeats: y.a?.primarySeats ?? null,
      juniorDemand: y.a?.juniorDemand ?? null,
      juniorSeats: y.a?.juniorSeats ?? null,
    }));
    const byYearB = (cmp.kpisByYear as YearPair[]).map((y) => ({
      year: y.year,
      primaryDemand: y.b?.primaryDemand ?? null,
      primarySeats: y.b?.primarySeats ?? null,
      juniorDemand: y.b?.juniorDemand ?? null,
      juniorSeats: y.b?.juniorSeats ?? null,
    }));
    const differing = (list: { subject: string; a: string; b: string }[]) =>
      list.map((d) => {
        const [type, code] = d.subject.split(':');
        return { subjectType: type, subjectCode: code, subjectName: this.subjectName(n, type, code), statusA: d.a, statusB: d.b };
      });
    const planOf = (r: StoredRun) => r.results?.plan ?? null;
    const sheets: ExportSheet[] = [
      { name: zh ? '关键指标对比' : 'headline', rows: comparisonHeadlineRows(ha, hb, lang) },
      { name: zh ? `分年指标 方案A(${a})` : `by year A (${a})`, rows: byYear, groupOf: (x) => String(x.year) },
      { name: zh ? `分年指标 方案B(${b})` : `by year B (${b})`, rows: byYearB, groupOf: (x) => String(x.year) },
      {
        name: zh ? '状态不同的学校' : 'schools differing',
        rows: differing(cmp.schoolsDiffering as { subject: string; a: string; b: string }[]),
      },
      {
        name: zh ? '状态不同的区域' : 'areas differing',
        rows: differing(cmp.areasDiffering as { subject: string; a: string; b: string }[]),
      },
      { name: zh ? `撤并学校 方案A(${a})` : `closures A (${a})`, rows: this.closureRows(planOf(ra), n) },
      { name: zh ? `撤并学校 方案B(${b})` : `closures B (${b})`, rows: this.closureRows(planOf(rb), n) },
    ];
    const filename = `compare-${a}-${b}`;
    if (format === 'xlsx')
      return {
        body: await toWorkbook(sheets, lang),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filename: `${filename}.xlsx`,
      };
    return { body: toCsvSections(sheets, lang), contentType: 'text/csv; charset=utf-8', filename: `${filename}.csv` };
  }

  /** Two runs side by side: headline figures with their intervals, KPIs by year, and the schools and areas whose status differs. */
  async compare(a: number, b: number) {
    const [ra, rb] = [await this.completed(a), await this.completed(b)];
    const ka = kpisOf(ra);
    const kb = kpisOf(rb);
    const years = [...new Set([...ka.byYear.map((y) => y.year), ...kb.byYear.map((y) => y.year)])].sort((x, y) => x - y);
    const kpisByYear = years.map((year) => ({
      year,
      a: ka.byYear.find((y) => y.year === year) ?? null,
      b: kb.byYear.find((y) => y.year === year) ?? null,
    }));
    const status = async (r: StoredRun) => {
      const res = r.results ?? {};
      const m = new Map<string, string>();
      const rank: Record<string, number> = { red: 3, orange: 2, yellow: 1 };
      for (const al of res.alerts ?? []) {
        if (!rank[al.level]) continue;
        const key = `${al.subjectType}:${al.subjectCode}`;
        if ((rank[m.get(key) ?? ''] ?? 0) < rank[al.level]) m.set(key, al.level);
      }
      for (const s of res.plan?.schools ?? []) if (s.decision === 'close') m.set(`school:${s.code}`, 'closed');
      return m;
    };
    const [sa, sb] = [await status(ra), await status(rb)];
    const keys = [...new Set([...sa.keys(), ...sb.keys()])].sort();
    const differing = keys.filter((k) => sa.get(k) !== sb.get(k)).map((k) => ({ subject: k, a: sa.get(k) ?? 'ok', b: sb.get(k) ?? 'ok' }));
    const summary = (r: StoredRun, k: RunKpis) => ({
      id: r.id,
      scenarioId: r.scenarioId,
      status: r.status,
      kpis: { ...k, indicators: undefined, byYear: undefined },
    });
    const n = await this.names(rb.versionId);
    return {
      a: summary(ra, ka),
      b: summary(rb, kb),
      headline: {
        a: headlineFigures(ka, await headlineIntervals(this.ds, this.projections, ra), n.district),
        b: headlineFigures(kb, await headlineIntervals(this.ds, this.projections, rb), n.district),
      },
      kpisByYear,
      schoolsDiffering: differing.filter((d) => d.subject.startsWith('school:')),
      areasDiffering: differing.filter((d) => !d.subject.startsWith('school:')),
    };
  }
}
