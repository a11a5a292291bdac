import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { ImportService } from '@app/datasets';
import { LAYERS, type Layer } from '@app/domain';
import { ImportRejected, formatProblem } from '@app/importer';
import { flagString, type ParsedArgs } from '../args';
import { openContext } from '../context';

/** `import <files...> [--crs C] [--dataset D] [--layer L] [--replace] [--json]`. */
export async function importCommand(args: ParsedArgs): Promise<number> {
  const paths = args.positionals.slice(1);
  if (paths.length === 0) throw new Error('usage: import <files...> [--crs EPSG:4326|GCJ02|BD09|EPSG:4549...] [--dataset quzhou] [--layer L] [--replace] [--json]');
  const layer = flagString(args, 'layer');
  if (layer && !LAYERS.includes(layer as Layer)) throw new Error(`unknown layer "${layer}" (expected ${LAYERS.join(', ')})`);
  const ctx = await openContext();
  try {
    const files = paths.map((p) => {
      if (statSync(p).size > ctx.cfg.UPLOAD_MAX_BYTES) throw new ImportRejected([{ file: basename(p), message: `over the upload limit of ${ctx.cfg.UPLOAD_MAX_BYTES} bytes` }]);
      return { name: basename(p), bytes: readFileSync(p) };
    });
    const outcome = await ctx.app.get(ImportService).import({
      dataset: flagString(args, 'dataset') ?? 'quzhou',
      files,
      crs: flagString(args, 'crs'),
      layer: layer as Layer | undefined,
      mode: args.flags.replace ? 'replace' : 'merge',
    });
    if (args.flags.json) console.log(JSON.stringify(outcome, null, 2));
    else {
      console.log(`dataset ${outcome.dataset}: version ${outcome.number} (id ${outcome.versionId})`);
      for (const [layerName, c] of Object.entries(outcome.summary)) {
        console.log(`  ${layerName.padEnd(11)} +${c.added} added, ~${c.changed} changed, -${c.removed} removed, ${c.unchanged} unchanged`);
      }
      for (const n of outcome.notices) console.log(`  notice: ${n}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ImportRejected) {
      if (args.flags.json) console.log(JSON.stringify({ rejected: true, problems: e.problems }, null, 2));
      else {
        console.error(`import rejected, nothing written: ${e.problems.length} problem(s)`);
        for (const p of e.problems) console.error(`  ${formatProblem(p)}`);
      }
      return 2;
    }
    throw e;
  } finally {
    await ctx.close();
  }
}
