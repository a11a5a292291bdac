import type { Layer } from '@app/domain';

/** Canonical (English) field names per layer with their accepted Chinese and English header aliases. */
type Aliases = Record<string, string[]>;

const CN_GRADES = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级', '七年级', '八年级', '九年级', '十年级', '十一年级', '十二年级'];
const CN_GRADES_ALT: Record<number, string[]> = { 7: ['初一'], 8: ['初二'], 9: ['初三'], 10: ['高一'], 11: ['高二'], 12: ['高三'] };
const CN_KG = ['小班', '中班', '大班'];

function gradeAliases(): Aliases {
  const out: Aliases = {};
  for (let g = 1; g <= 12; g++) {
    const names = [CN_GRADES[g - 1], ...(CN_GRADES_ALT[g] ?? [])];
    out[`enrol_g${g}`] = names.flatMap((n) => [`${n}人数`, `${n}在校生`, `${n}学生数`]);
    out[`classes_g${g}`] = names.flatMap((n) => [`${n}班数`, `${n}班级数`]);
  }
  CN_KG.forEach((n, i) => {
    out[`enrol_k${i + 1}`] = [`${n}人数`, `${n}幼儿数`];
    out[`classes_k${i + 1}`] = [`${n}班数`, `${n}班级数`];
  });
  return out;
}

const SCHOOLS: Aliases = {
  code: ['学校代码', '学校标识码', '代码', 'school_code'],
  name: ['学校名称', '名称', 'school_name'],
  stages: ['学段', '办学类型', 'stage', 'school_type'],
  ownership: ['办学性质', '性质'],
  lon: ['经度', 'longitude', 'x', 'lng'],
  lat: ['纬度', 'latitude', 'y'],
  county_code: ['区县代码', '县区代码', '所属区县代码'],
  township_code: ['乡镇代码', '乡镇街道代码', '所属乡镇代码'],
  enrolment: ['在校生数', '在校学生数', '学生数', 'enrollment', 'pupils'],
  classes: ['班级数', '班数'],
  approved_seats: ['核定学位', '核定学位数', '学位数', 'seats', 'capacity'],
  class_size_norm: ['班额标准', '标准班额'],
  max_classes: ['最大班级数', '最大办学规模(班)', '规划班级数'],
  boarding_places: ['寄宿床位', '寄宿床位数', '住宿床位'],
  teachers: ['教职工数', '教师数', '专任教师数'],
  status: ['办学状态', '状态'],
  open_year: ['开办年份', '建校年份'],
  close_year: ['停办年份', '撤并年份'],
  qualified_teachers: ['高学历教师数', '高于规定学历教师数'],
  backbone_teachers: ['骨干教师数', '县级以上骨干教师数'],
  pe_arts_teachers: ['体艺教师数', '音体美教师数'],
  teaching_area_m2: ['教学辅助用房面积', '教学及辅助用房面积'],
  sports_area_m2: ['运动场地面积', '体育运动场馆面积'],
  equipment_value_cny: ['教学仪器设备值', '教学仪器设备总值'],
  multimedia_classrooms: ['网络多媒体教室数', '多媒体教室数'],
  ...gradeAliases(),
};

const AGE_ALIASES: Aliases = Object.fromEntries(
  Array.from({ length: 18 }, (_, a) => [`age_${a}`, [`${a}岁`, `age${a}`, `${a}周岁`]]),
);

export const FIELD_ALIASES: Record<Layer, Aliases> = {
  areas: {
    code: ['代码', '区划代码', '行政区划代码'],
    name: ['名称', '区划名称'],
    level: ['级别', '层级'],
    parent_code: ['上级代码', '上级区划代码'],
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
  births: { area_code: ['区域代码', '乡镇代码', '单元代码'], year: ['年份'], births: ['出生人数', '常住出生人数'], registered_births: ['户籍出生人数'] },
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

/** Header text folded for matching: trimmed, lower case, full-width brackets and inner spaces removed. */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')');
}

const lookupCache = new Map<Layer, Map<string, string>>();

/**
 * The canonical field for a header of a layer, or null when the header is not one of the layer's fields.
 * @example canonicalField('schools', '学校名称') // 'name'
 */
export function canonicalField(layer: Layer, header: string): string | null {
  let map = lookupCache.get(layer);
  if (!map) {
    map = new Map();
    for (const [field, aliases] of Object.entries(FIELD_ALIASES[layer])) {
      map.set(normaliseHeader(field), field);
      for (const a of aliases) map.set(normaliseHeader(a), field);
    }
    lookupCache.set(layer, map);
  }
  return map.get(normaliseHeader(header)) ?? null;
}
