import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { components } from './generated/api-types';
import { statusText, wt } from './world-i18n';

/** Talks to the API on the page's own origin; sends the stored Bearer token with every request. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's own text (English): kept as a detail behind the page-language phrase. */
    readonly detail: string,
    readonly path: string,
  ) {
    super(detail);
    // The message follows the page's language, also after a switch (a Chinese page never shows English alone).
    Object.defineProperty(this, 'message', {
      get: () => wt('err.detail', { text: statusText(status), status, detail: detail || '–' }),
      configurable: true,
    });
  }
}

const TOKEN_KEY = 'edu.token';

export function getToken(): string {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function setToken(token: string): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage disabled: the token lives for this page only */
  }
}

type UnauthorizedHandler = (path: string) => void;
let onUnauthorized: UnauthorizedHandler = () => undefined;
export function handleUnauthorized(fn: UnauthorizedHandler): void {
  onUnauthorized = fn;
}

function messageOf(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const m = (body as { message?: unknown }).message;
    if (Array.isArray(m)) return m.join('; ');
    if (typeof m === 'string') return m;
  }
  return typeof body === 'string' && body ? body.slice(0, 300) : `HTTP ${status}`;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, (e as Error).message, path);
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  if (!res.ok) {
    if (res.status === 401) onUnauthorized(path);
    throw new ApiError(res.status, messageOf(parsed, res.status), path);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown) => request<T>('POST', path, body),
};

/** Query string from the defined values (one spelling with the API's read-cache warm-up). */
export { queryString as qs } from '../../../libs/domain/src/read-urls';

// ---- Response shapes: generated from the API's OpenAPI document (npm run openapi), never written here ----

type Schemas = components['schemas'];

export type Stage = Schemas['SchoolProperties']['stages'][number];
export const STAGES: Stage[] = ['kindergarten', 'primary', 'junior', 'senior'];

/** A page of a layer, its features' properties typed by the layer's published properties. */
export type PagedCollection<P = Record<string, unknown>> = Omit<Schemas['PagedFeatureCollection'], 'type' | 'features'> &
  FeatureCollection<Geometry, P>;

export type AreaProps = Schemas['AreaProperties'];
export type SchoolProps = Schemas['SchoolProperties'];
export type CatchmentProps = Schemas['CatchmentProperties'];
export type DistrictProps = Schemas['DistrictProperties'];
export type HousingProps = Schemas['HousingProperties'];
export type UnitProps = Schemas['UnitProperties'];

export type DemandFigure = Schemas['DemandFigure'];
export type Projections = Schemas['ProjectionFigures'];
export type CapacityFigure = Schemas['CapacityFigure'];

/**
 * A stored alert (GET /alerts) or a run's proposed one (GET /runs/:id/alerts): the page reads what they share, and
 * the stored alert's id, status and probabilities where it has them.
 */
export type Alert =
  Schemas['Alert'] | (Schemas['AlertCandidate'] & Partial<Record<'id' | 'status' | 'pAtLeast100' | 'pAtLeast90', undefined>>);
export type AlertFeature = Feature<Geometry | null, Alert>;

export type RunListItem = Schemas['RunSummary'];
export type Review = Schemas['RunReviewState'];
export type RunKpisYear = Schemas['RunKpisYear'];
/** Every member optional: a run stored by an older engine lacks the newer ones, and the page still shows it. */
export type RunKpis = Partial<Schemas['RunKpis']>;
export type Run = Schemas['RunDetail'];
export type RunCompare = Schemas['RunComparison'];
