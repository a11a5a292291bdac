import { STAGES, type CatchmentRecord, type Stage } from '@app/domain';
import type { ValidationContext } from '../context';
import type { ImportProblem } from '../problems';
import type { DuplicateKey, Located } from './duplicates';
import type { RawTable } from '../raw-table';
import { RowReader } from '../row-reader';
import { STAGE_VOCAB_KEY, STAGE_WORDS } from '../vocab';
import { readPolygon } from './areas';
import { checkDuplicates } from './duplicates';

/** Validates catchments (施教区/服务区): one stage each, its schools, and a polygon or a list of units. */
export function readCatchments(table: RawTable, ctx: ValidationContext, problems: ImportProblem[]): Located<CatchmentRecord>[] {
  const items = readCatchmentsRows(table, ctx, problems);
  checkDuplicates(table, items, CATCHMENTS_KEY.keyOf, CATCHMENTS_KEY.field, problems);
  return items;
}

/** What makes a row of this layer unique within its file: the key and the field a repeat is reported on. */
export const CATCHMENTS_KEY: DuplicateKey<CatchmentRecord> = { keyOf: (c) => c.code, field: 'code' };

/** readCatchments without the check for repeated keys: one chunk of a file's rows at a time (the caller checks the whole file). */
export function readCatchmentsRows(table: RawTable, ctx: ValidationContext, problems: ImportProblem[]): Located<CatchmentRecord>[] {
  const items: { position: number; record: CatchmentRecord }[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, problems);
    const code = r.str('code', true);
    if (code) r.code = code;
    const stageWord = r.str('stage', true);
    let stage: Stage | null = null;
    if (stageWord) {
      const key = STAGE_VOCAB_KEY(stageWord);
      const hit = Object.hasOwn(STAGE_WORDS, key) ? STAGE_WORDS[key] : undefined;
      if (!hit || hit.stages.length !== 1) r.fail('stage', `a catchment serves one stage (${STAGES.join(', ')}), got "${stageWord}"`);
      else stage = hit.stages[0];
    }
    const schoolCodes = r.list('school_codes', true);
    const unitCodes = r.list('unit_codes');
    const geometry = row.geometry ? readPolygon(r, ctx) : null;
    if (!row.geometry && unitCodes.length === 0) r.fail('unit_codes', 'a catchment needs a polygon or a list of units');
    if (code && stage && schoolCodes.length > 0 && (geometry || (!row.geometry && unitCodes.length > 0))) {
      items.push({ position: row.position, record: { code, stage, schoolCodes, unitCodes, geometry, attributes: row.extra } });
    }
  }
  return items;
}
