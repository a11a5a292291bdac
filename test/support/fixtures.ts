import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { wgs84ToGcj02 } from '@app/geo';
import { SCHOOL_COLUMNS } from '../../geo/demo/src/write';

/** A small synthetic region (one county, two townships, four villages) for import tests; all WGS-84. */
const box = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

export const CITY = box(118.8, 28.9, 119.0, 29.1);

export function areasCollection(): FeatureCollection {
  const f = (code: string, name: string, level: string, parent: string | null, g: Polygon, settlement?: string): Feature => ({
    type: 'Feature',
    geometry: g,
    properties: { 代码: code, 名称: name, 级别: level, 上级代码: parent, ...(settlement ? { 城乡类型: settlement } : {}) },
  });
  return {
    type: 'FeatureCollection',
    features: [
      f('330800', '衢州市', '市', null, CITY),
      f('330802', '柯城区', '区县', '330800', CITY),
      f('330802001', '甲街道', '乡镇', '330802', box(118.8, 28.9, 118.9, 29.1)),
      f('330802002', '乙镇', '乡镇', '330802', box(118.9, 28.9, 119.0, 29.1)),
      f('330802001001', '一社区', '村', '330802001', box(118.8, 28.9, 118.9, 29.0), '社区'),
      f('330802001002', '二社区', '村', '330802001', box(118.8, 29.0, 118.9, 29.1), '社区'),
      f('330802002001', '三村', '村', '330802002', box(118.9, 28.9, 119.0, 29.0), '村'),
      f('330802002002', '四村', '村', '330802002', box(118.9, 29.0, 119.0, 29.1), '村'),
    ],
  };
}

/**
 * The canonical English columns of a schools CSV without grades (the demo generator's SCHOOL_COLUMNS up to the
 * class-size norm): what the e2e tests send when they add or change a school in an import.
 */
export const SCHOOL_CSV_COLUMNS = SCHOOL_COLUMNS.slice(0, SCHOOL_COLUMNS.indexOf('class_size_norm') + 1);

export const SCHOOL_HEADERS = [
  '学校代码',
  '学校名称',
  '学段',
  '办学性质',
  '经度',
  '纬度',
  '区县代码',
  '乡镇代码',
  '在校生数',
  '班级数',
  '核定学位',
  '一年级人数',
  '二年级人数',
  '三年级人数',
  '四年级人数',
  '五年级人数',
  '六年级人数',
];

/** True WGS-84 positions of the fixture schools. */
export const SCHOOL_POINTS: Record<string, [number, number]> = {
  S001: [118.85, 28.95],
  S002: [118.95, 29.05],
  S003: [118.86, 29.06],
};

/** School rows with coordinates in GCJ-02, as a list from AMap would give them. */
export function schoolRows(): (string | number)[][] {
  const row = (code: string, name: string, stage: string, own: string, town: string, grades: number[], seats: number) => {
    const [lon, lat] = wgs84ToGcj02(SCHOOL_POINTS[code]);
    return [
      code,
      name,
      stage,
      own,
      Number(lon.toFixed(7)),
      Number(lat.toFixed(7)),
      '330802',
      town,
      grades.reduce((a, b) => a + b, 0),
      12,
      seats,
      ...grades,
    ];
  };
  return [
    row('S001', '衢州市第一小学', '小学', '公办', '330802001', [45, 44, 43, 42, 41, 40], 270),
    row('S002', '乙镇中心小学', '小学', '公办', '330802002', [20, 20, 20, 20, 20, 20], 240),
    row('S003', '甲街道九年一贯制学校', '九年一贯制', '公办', '330802001', [30, 30, 30, 30, 30, 30], 600),
  ];
}

export async function xlsxOf(headers: string[], rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csvOf(headers: string[], rows: (string | number)[][], encoding: 'utf8' | 'gbk' = 'utf8'): Buffer {
  const text =
    [headers, ...rows]
      .map((r) => r.map((c) => (typeof c === 'string' && /[,"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : String(c))).join(','))
      .join('\n') + '\n';
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}

export const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));
