import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { ImportService, type ImportPreview } from '@app/datasets-service';
import { LAYERS, type Layer } from '@app/domain';
import { ImportRejected, formatNotice, formatProblem } from '@app/datasets-model';
import { flagString, type ParsedArgs } from '../args';
import { openContext } from '../context';

/** Prints what an import would do: per file the header row and column mapping, skipped rows, first records, notices. */
function printPreview(p: ImportPreview): void {
  console.log(`dry run for dataset ${p.dataset}: nothing written; the import would be ${p.accepted ? 'accepted' : 'REJECTED'}`);
  for (const f of p.files) {
    console.log(
      `\n${f.name}: layer ${f.layer ?? '?'}, ${f.format ?? '?'}${f.encoding ? ` (${f.encoding})` : ''}, CRS ` +
        `${f.crs ?? '?'}, ${f.rows} row(s)`,
    );
    const layout = p.layouts[f.name];
    if (!layout) continue;
    console.log(`  header on row ${layout.headerRows.join(' and ')}`);
    for (const c of layout.columns)
      console.log(`  column ${String(c.column).padStart(2)} ${JSON.stringify(c.source)} -> ${c.field ?? '(kept in attributes)'}`);
    for (const s of layout.skipped) console.log(`  row ${s.row} skipped: ${s.reason}`);
  }
  for (const [layer, rows] of Object.entries(p.sample)) {
    console.log(`\nfirst ${layer} as they would be stored:`);
    for (const r of rows) console.log(`  ${JSON.stringify(r)}`);
  }
  for (const [layer, c] of Object.entries(p.summary))
    console.log(`\n${layer}: +${c.added} added, ~${c.changed} changed, -${c.removed} removed, ${c.unchanged} unchanged`);
  if (p.notices.length) console.log(`\nnotices (${p.notices.length}):`);
  for (const n of p.notices) console.log(`  ${formatNotice(n)}`);
  if (p.problems.length) console.log(`\nproblems (${p.problems.length}):`);
  for (const pr of p.problems) console.log(`  ${formatProblem(pr)}`);
}

/** `import <files...> [--crs C] [--dataset D] [--layer L] [--replace] [--repair] [--dry-run] [--json]`. */
export async function importCommand(args: ParsedArgs): Promise<number> {
  const paths = args.positionals.slice(1);
  if (paths.length === 0)
    throw new Error(
      'usage: import <files...> [--crs EPSG:4326|GCJ02|BD09|EPSG:4549...] [--dataset quzhou] [--layer L] [--replace] ' +
        '[--repair] [--dry-run] [--json]',
    );
  const layer = flagString(args, 'layer');
  if (layer && !LAYERS.includes(layer as Layer)) throw new Error(`unknown layer "${layer}" (expected ${LAYERS.join(', ')})`);
  const ctx = await openContext();
  try {
    const files = paths.map((p) => {
      if (statSync(p).size > ctx.cfg.UPLOAD_MAX_BYTES)
        throw new ImportRejected([{ file: basename(p), message: `over the upload limit of ${ctx.cfg.UPLOAD_MAX_BYTES} bytes` }]);
      return { name: basename(p), bytes: readFileSync(p) };
    });
    const req = {
      dataset: flagString(args, 'dataset') ?? 'quzhou',
      files,
      crs: flagString(args, 'crs'),
      layer: layer as Layer | undefined,
      mode: args.flags.replace ? ('replace' as const) : ('merge' as const),
      repair: args.flags.repair === true,
    };
    if (args.flags['dry-run']) {
      const preview = await ctx.app.get(ImportService).preview(req);
      if (args.flags.json) console.log(JSON.stringify(preview, null, 2));
      else printPreview(preview);
      return preview.accepted ? 0 : 2;
    }
    const outcome = await ctx.app.get(ImportService).import(req);
    if (args.flags.json) console.log(JSON.stringify(outcome, null, 2));
    else {
      console.log(`dataset ${outcome.dataset}: version ${outcome.number} (id ${outcome.versionId})`);
      for (const [layerName, c] of Object.entries(outcome.summary)) {
        console.log(`  ${layerName.padEnd(11)} +${c.added} added, ~${c.changed} changed, -${c.removed} removed, ${c.unchanged} unchanged`);
      }
      for (const n of outcome.notices) console.log(`  note: ${formatNotice(n)}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ImportRejected) {
      if (args.flags.json) console.log(JSON.stringify({ rejected: true, problems: e.problems }, null, 2));
      else {
        console.error(`import rejected, nothing written: ${e.problems.length} problem(s)`);
        for (const p of e.problems) console.error(`  ${formatProblem(p)}`);
        for (const n of e.notices) console.error(`  note: ${formatNotice(n)}`);
      }
      return 2;
    }
    throw e;
  } finally {
    await ctx.close();
  }
}
