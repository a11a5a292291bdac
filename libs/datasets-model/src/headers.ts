import type { Layer } from '@app/domain';

/** Canonical (English) field names per layer with their accepted Chinese and English header aliases. */
type Aliases = Record<string, string[]>;

const CN_GRADES = [
  '一年级',
  '二年级',
  '三年级',
  '四年级',
  '五年级',
  '六年级',
  '七年级',
  '八年级',
  '九年级',
  '十年级',
  '十一年级',
  '十二年级',
];
const CN_GRADES_ALT: Record<number, string[]> = { 7: ['初一'], 8: ['初二'], 9: ['初三'], 10: ['高一'], 11: ['高二'], 12: ['高三'] };
const CN_KG = ['小班', '中班', '大班'];

function gradeAliases(): Aliases {
  const out: Aliases = {};
  for (let g = 1; g <= 12; g++) {
    const names = [CN_GRADES[g - 1], ...(CN_GRADES_ALT[g] ?? [])];
    out[`enrol_g${g}`] = names.flatMap((n) => [`${n}人数`, `${n}在校生`, `${n}学生数`, `${n}在校生数`, `${n}学生人数`]);
    out[`classes_g${g}`] = names.flatMap((n) => [`${n}班数`, `${n}班级数`]);
  }
  CN_KG.forEach((n, i) => {
    out[`enrol_k${i + 1}`] = [`${n}人数`, `${n}幼儿数`, `${n}在园幼儿数`, `${n}在园人数`];
    out[`classes_k${i + 1}`] = [`${n}班数`, `${n}班级数`];
  });
  return out;
}

const SCHOOLS: Aliases = {
  code: ['学校代码', '学校标识码', '标识码', '学校编码', '学校编号', '代码', 'school_code'],
  name: ['学校名称', '学校全称', '学校(机构)名称', '校名', '单位名称', '名称', 'school_name'],
  stages: ['学段', '办学类型', '学校类型', '学校类别', '学校办别', 'stage', 'school_type'],
  ownership: ['办学性质', '性质', '举办者类型', '办学体制', '公办/民办', '公民办'],
  lon: ['经度', '东经', 'longitude', 'x', 'lng', 'lon'],
  lat: ['纬度', '北纬', 'latitude', 'y'],
  county_code: ['区县代码', '县区代码', '所属区县代码', '县代码', '县(市、区)代码', '县(市区)代码'],
  township_code: ['乡镇代码', '乡镇街道代码', '乡镇(街道)代码', '所属乡镇代码', '所属乡镇(街道)代码', '街道代码'],
  enrolment: ['在校生数', '在校学生数', '在校生人数', '学生数', '学生人数', '在籍学生数', '在园幼儿数', '幼儿数', 'enrollment', 'pupils'],
  classes: ['班级数', '班数', '教学班数', '班级总数'],
  approved_seats: ['核定学位', '核定学位数', '核定学额', '学位数', '学位容量', '设计学位数', 'seats', 'capacity'],
  class_size_norm: ['班额标准', '标准班额'],
  max_classes: ['最大班级数', '最大办学规模(班)', '规划班级数'],
  boarding_places: ['寄宿床位', '寄宿床位数', '住宿床位'],
  teachers: ['教职工数', '教职工人数', '教师数', '专任教师数'],
  status: ['办学状态', '状态'],
  open_year: ['开办年份', '建校年份', '建校时间', '创办年份', '开办时间'],
  close_year: ['停办年份', '撤并年份', '停办时间', '撤并时间'],
  central_school_code: ['中心校代码', '中心学校代码', '所属中心校代码', '所属中心校', '中心校', '所属中心学校'],
  qualified_teachers: ['高学历教师数', '高于规定学历教师数'],
  backbone_teachers: ['骨干教师数', '县级以上骨干教师数'],
  pe_arts_teachers: ['体艺教师数', '音体美教师数'],
  teaching_area_m2: ['教学辅助用房面积', '教学及辅助用房面积'],
  sports_area_m2: ['运动场地面积', '体育运动场馆面积'],
  equipment_value_cny: ['教学仪器设备值', '教学仪器设备总值'],
  multimedia_classrooms: ['网络多媒体教室数', '多媒体教室数'],
  ...gradeAliases(),
};

const AGE_ALIASES: Aliases = Object.fromEntries(Array.from({ length: 18 }, (_, a) => [`age_${a}`, [`${a}岁`, `age${a}`, `${a}周岁`]]));

export const FIELD_ALIASES: Record<Layer, Aliases> = {
  areas: {
    // DataV/AMap (adcode, parent.adcode), Tianditu (gb = 156 + code, PAC) and natural-resources XZQ layers (XZQDM).
    code: ['代码', '区划代码', '行政区划代码', '行政区代码', 'adcode', 'xzqdm', 'xzqhdm', 'qhdm', 'pac', 'gb'],
    name: ['名称', '区划名称', '行政区名称', 'xzqmc', 'qhmc'],
    level: ['级别', '层级', '行政级别'],
    parent_code: ['上级代码', '上级区划代码', '上级行政区代码', 'parent', 'parentcode', 'parent_adcode'],
    settlement: ['城乡类型', '城乡分类'],
  },
  districts: { code: ['代码', '片区代码'], name: ['名称', '片区名称'], watched: ['预警监测', '监测'] },
  units: {
    code: ['单元代码', '代码', 'unit_code'],
    name: ['名称', '单元名称'],
    township_code: ['乡镇代码', '乡镇街道代码'],
    county_code: ['区县代码'],
    settlement: ['城乡类型', '城乡分类'],
  },
  schools: SCHOOLS,
  catchments: {
    code: ['施教区代码', '服务区代码', '代码'],
    stage: ['学段'],
    school_codes: ['学校代码', 'school_code'],
    unit_codes: ['村社区代码', '单元代码'],
  },
  population: { unit_code: ['单元代码', '村社区代码'], year: ['年份'], population: ['口径', '人口口径'], ...AGE_ALIASES },
  births: {
    area_code: ['区域代码', '乡镇代码', '单元代码'],
    year: ['年份'],
    births: ['出生人数', '常住出生人数'],
    registered_births: ['户籍出生人数'],
  },
  housing: {
    code: ['项目代码', '代码'],
    name: ['项目名称', '名称'],
    township_code: ['乡镇代码', '乡镇街道代码'],
    district_code: ['片区代码'],
    unit_code: ['单元代码', '村社区代码'],
    lon: ['经度', 'longitude', 'lng'],
    lat: ['纬度', 'latitude'],
    households: ['户数', '总户数', '住宅户数'],
    type: ['类型', '住房类型'],
    phasing: ['交付计划', '分期交付'],
    yield_kindergarten: ['幼儿园生源系数'],
    yield_primary: ['小学生源系数'],
    yield_junior: ['初中生源系数'],
    yield_senior: ['高中生源系数'],
  },
  roads: {
    code: ['道路编码', '路线编码', '编码', '代码', 'id', 'osm_id'],
    name: ['道路名称', '路线名称', '名称'],
    class: ['道路等级', '技术等级', '行政等级', '等级', 'highway', 'fclass', 'road_class'],
    speed_kmh: ['设计速度', '限速', '速度', 'maxspeed', 'speed'],
    oneway: ['单行', '单向', '单行线'],
    ferry: ['轮渡', '渡口', 'route'],
  },
};

/** Header text folded for matching: NFKC (full-width brackets, letters and digits), lower case, no spaces or line
 * breaks, no required-field markers (`*`, `※`) and no trailing colon. */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[【〔［]/g, '[')
    .replace(/[】〕］]/g, ']')
    .replace(/^[*※]+|[*※]+$/g, '')
    .replace(/[:：]$/, '');
}

const lookupCache = new Map<Layer, Map<string, string>>();

function lookup(layer: Layer): Map<string, string> {
  let map = lookupCache.get(layer);
  if (!map) {
    map = new Map();
    for (const [field, aliases] of Object.entries(FIELD_ALIASES[layer])) {
      map.set(normaliseHeader(field), field);
      for (const a of aliases) map.set(normaliseHeader(a), field);
    }
    lookupCache.set(layer, map);
  }
  return map;
}

/** Units a header may carry in brackets that do not change the number (counts, yuan, square metres, degrees). */
export const PLAIN_UNITS = [
  '人',
  '个',
  '名',
  '班',
  '所',
  '间',
  '张',
  '床',
  '座',
  '户',
  '元',
  'm2',
  'm²',
  '平方米',
  '平米',
  '年',
  '度',
  '°',
  '%',
  '单位:人',
  '单位:个',
];
/** Units that scale the number: a column in them is refused, because the engine's fields are in plain units. */
export const SCALED_UNITS = ['万元', '千元', '万', '千', '亩', '公顷', 'ha', '万平方米', 'km2', '平方公里'];

// A bracketed part: (…), […] after normalisation, or a trailing "/个" style unit.
const BRACKETS = /\(([^()]*)\)|\[([^\]]*)\]/g;

/** How one source header maps to a field of a layer. */
export interface HeaderMatch {
  field: string | null;
  /** Bracketed text that was dropped to find the field (a unit such as 个, or a qualifier). */
  dropped?: string;
  /** Set when the header names a field but in a unit the engine cannot take: the column is refused. */
  refused?: string;
}

/**
 * Resolves a source header for a layer: exact alias first, then with bracketed units (full or half width) and a
 * trailing `/unit` removed. A header in a scaling unit (万元, 亩) is refused rather than read off by a factor.
 * @example resolveHeader('schools', '班级数（个）') // { field: 'classes', dropped: '个' }
 * @example resolveHeader('schools', '教学仪器设备值（万元）').refused // 'equipment_value_cny is in plain units, not 万元'
 */
export function resolveHeader(layer: Layer, header: string): HeaderMatch {
  const map = lookup(layer);
  const norm = normaliseHeader(header);
  if (norm === '') return { field: null };
  const exact = map.get(norm);
  if (exact) return { field: exact };
  const dropped: string[] = [];
  let bare = norm.replace(BRACKETS, (_m, a: string | undefined, b: string | undefined) => {
    dropped.push(a ?? b ?? '');
    return '';
  });
  const slash = /^(.+?)\/([^/]{1,4})$/.exec(bare);
  if (slash && !map.has(bare)) {
    bare = slash[1];
    dropped.push(slash[2]);
  }
  const field = map.get(bare);
  if (!field || dropped.length === 0) return { field: null };
  const unit = dropped.join(',');
  const scaled = dropped.map((d) => d.replace(/^单位[:：]?/, '')).find((d) => SCALED_UNITS.includes(d));
  if (scaled) return { field: null, refused: `${field} is in plain units, not ${scaled}: convert the column or drop the unit` };
  return { field, dropped: unit };
}

/**
 * The canonical field for a header of a layer, or null when the header is not one of the layer's fields.
 * Units in brackets are ignored (see {@link resolveHeader}).
 * @example canonicalField('schools', '学校名称') // 'name'
 * @example canonicalField('schools', '核定学位（个）') // 'approved_seats'
 */
export function canonicalField(layer: Layer, header: string): string | null {
  return resolveHeader(layer, header).field;
}

/** True when a dropped bracket text is a plain unit rather than a qualifier such as 含借读. */
export function isPlainUnit(dropped: string): boolean {
  return dropped.split(',').every((d) => PLAIN_UNITS.includes(d.replace(/^单位[:：]?/, '')));
}

/** Grade labels as a two-row header's lower row spells them, to the key of the per-grade fields (g1..g12, k1..k3). */
export function gradeKey(label: string): string | null {
  const n = normaliseHeader(label).replace(/(人数|班数|在校生|学生)$/, '');
  const i = CN_GRADES.indexOf(n);
  if (i >= 0) return `g${i + 1}`;
  for (const [g, alts] of Object.entries(CN_GRADES_ALT)) if (alts.includes(n)) return `g${g}`;
  const k = CN_KG.indexOf(n);
  if (k >= 0) return `k${k + 1}`;
  const m = /^(\d{1,2})年级$/.exec(n);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) return `g${Number(m[1])}`;
  return null;
}
