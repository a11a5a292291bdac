import { Inject, Injectable } from '@nestjs/common';
import type { MultiPolygon, Polygon } from 'geojson';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { LAYERS, emptyRecords, type Layer } from '@app/domain';
import {
  DEFAULT_LIMITS,
  ImportRejected,
  checkReferences,
  formatProblem,
  mergeRecords,
  readImportFiles,
  type ChangeSummary,
  type FileSummary,
  type ImportFile,
  type ImportMode,
} from '@app/importer';
import { DatasetStore } from './dataset-store';

export interface ImportRequest {
  dataset: string;
  files: ImportFile[];
  crs?: string;
  layer?: Layer;
  mode?: ImportMode;
  label?: string;
  createdBy?: string | null;
}

export interface ImportOutcome {
  versionId: number;
  dataset: string;
  number: number;
  parentVersionId: number | null;
  files: FileSummary[];
  summary: ChangeSummary;
  counts: Record<string, number>;
  /** Notices of the import (not refusals), e.g. a road network in several pieces. */
  notices: string[];
  /** Follow-up work that could not be queued (e.g. Redis down): the import itself is committed regardless. */
  followUpErrors: string[];
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

  async import(req: ImportRequest): Promise<ImportOutcome> {
    const dataset = req.dataset;
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(dataset)) throw new ImportRejected([{ file: '(request)', field: 'dataset', message: `"${dataset}" is not a dataset name (lower-case letters, digits, - and _)` }]);
    if (req.files.length === 0) throw new ImportRejected([{ file: '(request)', message: 'no files to import' }]);
    const parent = await this.store.latestVersion(dataset);
    const previous = parent ? await this.store.loadRecords(parent.id) : emptyRecords();
    const city = previous.areas.filter((a) => a.level === 'city');
    const previousRegion: Polygon | MultiPolygon | null = city.length === 1 ? city[0].geometry : null;
    const read = await readImportFiles(req.files, {
      crs: req.crs,
      layer: req.layer,
      previousRegion,
      limits: {
        ...DEFAULT_LIMITS,
        maxBytes: this.cfg.UPLOAD_MAX_BYTES,
        maxVertices: this.cfg.IMPORT_MAX_VERTICES,
        maxFeatureVertices: this.cfg.IMPORT_MAX_FEATURE_VERTICES,
      },
    });
    if (read.problems.length > 0) throw new ImportRejected(read.problems);
    const touched = new Set(LAYERS.filter((l) => read.records[l] !== undefined));
    const { records, summary } = mergeRecords(previous, read.records, req.mode ?? 'merge');
    const refProblems = checkReferences(records, touched, read.locations);
    if (refProblems.length > 0) throw new ImportRejected(refProblems);
    const version = await this.store.writeVersion({
      dataset,
      label: req.label ?? req.files.map((f) => f.name).join(', '),
      files: read.files,
      summary,
      createdBy: req.createdBy ?? null,
      touched,
      records,
    });
    const outcome: ImportOutcome = {
      versionId: version.id,
      dataset,
      number: version.number,
      parentVersionId: version.parentVersionId,
      files: read.files,
      summary,
      counts: version.counts as Record<string, number>,
      notices: read.notices.map(formatProblem),
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
}

