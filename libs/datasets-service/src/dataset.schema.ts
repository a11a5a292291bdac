import { z } from 'zod';
import { LAYERS } from '@app/domain';

/** A dataset version: an immutable snapshot of every layer, made by one import (or an adopted plan). */
export const datasetVersionSchema = z
  .object({
    id: z.number().int(),
    datasetId: z.number().int(),
    number: z.number().int().describe('1, 2, 3 ... within the dataset'),
    parentVersionId: z.number().int().nullable(),
    label: z.string(),
    files: z.unknown().describe('files of the import: name, layer, format, crs, rows'),
    summary: z.unknown().describe('added, changed, removed per layer against the parent version (an adopted plan: its lineage)'),
    counts: z.unknown().describe('row counts per layer'),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'DatasetVersion' });

/** GET /datasets: every version, oldest first, with its dataset's name. */
export const datasetVersionListSchema = z
  .array(datasetVersionSchema.extend({ datasetName: z.string() }))
  .meta({ id: 'DatasetVersionList' });

const fileSummary = z.object({
  name: z.string(),
  layer: z.string().nullable(),
  format: z.string().nullable(),
  crs: z.string().nullable(),
  encoding: z.string().optional(),
  rows: z.number().int(),
});
const located = { file: z.string(), row: z.number().int().optional(), feature: z.number().int().optional(), field: z.string().optional() };
const notice = z.looseObject({ ...located, kind: z.string(), message: z.string() });
const problem = z.looseObject({ ...located, message: z.string() });
const examples = z
  .object({ added: z.array(z.string()), changed: z.array(z.string()), removed: z.array(z.string()) })
  .describe('up to 20 codes of each kind');
const changeSummary = z
  .partialRecord(
    z.enum(LAYERS),
    z.object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int(), unchanged: z.number().int(), examples }),
  )
  .describe('per layer: records added, changed, removed and unchanged');

/** POST /datasets/:dataset/imports (201): the new version. */
export const importOutcomeSchema = z
  .object({
    versionId: z.number().int(),
    dataset: z.string(),
    number: z.number().int(),
    parentVersionId: z.number().int().nullable(),
    files: z.array(fileSummary),
    summary: changeSummary,
    counts: z.record(z.string(), z.number()),
    notices: z.array(notice),
    followUpErrors: z.array(z.string()).describe('follow-up work that could not be queued; the import itself is committed'),
  })
  .meta({ id: 'ImportOutcome' });

/** POST /datasets/:dataset/imports?dryRun=true (200): what the import would do, written nowhere. */
export const importPreviewSchema = z
  .object({
    dryRun: z.literal(true),
    dataset: z.string(),
    accepted: z.boolean(),
    files: z.array(fileSummary),
    layouts: z.record(
      z.string(),
      z.object({
        headerRows: z.array(z.number().int()),
        columns: z.array(z.record(z.string(), z.unknown())),
        skipped: z.array(z.object({ row: z.number().int(), reason: z.string() })),
      }),
    ),
    summary: changeSummary,
    sample: z.record(z.string(), z.array(z.unknown())),
    problems: z.array(problem),
    notices: z.array(notice),
  })
  .meta({ id: 'ImportPreview' });
