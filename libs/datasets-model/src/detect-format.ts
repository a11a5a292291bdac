export type FileFormat = 'csv' | 'xlsx' | 'geojson';

/** Format announced by the file name's extension, or null when the extension is not an import format. */
export function formatFromName(name: string): FileFormat | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'geojson' || ext === 'json') return 'geojson';
  return null;
}

/**
 * What the bytes actually are: XLSX is a ZIP container, GeoJSON starts with `{`, anything else textual is CSV.
 * @example sniffFormat(Buffer.from('PK\x03\x04...')) // 'xlsx'
 */
export function sniffFormat(bytes: Buffer): FileFormat | 'binary' {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b) return 'geojson';
  const probe = bytes.subarray(0, 4096);
  for (const b of probe) if (b === 0) return 'binary';
  return 'csv';
}
