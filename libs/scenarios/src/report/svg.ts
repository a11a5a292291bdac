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
  const pts: Position[] = [];
  const walk = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') pts.push(c as Position);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  for (const l of layers) {
    for (const p of l.polygons ?? []) walk((p.geometry as { coordinates?: unknown }).coordinates);
    for (const p of l.points ?? []) pts.push(p.at);
  }
  if (pts.length === 0) return '';
  const minX = Math.min(...pts.map((p) => p[0]));
  const maxX = Math.max(...pts.map((p) => p[0]));
  const minY = Math.min(...pts.map((p) => p[1]));
  const maxY = Math.max(...pts.map((p) => p[1]));
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = width / Math.max(1e-9, (maxX - minX) * k);
  const height = Math.ceil((maxY - minY) * scale);
  const px = (p: Position) => `${(((p[0] - minX) * k) * scale).toFixed(1)},${((maxY - p[1]) * scale).toFixed(1)}`;
  const ring = (r: Position[]) => `M${r.map(px).join('L')}Z`;
  const pathOf = (g: Geometry): string =>
    g.type === 'Polygon' ? g.coordinates.map(ring).join('') : g.type === 'MultiPolygon' ? g.coordinates.flatMap((p) => p.map(ring)).join('') : '';
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
