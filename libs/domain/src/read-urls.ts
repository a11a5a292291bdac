/**
 * The URLs of the reads the map page sends, spelled once. The API's read cache is keyed by the exact URL, so the
 * page (apps/web/src/data.ts) and the API's warm-up (apps/api/src/read-cache-warmer.ts) build them here: a warmed
 * answer is a hit for the page only when both spell the parameters alike, in the same order.
 */

/**
 * A query string of the defined, non-empty values, in the order given (empty when none).
 * @example queryString({ dataset: 'toy', version: undefined, limit: 5000 }) // '?dataset=toy&limit=5000'
 */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** Features per page when the page reads a whole layer. */
export const LAYER_PAGE_SIZE = 5000;

/**
 * One page of a map layer.
 * @example layerPageUrl('toy', undefined, 'areas', { level: 'county' }, 0) // '/layers/areas?dataset=toy&level=county&limit=5000&offset=0'
 */
export function layerPageUrl(
  dataset: string,
  version: number | undefined,
  layer: string,
  params: Record<string, string | undefined>,
  offset: number,
): string {
  return `/layers/${layer}${queryString({ dataset, version, ...params, limit: LAYER_PAGE_SIZE, offset })}`;
}

/**
 * Projected demand at a level. Aggregates come with their intervals (fan charts); the whole city's unit list, drawn
 * on the map, does not need them.
 * @example projectionsUrl('toy', undefined, { level: 'unit', year: 2025 }) // '/projections?dataset=toy&level=unit&year=2025'
 */
export function projectionsUrl(
  dataset: string,
  version: number | undefined,
  params: { level: string; code?: string; year?: number; stage?: string },
): string {
  const intervals = params.level === 'unit' && !params.code ? undefined : 'true';
  return `/projections${queryString({ dataset, version, ...params, intervals })}`;
}

/**
 * Capacity figures of the dataset's latest evaluation, or of a run when `runId` is given.
 * @example figuresUrl('toy', { subjectType: 'school', year: 2025 }, null) // '/figures?dataset=toy&subjectType=school&year=2025'
 */
export function figuresUrl(dataset: string, q: { subjectType: string; year?: number; code?: string }, runId: number | null): string {
  const base = runId === null ? '/figures' : `/runs/${runId}/figures`;
  return `${base}${queryString({ dataset: runId === null ? dataset : undefined, ...q })}`;
}

/**
 * The active alerts as GeoJSON with the alerts panel's filters.
 * @example alertsGeojsonUrl('toy', { population: 'resident' }) // '/alerts.geojson?dataset=toy&population=resident&limit=5000'
 */
export function alertsGeojsonUrl(dataset: string, filter: Record<string, string>): string {
  return `/alerts.geojson${queryString({ dataset, ...filter, limit: 5000 })}`;
}
