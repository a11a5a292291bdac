import { createHash } from 'node:crypto';

/** Stable JSON (sorted keys) so equal assumptions always give the same key. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * A content key: the SHA-1 of the value's stable JSON, so equal content (whatever its key order) gets one key.
 * @example contentKey({ b: 1, a: [2] }) === contentKey({ a: [2], b: 1 }) // true
 */
export function contentKey(value: unknown): string {
  return createHash('sha1').update(canonical(value)).digest('hex');
}

/**
 * Identity of a projection: the same version, assumptions and scenario always map to one stored run, so a retried
 * or repeated job finds its result instead of writing it twice.
 * @example projectionKey(3, { birthExtension: 'medium' }, null) // 'v3:…sha1…'
 */
export function projectionKey(versionId: number, assumptions: object, scenarioRef: string | null): string {
  const h = createHash('sha1').update(canonical({ assumptions, scenarioRef })).digest('hex');
  return `v${versionId}:${h}`;
}
