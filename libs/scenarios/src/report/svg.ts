import type { Geometry, Position } from 'geojson';
import { escapeHtml } from './escape';

/** A line chart of named series over years, as inline SVG (no script, opens offline). */
export function lineChartSvg(title: string, years: number[], series: { name: string; values: number[]; color: string; dashed?: boolean }[]): string {
  const W = 720;
  const H = 260;
  const pad = { l: 60, r: 200, t: 30, b: 30 };
  const all = series.flatMap((s) => s.values);
  const max = Math.max(1, ...all) * 1.05;
  const x = (i: number) => pad.l + (i * (W - pad.l - pad.r)) / Math.max(1, years.length - 1);
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const ticks = Array.from({ length: 5 }, (_, i) => (max * i) / 4);
  const lines = series
    .map((s, k) => {
      const d = s.values.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>` +
        `<text x="${W - pad.r + 10}" y="${pad.t + 16 * k + 4}" font-size="12" fill="${s.color}">${escapeHtml(s.name)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(title)}">
<text x="${pad.l}" y="18" font-size="14" font-weight="bold">${escapeHtml(title)}</text>
${ticks.map((t) => `<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${pad.l - 6}" y="${y(t) + 4}" font-size="10" text-anchor="end">${Math.round(t)}</text>`).join('')}
${years.map((yr, i) => (i % 2 === 0 ? `<text x="${x(i)}" y="${H - 10}" font-size="10" text-anchor="middle">${yr}</text>` : '')).join('')}
${lines}</svg>`;
}

export interface MapLayer {
  polygons?: { geometry: Geometry; fill: string; stroke: string; title?: string }[];
  points?: { at: Position; r: number; fill: string; title?: string }[];
  lines?: { from: Position; to: Position; stroke: string; title?: string }[];
}

/** A map of WGS-84 layers as inline SVG in a simple equirectangular projection scaled by cos(latitude). */
export function mapSvg(layers: MapLayer[], width = 760): string {
  // Bounds by loops, never Math.min(...coords): spreading a 130,000-vertex boundary overflows the call stack.
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const extend = (p: Position) => {
    if (p[0] < minX) minX = p[0];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  };
  const rings = (g: Geometry): Position[][] => (g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : []);
  for (const l of layers) {
    for (const p of l.polygons ?? []) for (const r of rings(p.geometry)) for (const q of r) extend(q);
    for (const p of l.points ?? []) extend(p.at);
  }
  if (minX === Infinity) return '';
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = width / Math.max(1e-9, (maxX - minX) * k);
  const height = Math.ceil((maxY - minY) * scale);
  const px = (p: Position) => `${(((p[0] - minX) * k) * scale).toFixed(1)},${((maxY - p[1]) * scale).toFixed(1)}`;
  const ring = (r: Position[]) => `M${displayRing(r, minX, maxY, k * scale, scale).map(px).join('L')}Z`;
  const pathOf = (g: Geometry): string => rings(g).map(ring).join('');
  const body = layers
    .map((l) =>
      [
        ...(l.polygons ?? []).map((p) => `<path d="${pathOf(p.geometry)}" fill="${p.fill}" stroke="${p.stroke}" stroke-width="0.8">${p.title ? `<title>${escapeHtml(p.title)}</title>` : ''}</path>`),
        ...(l.lines ?? []).map((s) => `<path d="M${px(s.from)}L${px(s.to)}" stroke="${s.stroke}" stroke-width="1.2" marker-end="url(#arrow)">${s.title ? `<title>${escapeHtml(s.title)}</title>` : ''}</path>`),
        ...(l.points ?? []).map((p) => {
          const [cx, cy] = px(p.at).split(',');
          return `<circle cx="${cx}" cy="${cy}" r="${p.r}" fill="${p.fill}" stroke="#333" stroke-width="0.4">${p.title ? `<title>${escapeHtml(p.title)}</title>` : ''}</circle>`;
        }),
      ].join(''),
    )
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0L10,5L0,10z" fill="#c0392b"/></marker></defs>
${body}</svg>`;
}

/**
 * A ring simplified for display only: a vertex within half a pixel of the last one kept adds nothing to the drawing
 * and is dropped (the first and last are always kept). The stored geometry, used for every computation, is untouched.
 * A 130,000-vertex county (with a wiggle every 1.7 km) on a 760-pixel map keeps 15,167 vertices.
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
