import { BadRequestException, NotFoundException, Injectable } from '@nestjs/common';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { DataSource } from 'typeorm';
import { closureDossiers, countySummaries, countySummaryHtml, dossierHtml, dossierWorkbook, type ConsolidationPlan } from '@app/consolidation';
import { ScenarioRunEntity } from '@app/database';
import { DatasetStore } from '@app/datasets';
import type { AlertCandidate } from '@app/matching';
import { queryCapacityFigures, type FigureFilter } from '@app/warnings';
import { toCsv, toXlsx, type Lang } from './export-tables';
import { renderRunReport } from './report/render-report';
import { reportData } from './report/write-report';
import type { RunKpis } from './run-kpis';
import { RunsService } from './runs.service';

export const RESULT_TABLES = ['schools', 'areas', 'alerts', 'plan', 'kpis'] as const;
export type ResultTable = (typeof RESULT_TABLES)[number];
export const RESULT_FORMATS = ['json', 'geojson', 'csv', 'xlsx'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

/** A run's results as tables, GeoJSON, CSV/XLSX exports, the HTML report, and the comparison of two runs. */
@Injectable()
export class RunResultsService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: DatasetStore,
    private readonly runs: RunsService,
  ) {}

  private async completed(id: number): Promise<ScenarioRunEntity> {
    const r = await this.runs.get(id);
    // An infeasible run has finished too: its world is the scenario without a plan, and its results say why.
    if (r.status !== 'completed' && r.status !== 'infeasible') throw new BadRequestException(`run ${id} is ${r.status}: results exist once it has completed`);
    return r;
  }

  async figures(id: number, q: FigureFilter): Promise<Record<string, unknown>[]> {
    const r = await this.completed(id);
    return queryCapacityFigures(this.ds, r.evaluationId!, q);
  }


  async alerts(id: number): Promise<AlertCandidate[]> {
    const r = await this.completed(id);
    return ((r.results as { alerts?: AlertCandidate[] } | null)?.alerts ?? []) as AlertCandidate[];
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
    return { type: 'FeatureCollection', features: alerts.map((a) => ({ type: 'Feature', geometry: (geom.get(`${a.subjectType}:${a.subjectCode}`) ?? null) as Geometry, properties: { ...a } })) };
  }

  async planGeojson(id: number): Promise<FeatureCollection> {
    const r = await this.completed(id);
    const plan = (r.results as { plan?: ConsolidationPlan | null } | null)?.plan ?? null;
    if (!plan) return { type: 'FeatureCollection', features: [] };
    const schools = new Map((await this.store.loadRecords(r.versionId, ['schools'])).schools.map((s) => [s.code, s]));
    const closed: Feature[] = plan.schools
      .filter((s) => s.decision === 'close')
      .map((s) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [schools.get(s.code)!.lon, schools.get(s.code)!.lat] }, properties: { kind: 'closed_school', code: s.code, name: s.name, pupilsToday: s.enrolmentToday } }));
    const transfers: Feature[] = plan.transfers.features.map((f) => ({ ...f, properties: { kind: 'transfer', ...f.properties } }));
    return { type: 'FeatureCollection', features: [...closed, ...transfers] };
  }

  /**
   * The closure dossiers of a run's plan: 'summary' (county summary page linking each closure), one closure's page
   * (`school`), or the workbook (county summary sheet + one sheet per closure). 404 names a school the plan keeps.
   */
  async dossier(id: number, what: { kind: 'summary' } | { kind: 'school'; school: string } | { kind: 'xlsx' }): Promise<{ body: string | Buffer; contentType: string; filename: string }> {
    const r = await this.completed(id);
    const plan = (r.results as { plan?: ConsolidationPlan | null } | null)?.plan ?? null;
    if (!plan) throw new NotFoundException(`run ${id} has no consolidation plan`);
    const dossiers = closureDossiers(plan, (await this.store.loadRecords(r.versionId, ['schools'])).schools);
    const summaries = countySummaries(plan, dossiers);
    if (what.kind === 'xlsx') return { body: await dossierWorkbook(summaries, dossiers), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `run-${id}-dossiers.xlsx` };
    if (what.kind === 'summary') return { body: countySummaryHtml(summaries, dossiers, (code) => `/runs/${id}/dossiers/${encodeURIComponent(code)}`), contentType: 'text/html; charset=utf-8', filename: `run-${id}-dossiers.html` };
    const d = dossiers.find((x) => x.code === what.school);
    if (!d) throw new NotFoundException(`school ${what.school} does not close in run ${id}'s plan`);
    return { body: dossierHtml(d), contentType: 'text/html; charset=utf-8', filename: `run-${id}-dossier-${d.code}.html` };
  }

  /** One table of a run in one format. */
  async export(id: number, table: ResultTable, format: ResultFormat, lang: Lang): Promise<{ body: string | Buffer | object; contentType: string; filename: string }> {
    if (!RESULT_TABLES.includes(table)) throw new BadRequestException(`table must be one of ${RESULT_TABLES.join(', ')}`);
    if (!RESULT_FORMATS.includes(format)) throw new BadRequestException(`format must be one of ${RESULT_FORMATS.join(', ')}`);
    const r = await this.completed(id);
    let rows: Record<string, unknown>[];
    if (table === 'schools') rows = await this.figures(id, { subjectType: 'school' });
    else if (table === 'areas') rows = (await this.figures(id, {})).filter((f) => f.subjectType !== 'school' && f.subjectType !== 'catchment');
    else if (table === 'alerts') rows = (await this.alerts(id)).map((a) => ({ level: a.level, kind: a.kind, rule: a.rule, subjectType: a.subjectType, subjectCode: a.subjectCode, stage: a.stage, population: a.population, onsetYear: a.onsetYear, seatGap: a.seatGap, classesShort: a.classesShort, message: a.message[lang] }));
    else if (table === 'plan') rows = (((r.results as { plan?: ConsolidationPlan | null } | null)?.plan?.villages ?? []) as unknown as Record<string, unknown>[]).map((v) => ({ ...v }));
    else rows = ((r.kpis as unknown as RunKpis | null)?.byYear ?? []) as unknown as Record<string, unknown>[];
    const filename = `run-${id}-${table}`;
    if (format === 'json') return { body: rows, contentType: 'application/json', filename: `${filename}.json` };
    if (format === 'csv') return { body: toCsv(rows, lang), contentType: 'text/csv; charset=utf-8', filename: `${filename}.csv` };
    if (format === 'xlsx') return { body: await toXlsx(rows, table, lang), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `${filename}.xlsx` };
    if (table === 'plan') return { body: await this.planGeojson(id), contentType: 'application/geo+json', filename: `${filename}.geojson` };
    if (table === 'alerts') return { body: await this.alertsGeojson(id), contentType: 'application/geo+json', filename: `${filename}.geojson` };
    if (table === 'kpis') throw new BadRequestException('the kpis table has no geometry: use json, csv or xlsx');
    const geom = await this.geometries(r.versionId);
    const features: Feature[] = rows.map((row) => ({ type: 'Feature', geometry: (geom.get(`${String(row.subjectType)}:${String(row.subjectCode)}`) ?? null) as Geometry, properties: row }));
    return { body: { type: 'FeatureCollection', features }, contentType: 'application/geo+json', filename: `${filename}.geojson` };
  }

  async reportHtml(id: number): Promise<string> {
    await this.completed(id);
    return renderRunReport(await reportData(this.ds, this.store, id));
  }

  /** Two runs side by side: KPIs by year, and the schools and areas whose status differs. */
  async compare(a: number, b: number): Promise<Record<string, unknown>> {
    const [ra, rb] = [await this.completed(a), await this.completed(b)];
    const ka = ra.kpis as unknown as RunKpis;
    const kb = rb.kpis as unknown as RunKpis;
    const years = [...new Set([...ka.byYear.map((y) => y.year), ...kb.byYear.map((y) => y.year)])].sort((x, y) => x - y);
    const kpisByYear = years.map((year) => ({ year, a: ka.byYear.find((y) => y.year === year) ?? null, b: kb.byYear.find((y) => y.year === year) ?? null }));
    const status = async (r: ScenarioRunEntity) => {
      const res = (r.results ?? {}) as { alerts?: AlertCandidate[]; plan?: ConsolidationPlan | null };
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
    const summary = (r: ScenarioRunEntity, k: RunKpis) => ({ id: r.id, scenarioId: r.scenarioId, status: r.status, kpis: { ...k, indicators: undefined, byYear: undefined } });
    return {
      a: summary(ra, ka),
      b: summary(rb, kb),
      kpisByYear,
      schoolsDiffering: differing.filter((d) => d.subject.startsWith('school:')),
      areasDiffering: differing.filter((d) => !d.subject.startsWith('school:')),
    };
  }
}
