import type { Geometry, Position } from 'geojson';
import { escapeHtml } from './escape';

/**
 * A round step for about `target` intervals over [0, max]: 1, 2 or 5 times a power of ten.
 * @example niceStep(132_650, 4) // 50000
 */
export function niceStep(max: number, target = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

const num = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** A line chart of named series over years, as inline SVG (no script, opens offline); axis ticks at round numbers. */
export function lineChartSvg(
  title: string,
  years: number[],
  series: { name: string; values: number[]; color: string; dashed?: boolean }[],
): string {
  const W = 720;
  const H = 260;
  const pad = { l: 64, r: 200, t: 30, b: 30 };
  const all = series.flatMap((s) => s.values);
  const step = niceStep(Math.max(1, ...all));
  const max = Math.ceil(Math.max(1, ...all) / step) * step;
  const x = (i: number) => pad.l + (i * (W - pad.l - pad.r)) / Math.max(1, years.length - 1);
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
  const lines = series
    .map((s, k) => {
      const d = s.values.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
      return (
        `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>` +
        `<line x1="${W - pad.r + 10}" x2="${W - pad.r + 30}" y1="${pad.t + 16 * k}" y2="${pad.t + 16 * k}" ` +
        `stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>` +
        `<text x="${W - pad.r + 36}" y="${pad.t + 16 * k + 4}" font-size="12" fill="${s.color}">${escapeHtml(s.name)}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" ` +
    `aria-label="${escapeHtml(title)}">
<text x="${pad.l}" y="18" font-size="14" font-weight="bold">${escapeHtml(title)}</text>
` +
    `${ticks
      .map(
        (t) =>
          `<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text data-tick="${t}" ` +
          `x="${pad.l - 6}" y="${y(t) + 4}" font-size="10" text-anchor="end">${num(t)}</text>`,
      )
      .join('')}
` +
    `${years
      .map((yr, i) => (i % 2 === 0 ? `<text x="${x(i)}" y="${H - 10}" font-size="10" text-anchor="middle">${yr}</text>` : ''))
      .join('')}
${lines}</svg>`
  );
}

export interface MapLayer {
  polygons?: { geometry: Geometry; fill: string; stroke: string; title?: string }[];
  points?: { at: Position; r: number; fill: string; title?: string }[];
  lines?: { from: Position; to: Position; stroke: string; title?: string }[];
  /** Text labels drawn above everything (e.g. closed schools' names). */
  labels?: { at: Position; text: string }[];
}

/** One legend entry: a swatch drawn like the layer (polygon, point or line) and its label. */
export interface LegendEntry {
  kind: 'polygon' | 'point' | 'line';
  fill?: string;
  stroke?: string;
  r?: number;
  label: string;
}

const KM_PER_DEGREE = 111.32;

/**
 * A map of WGS-84 layers as inline SVG in a simple equirectangular projection scaled by cos(latitude), with a legend
 * panel on the right, a scale bar (round km) at the bottom left and a north arrow at the top right.
 * @example mapSvg([{ points: [{ at: [118.87, 28.94], r: 3, fill: '#3b82f6' }] }], 760, [{ kind: 'point', fill: '#3b82f6', label: '学校' }])
 */
export function mapSvg(layers: MapLayer[], width = 760, legend: LegendEntry[] = []): string {
  // Bounds by loops, never Math.min(...coords): spreading a 130,000-vertex boundary overflows the call stack.
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const extend = (p: Position) => {
    if (p[0] < minX) minX = p[0];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  };
  const rings = (g: Geometry): Position[][] =>
    g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
  for (const l of layers) {
    for (const p of l.polygons ?? []) for (const r of rings(p.geometry)) for (const q of r) extend(q);
    for (const p of l.points ?? []) extend(p.at);
  }
  if (minX === Infinity) return '';
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const margin = 12;
  const inner = width - 2 * margin;
  const scale = inner / Math.max(1e-9, (maxX - minX) * k);
  const mapH = Math.ceil((maxY - minY) * scale) + 2 * margin;
  const legendW = legend.length ? 220 : 0;
  const height = Math.max(mapH + 40, 30 + legend.length * 20);
  const px = (p: Position) => `${(margin + (p[0] - minX) * k * scale).toFixed(1)},${(margin + (maxY - p[1]) * scale).toFixed(1)}`;
  const ring = (r: Position[]) =>
    `M${displayRing(r, minX, maxY, k * scale, scale)
      .map(px)
      .join('L')}Z`;
  const pathOf = (g: Geometry): string => rings(g).map(ring).join('');
  const body = layers
    .map((l) =>
      [
        ...(l.polygons ?? []).map(
          (p) =>
            `<path d="${pathOf(p.geometry)}" fill="${p.fill}" stroke="${p.stroke}" ` +
            `stroke-width="0.8">${p.title ? `<title>${escapeHtml(p.title)}</title>` : ''}</path>`,
        ),
        ...(l.lines ?? []).map(
          (s) =>
            `<path d="M${px(s.from)}L${px(s.to)}" stroke="${s.stroke}" stroke-width="1.2" marker-end="url(#arrow)` +
            `">${s.title ? `<title>${escapeHtml(s.title)}</title>` : ''}</path>`,
        ),
        ...(l.points ?? []).map((p) => {
          const [cx, cy] = px(p.at).split(',');
          return (
            `<circle cx="${cx}" cy="${cy}" r="${p.r}" fill="${p.fill}" stroke="#333" ` +
            `stroke-width="0.4">${p.title ? `<title>${escapeHtml(p.title)}</title>` : ''}</circle>`
          );
        }),
        ...(l.labels ?? []).map((t) => {
          const [lx, ly] = px(t.at).split(',').map(Number);
          return (
            `<text x="${lx + 5}" y="${ly - 5}" font-size="11" paint-order="stroke" stroke="#fff" stroke-width="3" ` +
            `fill="#111">${escapeHtml(t.text)}</text>`
          );
        }),
      ].join(''),
    )
    .join('\n');
  // Scale bar: a round length near a fifth of the map's width.
  const kmPerPx = KM_PER_DEGREE / scale;
  const barKm = niceStep(inner * kmPerPx, 5);
  const barPx = barKm / kmPerPx;
  const sy = mapH + 18;
  const scaleBar =
    `<g data-scale-bar="${barKm}"><rect x="${margin}" y="${sy}" width="${(barPx / 2).toFixed(1)}" height="6" ` +
    `fill="#222"/><rect x="${(margin + barPx / 2).toFixed(1)}" y="${sy}" width="${(barPx / 2).toFixed(1)}" ` +
    `height="6" fill="#fff" stroke="#222"/>` +
    `<text x="${margin}" y="${sy - 3}" font-size="10">0</text><text x="${(margin + barPx).toFixed(1)}" ` +
    `y="${sy - 3}" font-size="10" text-anchor="middle">${barKm} km</text></g>`;
  const nx = width - margin - 14;
  const north =
    `<g data-north-arrow="1" transform="translate(${nx},${margin + 4})"><path d="M0,0L8,26L0,20L-8,26Z" ` +
    `fill="#222"/><text x="0" y="40" font-size="12" text-anchor="middle" font-weight="bold">N 北</text></g>`;
  const lx = width + 16;
  const swatch = (e: LegendEntry, y: number) =>
    e.kind === 'polygon'
      ? `<rect x="${lx}" y="${y - 9}" width="18" height="12" fill="${e.fill ?? 'none'}" stroke="${e.stroke ?? '#333'}"/>`
      : e.kind === 'line'
        ? `<line x1="${lx}" x2="${lx + 18}" y1="${y - 3}" y2="${y - 3}" stroke="${e.stroke ?? '#333'}" stroke-width="1.5" ` +
          `marker-end="url(#arrow)"/>`
        : `<circle cx="${lx + 9}" cy="${y - 3}" r="${e.r ?? 3}" fill="${e.fill ?? '#333'}" stroke="#333" stroke-width="0.4"/>`;
  const legendSvg = legend.length
    ? `<g data-legend="${legend.length}"><text x="${lx}" y="18" font-size="12" font-weight="bold">图例 ` +
      `Legend</text>${legend
        .map((e, i) => `${swatch(e, 40 + i * 20)}<text x="${lx + 26}" y="${40 + i * 20}" ` + `font-size="11">${escapeHtml(e.label)}</text>`)
        .join('')}</g>`
    : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width + legendW} ${height}" width="${width + legendW}" ` +
    `height="${height}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" ` +
    `orient="auto"><path d="M0,0L10,5L0,10z" fill="#c0392b"/></marker></defs>
${body}
${scaleBar}${north}${legendSvg}</svg>`
  );
}

/**
 * A ring simplified for display only: a vertex within half a pixel of the last one kept adds nothing to the drawing
 * and is dropped (the first and last are always kept). The stored geometry, used for every computation, is untouched.
 * A 130,000-vertex county (with a wiggle every 1.7 km) on a 760-pixel map (736 inside its margins) keeps 14,723 vertices.
 * @example
 * displayRing([[0, 0], [0.0001, 0], [1, 0], [1, 1], [0, 0]], 0, 1, 100, 100).length; // 4: the second vertex is 0.01 px from the first
 */
export function displayRing(ring: Position[], minX: number, maxY: number, sx: number, sy: number, tolerancePx = 0.5): Position[] {
  if (ring.length <= 4) return ring;
  const out: Position[] = [ring[0]];
  let [lx, ly] = [(ring[0][0] - minX) * sx, (maxY - ring[0][1]) * sy];
  for (let i = 1; i < ring.length - 1; i++) {
    const [x, y] = [(ring[i][0] - minX) * sx, (maxY - ring[i][1]) * sy];
    if (Math.abs(x - lx) < tolerancePx && Math.abs(y - ly) < tolerancePx) continue;
    out.push(ring[i]);
    [lx, ly] = [x, y];
  }
  out.push(ring[ring.length - 1]);
  return out;
}
