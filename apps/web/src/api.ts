import type { Feature, FeatureCollection, Geometry } from 'geojson';
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
    Object.defineProperty(this, 'message', { get: () => wt('err.detail', { text: statusText(status), status, detail: detail || '–' }), configurable: true });
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

/** Query string from the defined values. */
export function qs(params: Record<string, string | number | null | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

// ---- Response shapes (README.md, docs/api-runs.md) ----

export type Stage = 'kindergarten' | 'primary' | 'junior' | 'senior' | 'special';
export const STAGES: Stage[] = ['kindergarten', 'primary', 'junior', 'senior'];

export interface PagedCollection<P = Record<string, unknown>> extends FeatureCollection<Geometry, P> {
  versionId: number;
  numberMatched: number;
  numberReturned: number;
}

export interface AreaProps {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  settlement: string | null;
}

export interface SchoolProps {
  code: string;
  name: string;
  stages: Stage[];
  ownership: string;
  lon: number;
  lat: number;
  countyCode: string | null;
  townshipCode: string | null;
  classesByGrade: Record<string, number>;
  enrolmentByGrade: Record<string, number>;
  enrolment: number;
  classes: number;
  approvedSeats: number;
  maxClasses: number | null;
  boardingPlaces: number;
  teachers: number;
  status: string;
  openYear: number | null;
}

export interface CatchmentProps {
  code: string;
  stage: Stage;
  schoolCodes: string[];
  unitCodes: string[];
}

export interface DistrictProps {
  code: string;
  name: string;
  watched: boolean;
}

export interface HousingProps {
  code: string;
  name: string;
  townshipCode: string;
  districtCode: string | null;
  households: number;
  type: string;
  phasing: Record<string, number>;
}

export interface UnitProps {
  code: string;
  name: string;
  attributes?: { residents_total?: number; registered_total?: number };
}

export interface DemandFigure {
  level: string;
  code: string;
  stage: Stage;
  year: number;
  resident: number;
  registered: number;
  fromHousing: number;
  /** With `intervals=true`: 80 % / 95 % bounds of the resident figure (null when the run has no error model). */
  interval?: { lo80: number; hi80: number; lo95: number; hi95: number } | null;
}

export interface Projections {
  runId: number;
  versionId: number;
  figures: DemandFigure[];
}

export interface CapacityFigure {
  subjectType: string;
  subjectCode: string;
  stage: Stage;
  year: number;
  seats: number;
  intakeSeats: number;
  demandResident: number;
  demandRegistered: number;
  utilisationResident: number;
  utilisationRegistered: number;
  seatGap: number;
  classesShort: number;
}

export interface Alert {
  id?: number;
  level: string;
  kind: string;
  rule: string;
  subjectType: string;
  subjectCode: string;
  stage: Stage;
  population: string;
  onsetYear: number;
  seatGap: number;
  classesShort: number;
  message: { zh: string; en: string };
  details?: { schools?: string[]; demandBasis?: string; series?: { year: number; demand: number; seats: number; utilisation: number | null }[] };
  /** P(utilisation >= 100 %) / P(>= 90 %) in the onset year, from the projection intervals (null without them). */
  pAtLeast100?: number | null;
  pAtLeast90?: number | null;
  status?: string;
}

export type AlertFeature = Feature<Geometry | null, Alert>;

export interface RunListItem {
  id: number;
  scenarioId: number;
  scenarioName: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  kpis?: RunKpis | null;
  review: Review | null;
}

export interface Review {
  decision: 'approved' | 'rejected';
  note: string;
  by: string | null;
  at: string;
}

export interface RunKpisYear {
  year?: number;
  [k: string]: unknown;
}

/** The run's indicators (libs/scenarios run-kpis.ts); every field optional so older or newer runs still show. */
export interface RunKpis {
  targetYear?: number;
  smallSchoolsUnder200?: number | null;
  smallSchoolsUnder100?: number | null;
  maxSmallSchools?: number;
  pupilsMoved?: number;
  schoolsClosed?: number;
  pupilsReseated?: number;
  meanTravelKmBefore?: number | null;
  meanTravelKmAfter?: number | null;
  maxTravelKmBefore?: number | null;
  maxTravelKmAfter?: number | null;
  redAlerts?: number;
  yellowAlerts?: number;
  consolidationStatus?: string | null;
  /** district code -> stage -> year -> serving schools' demand minus seats (positive = short). */
  districtSeatGap?: Record<string, Record<string, Record<string, number>>>;
  /** The first draft of the contract: 高铁新城 gap by year. */
  gtxcSeatGap?: Record<string, number>;
  byYear?: RunKpisYear[];
  [k: string]: unknown;
}

export interface Run {
  id: number;
  scenarioId: number;
  scenarioName?: string;
  versionId: number;
  status: string;
  progress?: { overall: number; steps: { name: string; state: string; progress: number; message?: string }[] };
  error?: { step: string; message: string } | null;
  kpis?: RunKpis | null;
  review?: Review | null;
  createdAt?: string;
  finishedAt?: string | null;
  createdBy?: string | null;
}

export interface RunCompare {
  a: { id?: number; scenarioId?: number; status?: string; kpis?: RunKpis };
  b: { id?: number; scenarioId?: number; status?: string; kpis?: RunKpis };
  kpisByYear: { year: number; a: RunKpisYear | null; b: RunKpisYear | null }[];
  schoolsDiffering?: unknown[];
  areasDiffering?: unknown[];
}
