import type { AreaLevel, Ownership, SchoolStatus, Stage } from '@app/domain';

const key = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
const vocab = <T extends string>(pairs: [string, T][]): Record<string, T> => Object.fromEntries(pairs.map(([k, v]) => [key(k), v]));

/**
 * A school type the stages alone do not express, kept in a school's attributes as `schoolType`: teaching points
 * (教学点, small sites of a central school) and kindergarten classes attached to a primary school (附设幼儿班).
 */
export type SchoolTypeWord = 'teaching_point' | 'attached_kindergarten_class';

/** What one 学段/办学类型 word means: the stages served and, for two kinds, a school type of its own. */
export interface StageWord {
  stages: Stage[];
  schoolType?: SchoolTypeWord;
}

const P: Stage[] = ['primary'];
const PJ: Stage[] = ['primary', 'junior'];
const PJS: Stage[] = ['primary', 'junior', 'senior'];
const JS: Stage[] = ['junior', 'senior'];

/**
 * Stages and school types, after the Ministry of Education's statistical school categories (教育统计 学校类型): 幼儿园,
 * 附设幼儿班, 小学 (完小/初小 included), 教学点, 初级中学, 九年一贯制学校, 十二年一贯制学校, 完全中学, 高级中学,
 * 特殊教育学校, and the parts of a combined school (小学部, 初中部, 高中部).
 */
export const STAGE_WORDS: Record<string, StageWord> = Object.fromEntries(
  (
    [
      ['kindergarten', ['kindergarten']],
      ['幼儿园', ['kindergarten']],
      ['学前', ['kindergarten']],
      ['学前教育', ['kindergarten']],
      ['幼儿班', ['kindergarten'], 'attached_kindergarten_class'],
      ['附设幼儿班', ['kindergarten'], 'attached_kindergarten_class'],
      ['学前班', ['kindergarten'], 'attached_kindergarten_class'],
      ['primary', P],
      ['小学', P],
      ['完小', P],
      ['完全小学', P],
      ['初小', P],
      ['初级小学', P],
      ['中心小学', P],
      ['小学部', P],
      ['教学点', P, 'teaching_point'],
      ['小学教学点', P, 'teaching_point'],
      ['teachingpoint', P, 'teaching_point'],
      ['junior', ['junior']],
      ['初中', ['junior']],
      ['初级中学', ['junior']],
      ['初中部', ['junior']],
      ['senior', ['senior']],
      ['高中', ['senior']],
      ['普通高中', ['senior']],
      ['高级中学', ['senior']],
      ['高中部', ['senior']],
      ['special', ['special']],
      ['特殊教育', ['special']],
      ['特殊教育学校', ['special']],
      ['特教', ['special']],
      ['特校', ['special']],
      ['nineyear', PJ],
      ['九年一贯', PJ],
      ['九年一贯制', PJ],
      ['九年一贯制学校', PJ],
      ['completesecondary', JS],
      ['完全中学', JS],
      ['完中', JS],
      ['twelveyear', PJS],
      ['十二年一贯', PJS],
      ['十二年一贯制', PJS],
      ['十二年一贯制学校', PJS],
    ] as [string, Stage[], SchoolTypeWord?][]
  ).map(([k, stages, schoolType]) => [key(k), schoolType ? { stages, schoolType } : { stages }]),
);

export const OWNERSHIP_WORDS = vocab<Ownership>([
  ['public', 'public'],
  ['公办', 'public'],
  ['inclusive_private', 'inclusive_private'],
  ['普惠性民办', 'inclusive_private'],
  ['普惠民办', 'inclusive_private'],
  ['private', 'private'],
  ['民办', 'private'],
  ['非普惠性民办', 'private'],
]);

export const STATUS_WORDS = vocab<SchoolStatus>([
  ['open', 'open'],
  ['在办', 'open'],
  ['正常', 'open'],
  ['closed', 'closed'],
  ['停办', 'closed'],
  ['撤并', 'closed'],
  ['planned', 'planned'],
  ['规划', 'planned'],
  ['在建', 'planned'],
]);

export const LEVEL_WORDS = vocab<AreaLevel>([
  ['city', 'city'],
  ['市', 'city'],
  ['county', 'county'],
  ['区县', 'county'],
  ['县', 'county'],
  ['区', 'county'],
  ['县级', 'county'],
  ['乡级', 'township'],
  ['村级', 'village'],
  ['市级', 'city'],
  ['地级市', 'city'],
  ['设区市', 'city'],
  ['district', 'county'],
  ['township', 'township'],
  ['street', 'township'],
  ['乡镇', 'township'],
  ['乡镇街道', 'township'],
  ['街道', 'township'],
  ['village', 'village'],
  ['村社区', 'village'],
  ['村', 'village'],
  ['社区', 'village'],
]);

export const SETTLEMENT_WORDS = vocab<'urban' | 'rural'>([
  ['urban', 'urban'],
  ['社区', 'urban'],
  ['城镇', 'urban'],
  ['城市', 'urban'],
  ['rural', 'rural'],
  ['村', 'rural'],
  ['乡村', 'rural'],
  ['农村', 'rural'],
]);

export const POPULATION_WORDS = vocab<'resident' | 'registered'>([
  ['resident', 'resident'],
  ['常住', 'resident'],
  ['registered', 'registered'],
  ['户籍', 'registered'],
]);

export const STAGE_VOCAB_KEY = key;
