import { LAYERS } from '@app/domain';
import { FIELD_ALIASES, canonicalField, normaliseHeader } from './headers';

describe('normaliseHeader', () => {
  it('trims, lower-cases and removes inner spaces (ASCII and ideographic)', () => {
    expect(normaliseHeader('  School Name ')).toBe('schoolname');
    expect(normaliseHeader('学校\u3000名称')).toBe('学校名称');
    expect(normaliseHeader('学 校 名 称\t')).toBe('学校名称');
  });

  it('folds full-width brackets and letters (NFKC)', () => {
    expect(normaliseHeader('最大办学规模（班）')).toBe('最大办学规模(班)');
    expect(normaliseHeader('ＣＯＤＥ')).toBe('code');
  });
});

describe('canonicalField', () => {
  it.each([
    ['schools', '学校名称', 'name'],
    ['schools', '学校代码', 'code'],
    ['schools', '在校生数', 'enrolment'],
    ['schools', '核定学位', 'approved_seats'],
    ['schools', '经度', 'lon'],
    ['schools', '纬度', 'lat'],
    ['schools', '学段', 'stages'],
    ['schools', '一年级人数', 'enrol_g1'],
    ['schools', '六年级班数', 'classes_g6'],
    ['schools', '初一人数', 'enrol_g7'],
    ['schools', '七年级人数', 'enrol_g7'],
    ['schools', '高一人数', 'enrol_g10'],
    ['schools', '十二年级在校生', 'enrol_g12'],
    ['schools', '高三班级数', 'classes_g12'],
    ['schools', '小班人数', 'enrol_k1'],
    ['schools', '大班幼儿数', 'enrol_k3'],
    ['schools', '中班班数', 'classes_k2'],
    ['schools', '最大办学规模（班）', 'max_classes'],
    ['schools', '最大办学规模 (班)', 'max_classes'],
    ['schools', ' 学校\u3000名称 ', 'name'],
    ['schools', 'Enrollment', 'enrolment'],
    ['schools', 'ENROLMENT', 'enrolment'],
    ['schools', 'approved_seats', 'approved_seats'],
    ['schools', 'Longitude', 'lon'],
    ['population', '0岁', 'age_0'],
    ['population', '17周岁', 'age_17'],
    ['population', 'age5', 'age_5'],
    ['population', 'AGE_12', 'age_12'],
    ['population', '口径', 'population'],
    ['births', '出生人数', 'births'],
    ['births', '户籍出生人数', 'registered_births'],
    ['areas', '级别', 'level'],
    ['areas', '上级代码', 'parent_code'],
    ['districts', '预警监测', 'watched'],
    ['units', '单元代码', 'code'],
    ['catchments', '学校代码', 'school_codes'],
    ['catchments', '村社区代码', 'unit_codes'],
    ['housing', '交付计划', 'phasing'],
    ['housing', '小学生源系数', 'yield_primary'],
  ] as const)('%s: %s → %s', (layer, header, field) => {
    expect(canonicalField(layer, header)).toBe(field);
  });

  it('maps the same header per layer', () => {
    expect(canonicalField('schools', '学校代码')).toBe('code');
    expect(canonicalField('catchments', '学校代码')).toBe('school_codes');
    expect(canonicalField('units', '代码')).toBe('code');
    expect(canonicalField('catchments', '代码')).toBe('code');
  });

  it.each([
    ['schools', '备注'],
    ['schools', ''],
    ['schools', '18岁'],
    ['population', '18岁'],
    ['population', '学校名称'],
    ['areas', '经度'],
    ['schools', 'constructor'],
    ['schools', '__proto__'],
    ['schools', 'toString'],
  ] as const)('%s: unknown header %j → null', (layer, header) => {
    expect(canonicalField(layer, header)).toBeNull();
  });

  it('never maps one alias of a layer to two fields', () => {
    for (const layer of LAYERS) {
      const owner = new Map<string, string>();
      for (const [field, aliases] of Object.entries(FIELD_ALIASES[layer])) {
        for (const a of [field, ...aliases]) {
          const k = normaliseHeader(a);
          const prev = owner.get(k);
          if (prev !== undefined && prev !== field) throw new Error(`${layer}: "${a}" maps to both ${prev} and ${field}`);
          owner.set(k, field);
        }
      }
    }
  });

  it('every canonical field maps to itself', () => {
    for (const layer of LAYERS) {
      for (const field of Object.keys(FIELD_ALIASES[layer])) expect(canonicalField(layer, field)).toBe(field);
    }
  });
});
