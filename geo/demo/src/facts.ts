/** Reads the real facts the demo is built on: ../shared/data/quzhou/counties.csv and townships.csv. */
import * as fs from 'fs';
import * as path from 'path';
import { gcj02ToWgs84 as toWgs84 } from '@app/geo';

const gcj02ToWgs84 = (lon: number, lat: number) => toWgs84([lon, lat]).slice(0, 2) as [number, number];

export interface CountyFact {
  code: string;
  name: string;
  nameEn: string;
  population2020: number;
  urbanShare: number;
  areaKm2: number;
  /** County seat, WGS-84 (converted from the GCJ-02 source). */
  seat: [number, number];
  /** Centroid, WGS-84 (converted from the GCJ-02 source). */
  centroid: [number, number];
  householdSize: number;
  /** Age-band shares of the total population (2020 census): share_0, share_1_4, share_5_9, ... */
  shares: Record<string, number>;
}

export interface TownshipFact {
  code: string;
  name: string;
  countyCode: string;
}

export interface Facts {
  counties: CountyFact[];
  townships: TownshipFact[];
}

/** Minimal CSV parser (RFC 4180 quotes), enough for the two fact files. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      cell = '';
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
    } else cell += ch;
  }
  row.push(cell);
  if (row.some((c) => c !== '')) rows.push(row);
  const header = rows.shift() ?? [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}

export function readFacts(dataDir: string): Facts {
  const countiesCsv = parseCsv(fs.readFileSync(path.join(dataDir, 'counties.csv'), 'utf8'));
  const townshipsCsv = parseCsv(fs.readFileSync(path.join(dataDir, 'townships.csv'), 'utf8'));
  const counties = countiesCsv.map((r): CountyFact => {
    const shares: Record<string, number> = {};
    for (const [k, v] of Object.entries(r)) if (k.startsWith('share_')) shares[k] = Number(v);
    return {
      code: r.code,
      name: r.name_zh,
      nameEn: r.name_en,
      population2020: Number(r.population_2020),
      urbanShare: Number(r.urban_share),
      areaKm2: Number(r.area_km2),
      seat: gcj02ToWgs84(Number(r.seat_lon_gcj02), Number(r.seat_lat_gcj02)),
      centroid: gcj02ToWgs84(Number(r.centroid_lon_gcj02), Number(r.centroid_lat_gcj02)),
      householdSize: Number(r.household_size),
      shares,
    };
  });
  counties.sort((a, b) => a.code.localeCompare(b.code));
  const townships = townshipsCsv
    .map((r): TownshipFact => ({ code: r.code, name: r.name, countyCode: r.areaCode }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return { counties, townships };
}
