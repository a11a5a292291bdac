import { LAYERS, emptyRecords, type DatasetRecords, type Layer } from '@app/domain';
import { keyOf } from './keys';

export type ImportMode = 'merge' | 'replace';

export interface LayerChange {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Up to 20 keys of each kind, to show in the summary. */
  examples: { added: string[]; changed: string[]; removed: string[] };
}

export type ChangeSummary = Partial<Record<Layer, LayerChange>>;

/** Stable JSON for change detection (object key order does not matter). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Applies an import to the previous version's records. `merge` upserts by key and keeps rows the import does not
 * mention; `replace` makes each imported layer exactly the file's rows. Layers absent from the import carry over.
 * @example
 * const { records, summary } = mergeRecords(previous, { schools: [newSchool] }, 'merge');
 * summary.schools?.added // 1
 */
export function mergeRecords(
  previous: DatasetRecords,
  incoming: Partial<DatasetRecords>,
  mode: ImportMode,
): { records: DatasetRecords; summary: ChangeSummary } {
  const records = emptyRecords();
  const summary: ChangeSummary = {};
  for (const layer of LAYERS) {
    const prev = previous[layer] as unknown[];
    const inc = incoming[layer] as unknown[] | undefined;
    if (!inc) {
      (records[layer] as unknown[]) = prev;
      continue;
    }
    const prevByKey = new Map(prev.map((r) => [keyOf(layer, r), r]));
    const incKeys = new Set<string>();
    const change: LayerChange = { added: 0, changed: 0, removed: 0, unchanged: 0, examples: { added: [], changed: [], removed: [] } };
    const note = (kind: 'added' | 'changed' | 'removed', k: string) => {
      change[kind]++;
      if (change.examples[kind].length < 20) change.examples[kind].push(k);
    };
    const out: unknown[] = [];
    for (const r of inc) {
      const k = keyOf(layer, r);
      incKeys.add(k);
      const old = prevByKey.get(k);
      if (old === undefined) note('added', k);
      else if (canonical(old) !== canonical(r)) note('changed', k);
      else change.unchanged++;
      out.push(r);
    }
    for (const [k, r] of prevByKey) {
      if (incKeys.has(k)) continue;
      if (mode === 'merge') out.push(r);
      else note('removed', k);
    }
    (records[layer] as unknown[]) = out;
    summary[layer] = change;
  }
  return { records, summary };
}
