import type { Ownership, ResourceIndicators, SchoolRecord, Stage } from '@app/domain';
import type { ValidationContext } from '../context';
import { readPoint } from '../coordinates';
import type { ImportProblem } from '../problems';
import type { DuplicateKey, Located } from './duplicates';
import type { RawTable } from '../raw-table';
import { RowReader } from '../row-reader';
import { OWNERSHIP_WORDS, STAGE_VOCAB_KEY, STAGE_WORDS, STATUS_WORDS, type SchoolTypeWord } from '../vocab';
import { checkDuplicates } from './duplicates';

const GRADE_KEYS: [string, number][] = [
  ['k1', -2],
  ['k2', -1],
  ['k3', 0],
  ...Array.from({ length: 12 }, (_, i): [string, number] => [`g${i + 1}`, i + 1]),
];

/** Every indicator given: a school has the indicators only when all seven cells are readable. */
function allGiven(values: Record<keyof ResourceIndicators, number | null>): values is ResourceIndicators {
  return Object.values(values).every((v) => v !== null);
}

const STAGE_SPLIT = /[;；、|/,，+＋]/;

/** The stages of a 学段/办学类型 cell (one word or a list) and the school type a single word may carry (教学点). */
function readStages(r: RowReader): { stages: Stage[]; schoolType: SchoolTypeWord | null } {
  const text = r.str('stages', true);
  const words = (text ?? '')
    .split(STAGE_SPLIT)
    .map((w) => w.trim())
    .filter(Boolean);
  const stages = new Set<Stage>();
  let schoolType: SchoolTypeWord | null = null;
  for (const w of words) {
    const key = STAGE_VOCAB_KEY(w);
    const hit = Object.hasOwn(STAGE_WORDS, key) ? STAGE_WORDS[key] : undefined;
    if (!hit) {
      r.fail(
        'stages',
        `unknown stage "${w}" (expected kindergarten/幼儿园, primary/小学, junior/初中, senior/高中, special/特殊教育, 九年一贯制, 完全中学, ` +
          `十二年一贯制, 教学点; see docs/import-formats.md)`,
      );
    } else {
      hit.stages.forEach((s) => stages.add(s));
      if (hit.schoolType) schoolType = hit.schoolType;
    }
  }
  if (text !== null && words.length === 0) r.fail('stages', `"${text}" names no stage`);
  return { stages: [...stages], schoolType };
}

function readGrades(r: RowReader, prefix: 'enrol' | 'classes'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, grade] of GRADE_KEYS) {
    const v = r.count(`${prefix}_${key}`);
    if (v !== null) out[String(grade)] = v;
  }
  return out;
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/** What a school code may be: 学校标识码 (10 digits) and local codes such as `339901P001`. */
export const SCHOOL_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Validates the schools layer: vocabularies, counts, per-grade totals, coordinates and the city boundary. */
export function readSchools(table: RawTable, ctx: ValidationContext, problems: ImportProblem[]): Located<SchoolRecord>[] {
  const items = readSchoolsRows(table, ctx, problems);
  checkDuplicates(table, items, SCHOOLS_KEY.keyOf, SCHOOLS_KEY.field, problems);
  return items;
}

/** What makes a row of this layer unique within its file: the key and the field a repeat is reported on. */
export const SCHOOLS_KEY: DuplicateKey<SchoolRecord> = { keyOf: (s) => s.code, field: 'code' };

/** readSchools without the check for repeated keys: one chunk of a file's rows at a time (the caller checks the whole file). */
export function readSchoolsRows(table: RawTable, ctx: ValidationContext, problems: ImportProblem[]): Located<SchoolRecord>[] {
  const items: { position: number; record: SchoolRecord }[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, problems);
    const code = r.str('code', true);
    if (code) r.code = code;
    // A code is an identifier, never text a spreadsheet could take for a formula (=, +, -, @ first) or markup.
    if (code && !SCHOOL_CODE.test(code))
      r.fail(
        'code',
        `"${code.slice(0, 80)}" is not a school code: letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64`,
      );
    const name = r.str('name', true);
    const { stages, schoolType } = readStages(r);
    const ownership = r.oneOf<Ownership>('ownership', OWNERSHIP_WORDS, true, 'ownership');
    const status = r.oneOf('status', STATUS_WORDS, false, 'status') ?? 'open';
    let point: [number, number] | null = null;
    if (row.geometry) {
      if (row.geometry.type !== 'Point') r.fail('geometry', `a school is a Point, got ${row.geometry.type}`);
      else point = readPoint(r, row.geometry.coordinates[0], row.geometry.coordinates[1], ctx, 'geometry');
    } else {
      const x = r.coordinate('lon');
      const y = r.coordinate('lat');
      if (x !== null && y !== null) point = readPoint(r, x, y, ctx);
    }
    const enrolmentByGrade = readGrades(r, 'enrol');
    const classesByGrade = readGrades(r, 'classes');
    let enrolment = r.count('enrolment', Object.keys(enrolmentByGrade).length === 0);
    let classes =
      r.has('classes') || Object.keys(classesByGrade).length > 0
        ? r.count('classes')
        : r.countOr('classes', 0, 'stored as 0 classes (unknown)');
    if (Object.keys(enrolmentByGrade).length > 0) {
      const total = sum(enrolmentByGrade);
      if (enrolment === null && !r.has('enrolment')) enrolment = total;
      else if (enrolment !== null && enrolment !== total)
        r.fail('enrolment', `total enrolment ${enrolment} does not equal the sum of the grades ${total}`);
    }
    if (Object.keys(classesByGrade).length > 0) {
      const total = sum(classesByGrade);
      if (classes === null && !r.has('classes')) classes = total;
      else if (classes !== null && classes !== total)
        r.fail('classes', `total classes ${classes} does not equal the sum of the grades ${total}`);
    }
    // 0 seats is the documented "not given": capacity then comes from classes x class-size norm. A cell that is
    // present but unreadable is an error (null), never that 0.
    const approvedSeats = r.countOr('approved_seats', 0, 'stored as 0, so capacity comes from classes x class-size norm');
    const boardingPlaces = r.countOr('boarding_places', 0, 'stored as 0 boarding places');
    const teachers = r.countOr('teachers', 0, 'stored as 0 teachers (unknown)');
    const centralSchool = r.str('central_school_code');
    if (centralSchool && schoolType !== 'teaching_point')
      r.fail(
        'central_school_code',
        `only a teaching point (教学点) names a central school; this school's 学段 is "${r.str('stages') ?? ''}"`,
      );
    const classSizeNorm = r.num('class_size_norm', { integer: true, min: 1, max: 100 });
    const maxClasses = r.count('max_classes');
    if (maxClasses !== null && classes !== null && maxClasses < classes)
      r.fail('max_classes', `building limit ${maxClasses} is below the current ${classes} classes`);
    // The seven balanced-development indicators, read (and reported) in this order.
    const indicatorValues = {
      qualifiedTeachers: r.num('qualified_teachers', { min: 0 }),
      backboneTeachers: r.num('backbone_teachers', { min: 0 }),
      peArtsTeachers: r.num('pe_arts_teachers', { min: 0 }),
      teachingAreaM2: r.num('teaching_area_m2', { min: 0 }),
      sportsAreaM2: r.num('sports_area_m2', { min: 0 }),
      equipmentValueCny: r.num('equipment_value_cny', { min: 0 }),
      multimediaClassrooms: r.num('multimedia_classrooms', { min: 0 }),
    };
    const indicators = allGiven(indicatorValues) ? indicatorValues : null;
    const openYear = r.year('open_year');
    const closeYear = r.year('close_year');
    if (openYear && closeYear && closeYear < openYear) r.fail('close_year', `closes (${closeYear}) before it opens (${openYear})`);
    if (
      code &&
      name &&
      stages.length > 0 &&
      ownership &&
      point &&
      enrolment !== null &&
      classes !== null &&
      approvedSeats !== null &&
      boardingPlaces !== null &&
      teachers !== null
    ) {
      const attributes = {
        ...row.extra,
        ...(schoolType ? { schoolType } : {}),
        ...(centralSchool ? { centralSchoolCode: centralSchool } : {}),
      };
      items.push({
        position: row.position,
        record: {
          code,
          name,
          stages,
          ownership,
          lon: point[0],
          lat: point[1],
          countyCode: r.str('county_code') ?? r.str('township_code')?.slice(0, 6) ?? null,
          townshipCode: r.str('township_code'),
          classesByGrade,
          enrolmentByGrade,
          enrolment,
          classes,
          approvedSeats,
          classSizeNorm,
          maxClasses,
          boardingPlaces,
          teachers,
          indicators,
          status,
          openYear,
          closeYear,
          attributes,
        },
      });
    }
  }
  return items;
}
