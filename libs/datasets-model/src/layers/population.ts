import { AGE_GROUPS, type BirthRecord, type PopulationCountRecord } from '@app/domain';
import type { ImportProblem } from '../problems';
import type { DuplicateKey, Located } from './duplicates';
import type { RawTable } from '../raw-table';
import { RowReader } from '../row-reader';
import { POPULATION_WORDS } from '../vocab';
import { checkDuplicates } from './duplicates';

/** Validates population counts: 18 single-year ages, non-negative whole numbers, one row per unit/year/kind. */
export function readPopulation(table: RawTable, problems: ImportProblem[]): Located<PopulationCountRecord>[] {
  const items = readPopulationRows(table, problems);
  checkDuplicates(table, items, POPULATION_KEY.keyOf, POPULATION_KEY.field, problems);
  return items;
}

/** What makes a row of this layer unique within its file: the key and the field a repeat is reported on. */
export const POPULATION_KEY: DuplicateKey<PopulationCountRecord> = {
  keyOf: (p) => `${p.unitCode}/${p.year}/${p.population}`,
  field: 'unit_code',
};

/** readPopulation without the check for repeated keys: one chunk of a file's rows at a time (the caller checks the whole file). */
export function readPopulationRows(table: RawTable, problems: ImportProblem[]): Located<PopulationCountRecord>[] {
  const items: { position: number; record: PopulationCountRecord }[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, problems);
    const unitCode = r.str('unit_code', true);
    if (unitCode) r.code = unitCode;
    const year = r.year('year', true);
    const population = r.oneOf('population', POPULATION_WORDS, true, 'population kind');
    const ages: number[] = [];
    let complete = true;
    for (let a = 0; a < AGE_GROUPS; a++) {
      const v = r.count(`age_${a}`, true);
      if (v === null) complete = false;
      else ages.push(v);
    }
    if (unitCode && year && population && complete) items.push({ position: row.position, record: { unitCode, year, population, ages } });
  }
  return items;
}

/** Validates births by area and year. */
export function readBirths(table: RawTable, problems: ImportProblem[]): Located<BirthRecord>[] {
  const items = readBirthsRows(table, problems);
  checkDuplicates(table, items, BIRTHS_KEY.keyOf, BIRTHS_KEY.field, problems);
  return items;
}

/** What makes a row of this layer unique within its file: the key and the field a repeat is reported on. */
export const BIRTHS_KEY: DuplicateKey<BirthRecord> = { keyOf: (b) => `${b.areaCode}/${b.year}`, field: 'area_code' };

/** readBirths without the check for repeated keys: one chunk of a file's rows at a time (the caller checks the whole file). */
export function readBirthsRows(table: RawTable, problems: ImportProblem[]): Located<BirthRecord>[] {
  const items: { position: number; record: BirthRecord }[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, problems);
    const areaCode = r.str('area_code', true);
    if (areaCode) r.code = areaCode;
    const year = r.year('year', true);
    const births = r.num('births', { required: true, min: 0 });
    const registeredBirths = r.num('registered_births', { min: 0 });
    if (areaCode && year && births !== null) items.push({ position: row.position, record: { areaCode, year, births, registeredBirths } });
  }
  return items;
}
