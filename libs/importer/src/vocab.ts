import type { AreaLevel, Ownership, SchoolStatus, Stage } from '@app/domain';

const key = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
const vocab = <T extends string>(pairs: [string, T][]): Record<string, T> => Object.fromEntries(pairs.map(([k, v]) => [key(k), v]));

/** Single stages and the compound school types that serve two or three stages. */
export const STAGE_WORDS: Record<string, Stage[]> = {
  ...Object.fromEntries(
    ([
      ['kindergarten', ['kindergarten']],
      ['幼儿园', ['kindergarten']],
      ['学前', ['kindergarten']],
      ['primary', ['primary']],
      ['小学', ['primary']],
      ['junior', ['junior']],
      ['初中', ['junior']],
      ['senior', ['senior']],
      ['高中', ['senior']],
      ['普通高中', ['senior']],
      ['special', ['special']],
      ['特殊教育', ['special']],
      ['特教', ['special']],
      ['nineyear', ['primary', 'junior']],
      ['九年一贯制', ['primary', 'junior']],
      ['九年一贯制学校', ['primary', 'junior']],
      ['completesecondary', ['junior', 'senior']],
      ['完全中学', ['junior', 'senior']],
      ['十二年一贯制', ['primary', 'junior', 'senior']],
    ] as [string, Stage[]][]).map(([k, v]) => [key(k), v]),
  ),
};

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
  ['township', 'township'],
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
