/**
 * Hostile files through the importer's reading step (the part that runs inside POST /datasets/:dataset/imports):
 * outcome, wall time, the longest stall of this thread's event loop (what /health would wait), and RSS growth.
 * Run: npx ts-node --transpile-only -r tsconfig-paths/register bench/hostile.ts
 * Printed, never asserted; figures depend on the machine and its load.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { FeatureCollection, Polygon, Position } from 'geojson';
import { DEFAULT_LIMITS, readImportFiles, type ImportFile } from '@app/datasets-model';

async function workbook(fill: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('学校'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The toy region with its county's outline subdivided to `n` vertices: the same boundary, surveyed in detail. */
function detailedCounty(n: number): Buffer {
  const areas = JSON.parse(readFileSync(resolve(__dirname, '../geo/demo/toy/areas.geojson'), 'utf8')) as FeatureCollection<Polygon>;
  const county = areas.features.find((f) => f.properties?.level === 'county')!;
  const ring = county.geometry.coordinates[0];
  const dense: Position[] = [];
  for (let e = 0; e + 1 < ring.length; e++) {
    const steps = Math.floor(n / (ring.length - 1)) + (e < n % (ring.length - 1) ? 1 : 0);
    for (let i = 0; i < steps; i++)
      dense.push([ring[e][0] + ((ring[e + 1][0] - ring[e][0]) * i) / steps, ring[e][1] + ((ring[e + 1][1] - ring[e][1]) * i) / steps]);
  }
  county.geometry.coordinates[0] = [...dense, dense[0]];
  return Buffer.from(JSON.stringify(areas));
}

async function measure(label: string, file: Extract<ImportFile, { bytes: Buffer }>): Promise<void> {
  // The longest gap between ticks of a 5 ms timer, including the one still open when the work ends: what a /health
  // request arriving then would wait (monitorEventLoopDelay records nothing when the loop never turns in between).
  let last = performance.now();
  let stall = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 5);
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const res = await readImportFiles([file], { limits: DEFAULT_LIMITS, previousRegion: null });
  const ms = performance.now() - t0;
  clearInterval(ticker);
  stall = Math.max(stall, performance.now() - last);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const outcome = res.problems.length ? `refused: ${res.problems[0].message.slice(0, 70)}` : `read ${res.files[0].rows} rows`;
  console.log(
    `| ${label} | ${(file.bytes.length / 1024).toFixed(1)} KB | ${outcome} | ${ms.toFixed(0)} ms | ` +
      `${stall.toFixed(0)} ms | ${((peak - rss0) / 2 ** 20).toFixed(0)} MB |`,
  );
}

async function main(): Promise<void> {
  console.log('| input | size | outcome | time | longest event-loop stall | RSS growth |');
  console.log('|---|---|---|---|---|---|');
  await measure('XLSX bomb: cells at A1, XFD1, A2000', {
    name: 'schools.xlsx',
    bytes: await workbook((ws) => {
      ws.getCell('A1').value = 'code';
      ws.getCell('XFD1').value = 'x';
      ws.getCell('A2000').value = 'S1';
    }),
  });
  await measure('XLSX: header A1:Z1, one cell at A1000000', {
    name: 'schools.xlsx',
    bytes: await workbook((ws) => {
      ws.addRow(Array.from({ length: 26 }, (_, i) => `h${i}`));
      ws.getCell('A1000000').value = 'S1';
    }),
  });
  await measure('XLSX: 50,000 school rows × 8 columns', {
    name: 'schools.xlsx',
    bytes: await workbook((ws) => {
      ws.addRow(['code', 'name', 'stages', 'ownership', 'lon', 'lat', 'enrolment', 'classes']);
      for (let i = 0; i < 50_000; i++)
        ws.addRow([`S${i}`, `学校${i}`, '小学', '公办', 118.8 + (i % 100) / 1000, 28.9 + Math.floor(i / 100) / 10000, 300, 12]);
    }),
  });
  await measure('GeoJSON: toy areas with a 130,000-vertex county', { name: 'areas.geojson', bytes: detailedCounty(130_000) });
  await measure('CSV: 1,000,000-column header', {
    name: 'schools.csv',
    bytes: Buffer.from(`${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n`),
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
