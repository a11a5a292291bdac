import { Inject, Injectable } from '@nestjs/common';
import type { MultiPolygon, Polygon } from 'geojson';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { LAYERS, emptyRecords, type DatasetRecords, type Layer } from '@app/domain';
import {
  DEFAULT_LIMITS,
  ImportRejected,
  checkReferences,
  mergeRecords,
  readImportFiles,
  type ChangeSummary,
  type FileSummary,
  type ImportFile,
  type ImportMode,
  type ImportNotice,
  type ReadOptions,
  type ImportProblem,
  type TableLayout,
} from '@app/datasets-model';
import { DatasetStore, ParentChanged } from './dataset-store';

/** Attempts of one import when other imports keep committing first (each attempt merges onto the newest parent). */
const MAX_ATTEMPTS = 5;

export interface ImportRequest {
  dataset: string;
  files: ImportFile[];
  crs?: string;
  layer?: Layer;
  mode?: ImportMode;
  label?: string;
  createdBy?: string | null;
  /** Fix polygon defects that can be fixed (duplicate holes, overlapping parts) and report each change. */
  repair?: boolean;
}

function checkRequest(req: ImportRequest): void {
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(req.dataset))
    throw new ImportRejected([
      { file: '(request)', field: 'dataset', message: `"${req.dataset}" is not a dataset name (lower-case letters, digits, - and _)` },
    ]);
  if (req.files.length === 0) throw new ImportRejected([{ file: '(request)', message: 'no files to import' }]);
}

export interface ImportOutcome {
  versionId: number;
  dataset: string;
  number: number;
  parentVersionId: number | null;
  files: FileSummary[];
  summary: ChangeSummary;
  counts: Record<string, number>;
  /** What the importer read, assumed or skipped (header rows, units, footer rows, CRS assumed, a road network in several pieces). */
  notices: ImportNotice[];
  /** Follow-up work that could not be queued (e.g. Redis down): the import itself is committed regardless. */
  followUpErrors: string[];
}

/** What an import would do, computed exactly as the import does and written nowhere (`--dry-run`, `?dryRun=true`). */
export interface ImportPreview {
  dryRun: true;
  dataset: string;
  /** Whether the import itself would be accepted (no problems). */
  accepted: boolean;
  files: FileSummary[];
  /** Per CSV/XLSX file: header row(s) found, source column -> field, rows skipped and why. */
  layouts: Record<string, TableLayout>;
  /** What would change against the latest version. */
  summary: ChangeSummary;
  /** The first records of each layer as they would be stored (geometry shortened to its type and size). */
  sample: Partial<Record<Layer, unknown[]>>;
  problems: ImportProblem[];
  notices: ImportNotice[];
}

/** How many records of each layer a preview shows. */
export const PREVIEW_ROWS = 5;

function countPositions(c: unknown): number {
  return Array.isArray(c) ? (typeof c[0] === 'number' ? 1 : c.reduce((n: number, x: unknown) => n + countPositions(x), 0)) : 0;
}

function shortened(record: unknown): unknown {
  const r = record as { geometry?: { type: string; coordinates?: unknown } | null };
  if (!r.geometry || r.geometry.type === 'Point') return record;
  return { ...r, geometry: `${r.geometry.type} (${countPositions(r.geometry.coordinates)} positions)` };
}

/** Listens for committed versions (re-projection and warnings hook in here). */
export type VersionCreatedListener = (outcome: ImportOutcome) => Promise<void>;

/**
 * Imports files as a new immutable dataset version: parse, validate every row, check cross-layer references
 * against the merged result, and only then write, in one transaction. Any problem rejects the whole import.
 */
@Injectable()
export class ImportService {
  private readonly listeners: VersionCreatedListener[] = [];

  constructor(
    private readonly store: DatasetStore,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  /** Registers a callback run after each committed import (failures there never undo the import). */
  onVersionCreated(listener: VersionCreatedListener): void {
    this.listeners.push(listener);
  }

  /** Reads and checks an import exactly as {@link import} does, against the latest version, and writes nothing. */
  async preview(req: ImportRequest): Promise<ImportPreview> {
    checkRequest(req);
    const parent = await this.store.latestVersion(req.dataset);
    const previous = parent ? await this.store.loadRecords(parent.id) : emptyRecords();
    const read = await readImportFiles(req.files, this.readOptions(req, previous));
    const touched = new Set(LAYERS.filter((l) => read.records[l] !== undefined));
    const { records, summary } = mergeRecords(previous, read.records, req.mode ?? 'merge');
    const problems = read.problems.length > 0 ? read.problems : checkReferences(records, touched, read.locations, read.notices);
    const sample: Partial<Record<Layer, unknown[]>> = {};
    for (const l of touched) sample[l] = (read.records[l] as unknown[]).slice(0, PREVIEW_ROWS).map(shortened);
    return {
      dryRun: true,
      dataset: req.dataset,
      accepted: problems.length === 0,
      files: read.files,
      layouts: read.layouts,
      summary,
      sample,
      problems,
      notices: read.notices,
    };
  }

  private readOptions(req: ImportRequest, previous: DatasetRecords): ReadOptions {
    const city = previous.areas.filter((a) => a.level === 'city');
    const previousRegion: Polygon | MultiPolygon | null = city.length === 1 ? city[0].geometry : null;
    return {
      crs: req.crs,
      layer: req.layer,
      previousRegion,
      previousAreas: previous.areas,
      repair: req.repair,
      limits: {
        ...DEFAULT_LIMITS,
        maxBytes: this.cfg.UPLOAD_MAX_BYTES,
        maxVertices: this.cfg.IMPORT_MAX_VERTICES,
        maxFeatureVertices: this.cfg.IMPORT_MAX_FEATURE_VERTICES,
      },
    };
  }

  async import(req: ImportRequest): Promise<ImportOutcome> {
    checkRequest(req);
    let committed: Awaited<ReturnType<ImportService['attempt']>> | null = null;
    for (let attempt = 1; !committed; attempt++) {
      try {
        committed = await this.attempt(req);
      } catch (e) {
        // A concurrent import committed between our read of the parent and our write: redo the merge and the
        // reference check on its version, so neither import's rows are lost nor a dangling reference committed.
        if (!(e instanceof ParentChanged) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
    const { version, read, summary } = committed;
    const outcome: ImportOutcome = {
      versionId: version.id,
      dataset: req.dataset,
      number: version.number,
      parentVersionId: version.parentVersionId,
      files: read.files,
      summary,
      counts: version.counts as Record<string, number>,
      notices: read.notices,
      followUpErrors: [],
    };
    // The version is committed: a listener that fails (the queue is down) must not make the import look failed.
    for (const l of this.listeners) {
      try {
        await l(outcome);
      } catch (e) {
        outcome.followUpErrors.push((e as Error).message);
      }
    }
    return outcome;
  }

  /** One read-merge-check-write on the latest version; refused with ParentChanged if another import got in first. */
  private async attempt(req: ImportRequest) {
    const dataset = req.dataset;
    const parent = await this.store.latestVersion(dataset);
    const previous = parent ? await this.store.loadRecords(parent.id) : emptyRecords();
    const read = await readImportFiles(req.files, this.readOptions(req, previous));
    if (read.problems.length > 0) throw new ImportRejected(read.problems, read.notices);
    const touched = new Set(LAYERS.filter((l) => read.records[l] !== undefined));
    const { records, summary } = mergeRecords(previous, read.records, req.mode ?? 'merge');
    const refProblems = checkReferences(records, touched, read.locations, read.notices);
    if (refProblems.length > 0) throw new ImportRejected(refProblems, read.notices);
    const version = await this.store.writeVersion({
      dataset,
      label: req.label ?? req.files.map((f) => f.name).join(', '),
      files: read.files,
      summary,
      createdBy: req.createdBy ?? null,
      touched,
      records,
      expectedParentId: parent?.id ?? null,
    });
    return { version, read, summary };
  }
}
