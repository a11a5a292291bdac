import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { Worker } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import { workerScript } from './worker-script';

/**
 * Limits of one XLSX read. They are checked while the sheet streams in, so a workbook that would expand into
 * millions of cells (three cells at A1, XFD1 and A2000) is refused before anything of that size exists.
 */
export interface XlsxLimits {
  /** Most uncompressed bytes of the sheet XML plus the shared strings. */
  maxUncompressedBytes: number;
  /** Most cells of the returned grid (rows up to the last non-blank one × columns). */
  maxCells: number;
  /** Most columns; the width is the widest of the first rows, where the header is. */
  maxColumns: number;
  /** Most data rows (the header row not counted). */
  maxRows: number;
}

/** The first worksheet as a dense grid: row 1 first, each row `width` cells, null where blank. */
export type XlsxRead = { ok: true; grid: unknown[][] } | { ok: false; message: string; overLimit: boolean };

/** Rows searched for the widest row: a header below a few title rows still sets the width. */
const WIDTH_ROWS = 20;

class XlsxError extends Error {
  constructor(
    message: string,
    readonly overLimit = false,
  ) {
    super(message);
  }
}

interface ZipEntry {
  method: number;
  compressedSize: number;
  dataStart: number;
}

/** Reads the ZIP central directory; sizes come from there and are never trusted for the limits. */
function zipEntries(bytes: Buffer): Map<string, ZipEntry> {
  const minEocd = Math.max(0, bytes.length - 65557);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= minEocd; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('no ZIP directory (truncated or not a workbook)');
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw new XlsxError('damaged ZIP directory');
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const nameLen = bytes.readUInt16LE(at + 28);
    const extraLen = bytes.readUInt16LE(at + 30);
    const commentLen = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLen);
    at += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) throw new XlsxError(`damaged ZIP entry ${name}`);
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (dataStart + compressedSize > bytes.length) throw new XlsxError(`ZIP entry ${name} runs past the end of the file`);
    entries.set(name.replace(/^\//, ''), { method, compressedSize, dataStart });
  }
  return entries;
}

/** Budget of uncompressed bytes shared by every part read from one workbook. */
class Budget {
  used = 0;
  constructor(readonly max: number) {}
  take(n: number): void {
    this.used += n;
    if (this.used > this.max) throw new XlsxError(`the workbook expands past ${this.max} bytes of XML: over the limit`, true);
  }
}

/** Streams one entry's text through `onText` in pieces, counting every uncompressed byte against the budget. */
async function streamEntry(bytes: Buffer, entry: ZipEntry, budget: Budget, onText: (text: string) => void): Promise<void> {
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const decoder = new StringDecoder('utf8');
  if (entry.method === 0) {
    budget.take(data.length);
    onText(decoder.write(data) + decoder.end());
    return;
  }
  if (entry.method !== 8) throw new XlsxError(`unsupported ZIP compression method ${entry.method}`);
  const inflate = zlib.createInflateRaw({ chunkSize: 256 * 1024 });
  const done = new Promise<void>((resolve, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      try {
        budget.take(chunk.length);
        onText(decoder.write(chunk));
      } catch (e) {
        inflate.destroy();
        reject(e instanceof XlsxError ? e : new XlsxError((e as Error).message));
      }
    });
    inflate.on('error', (e) => reject(e instanceof XlsxError ? e : new XlsxError(`damaged ZIP data: ${e.message}`)));
    inflate.on('end', () => {
      try {
        onText(decoder.end());
        resolve();
      } catch (e) {
        reject(e as Error);
      }
    });
  });
  inflate.end(data);
  await done;
}

async function readEntry(bytes: Buffer, entries: Map<string, ZipEntry>, name: string, budget: Budget): Promise<string | null> {
  const entry = entries.get(name);
  if (!entry) return null;
  const parts: string[] = [];
  await streamEntry(bytes, entry, budget, (t) => parts.push(t));
  return parts.join('');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e] ?? m;
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(tag);
  return m ? unescapeXml(m[1]) : undefined;
}

/** Text of `<t>` runs, without phonetic guides (`<rPh>`), as Excel shows the cell. */
function textRuns(xml: string): string {
  const plain = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const m of plain.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) out += m[1] ? unescapeXml(m[1]) : '';
  return out;
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30 and the CJK ids Excel writes). */
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

function isDateFormat(code: string): boolean {
  return /[ymdhsb]/i.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Which cell style indexes (`s` of a cell) display a date. */
function dateStyles(stylesXml: string | null): Set<number> {
  const out = new Set<number>();
  if (!stylesXml) return out;
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<numFmt\b([^>]*)\/?>/g)) custom.set(Number(attr(m[1], 'numFmtId')), attr(m[1], 'formatCode') ?? '');
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml);
  if (!xfs) return out;
  let i = 0;
  for (const m of xfs[1].matchAll(/<xf\b([^>]*?)(?:\/>|>)/g)) {
    const id = Number(attr(m[1], 'numFmtId') ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id)) out.add(i);
    i++;
  }
  return out;
}

function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** Column number of a cell reference (`XFD1` → 16384), or null when it has none. */
function columnOf(ref: string | undefined): number | null {
  if (!ref) return null;
  const m = /^([A-Z]{1,3})\d*$/.exec(ref);
  if (!m) return null;
  let n = 0;
  for (const ch of m[1]) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function columnName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

interface SheetContext {
  shared: string[];
  dates: Set<number>;
  date1904: boolean;
}

/** One cell's value as the old in-memory reader gave it: numbers, text, booleans, ISO dates; errors are blank. */
function cellValue(open: string, body: string, ctx: SheetContext): unknown {
  const t = attr(open, 't') ?? 'n';
  if (t === 'inlineStr') {
    const is = /<is>([\s\S]*?)<\/is>/.exec(body);
    return is ? textRuns(is[1]) : null;
  }
  const v = /<v>([\s\S]*?)<\/v>/.exec(body);
  if (!v) return null;
  const raw = unescapeXml(v[1]);
  switch (t) {
    case 's': {
      const s = ctx.shared[Number(raw)];
      return s === undefined ? null : s;
    }
    case 'str':
      return raw;
    case 'b':
      return raw === '1' || raw === 'true';
    case 'e':
      return null;
    case 'd': {
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? raw : d.toISOString();
    }
    default: {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) return null;
      if (ctx.dates.has(Number(attr(open, 's') ?? -1))) return excelToDate(n, ctx.date1904).toISOString();
      return n;
    }
  }
}

/** Builds the grid row by row as the sheet XML streams in; holds at most one unfinished row of text. */
class SheetScanner {
  private pending = '';
  private nextRow = 1;
  /** Sparse rows read so far (row number → column → value), until the width is known. */
  private rows: { r: number; cells: Map<number, unknown> }[] = [];
  lastRow = 0;
  private width = 0;
  private cells = 0;
  private done = false;

  constructor(
    private readonly ctx: SheetContext,
    private readonly limits: XlsxLimits,
  ) {}

  push(text: string): void {
    if (this.done) return;
    this.pending += text;
    const re = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
    let consumed = 0;
    for (let m = re.exec(this.pending); m; m = re.exec(this.pending)) {
      consumed = re.lastIndex;
      this.row(m[1], m[2] ?? '');
      if (this.done) break;
    }
    // Keep only the unfinished tail (from the last `<row` on); anything before it is markup between rows.
    let tail = this.pending.slice(consumed);
    const open = tail.lastIndexOf('<row');
    tail = open >= 0 ? tail.slice(open) : tail.slice(-8);
    this.pending = tail;
    if (tail.length > 64 * 1024 * 1024) throw new XlsxError('a worksheet row of more than 64 MB of XML: over the limit', true);
  }

  private row(open: string, body: string): void {
    const r = Number(attr(open, 'r') ?? this.nextRow);
    if (!Number.isInteger(r) || r < 1) throw new XlsxError(`a row numbered "${attr(open, 'r')}"`);
    this.nextRow = r + 1;
    const cells = new Map<number, unknown>();
    let col = 0;
    for (const c of body.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      col = columnOf(attr(c[1], 'r')) ?? col + 1;
      const value = cellValue(c[1], c[2] ?? '', this.ctx);
      if (value === null || value === undefined || value === '') continue;
      // Below the header rows the width is known: a cell right of it has no column name and is not kept.
      if (r > WIDTH_ROWS && col > this.width) continue;
      if (col > this.limits.maxColumns) {
        throw new XlsxError(`cell ${columnName(col)}${r} is in column ${col}: over the limit of ${this.limits.maxColumns} columns`, true);
      }
      cells.set(col, value);
    }
    if (cells.size === 0) return;
    // Past the row limit nothing is kept; the scan goes on (bounded by the byte limit) only to name the count.
    this.lastRow = r;
    if (r - 1 > this.limits.maxRows) return;
    if (r <= WIDTH_ROWS) this.width = Math.max(this.width, ...cells.keys());
    this.cells = r * Math.max(this.width, 1);
    if (this.cells > this.limits.maxCells) {
      throw new XlsxError(
        `row ${r} × ${this.width} columns makes ${this.cells} cells: over the limit of ${this.limits.maxCells} cells`,
        true,
      );
    }
    this.rows.push({ r, cells });
  }

  grid(): unknown[][] {
    const width = this.width;
    const grid: unknown[][] = [];
    let at = 0;
    for (let r = 1; r <= this.lastRow; r++) {
      const cells: unknown[] = new Array<unknown>(width).fill(null);
      if (at < this.rows.length && this.rows[at].r === r) {
        // Cells right of the header's width have no column name: the old reader dropped them the same way.
        for (const [c, v] of this.rows[at].cells) if (c <= width) cells[c - 1] = v;
        at++;
      }
      grid.push(cells);
    }
    return grid;
  }
}

/** Path of the sheet the workbook lists first, through its relationships. */
function firstSheetPath(workbookXml: string, relsXml: string | null): string | null {
  const sheet = /<(?:\w+:)?sheet\b([^>]*?)\/?>/.exec(workbookXml);
  if (!sheet) return null;
  const rid = /\br:id="([^"]*)"|\b\w+:id="([^"]*)"/.exec(sheet[1]);
  const id = rid ? (rid[1] ?? rid[2]) : undefined;
  if (id && relsXml) {
    for (const m of relsXml.matchAll(/<Relationship\b([^>]*?)\/?>/g)) {
      if (attr(m[1], 'Id') !== id) continue;
      const target = attr(m[1], 'Target') ?? '';
      return target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`);
    }
  }
  return 'xl/worksheets/sheet1.xml';
}

/**
 * Reads the first worksheet of an XLSX workbook in this thread, streaming the sheet XML with the given limits.
 * Prefer {@link readXlsxSheet}, which runs this in a worker thread.
 * @example
 * const read = await readXlsxSheetHere(bytes, { maxUncompressedBytes: 1e8, maxCells: 1e7, maxColumns: 1024, maxRows: 1e6 });
 * if (read.ok) console.log(read.grid[0]); // the header row
 */
export async function readXlsxSheetHere(bytes: Buffer, limits: XlsxLimits): Promise<XlsxRead> {
  try {
    const entries = zipEntries(bytes);
    const budget = new Budget(limits.maxUncompressedBytes);
    const workbook = await readEntry(bytes, entries, 'xl/workbook.xml', budget);
    if (workbook === null) throw new XlsxError('no xl/workbook.xml: not a workbook');
    const sheetPath = firstSheetPath(workbook, await readEntry(bytes, entries, 'xl/_rels/workbook.xml.rels', budget));
    const sheetEntry = sheetPath ? entries.get(sheetPath) : undefined;
    if (!sheetEntry) return { ok: false, message: 'the first worksheet is empty: no header row', overLimit: false };
    const sharedXml = await readEntry(bytes, entries, 'xl/sharedStrings.xml', budget);
    const shared: string[] = [];
    if (sharedXml) for (const m of sharedXml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) shared.push(m[1] ? textRuns(m[1]) : '');
    const ctx: SheetContext = {
      shared,
      dates: dateStyles(await readEntry(bytes, entries, 'xl/styles.xml', budget)),
      date1904: /<workbookPr\b[^>]*date1904="(?:1|true)"/.test(workbook),
    };
    const scanner = new SheetScanner(ctx, limits);
    await streamEntry(bytes, sheetEntry, budget, (t) => scanner.push(t));
    if (scanner.lastRow === 0) return { ok: false, message: 'the first worksheet is empty: no header row', overLimit: false };
    if (scanner.lastRow - 1 > limits.maxRows)
      return { ok: false, message: `${scanner.lastRow - 1} rows: over the limit of ${limits.maxRows}`, overLimit: true };
    return { ok: true, grid: scanner.grid() };
  } catch (e) {
    if (e instanceof XlsxError)
      return { ok: false, message: e.overLimit ? e.message : `not a readable XLSX workbook: ${e.message}`, overLimit: e.overLimit };
    return { ok: false, message: `not a readable XLSX workbook: ${(e as Error).message}`, overLimit: false };
  }
}

const WORKER_FILE = 'xlsx-worker.js';

function workerPath(): string {
  const found = workerScript(WORKER_FILE);
  if (!found) throw new Error(`XLSX worker script ${WORKER_FILE} not found beside ${__dirname} nor in libs/datasets-model/src`);
  return found;
}

/**
 * Cells per message from the reading thread: receiving a 50,000 × 8 sheet in one message held this loop about
 * 300 ms; in batches of this size each takes a few milliseconds.
 */
const CELLS_PER_MESSAGE = 20_000;

/**
 * Rows per message when the reading thread hands a sheet back: about `cellsPerMessage` cells (the rows are as wide
 * as the header), at least one row.
 * @example sheetBatchRows(grid50000x8, 20_000) // 2500: the sheet comes back in 20 messages
 */
export function sheetBatchRows(grid: readonly unknown[][], cellsPerMessage: number): number {
  const width = Math.max(1, grid.length > 0 ? grid[0].length : 1);
  return Math.max(1, Math.floor(cellsPerMessage / width));
}

/** One batch of the sheet's rows, in order; `done` on the last. */
type SheetBatch = { ok: true; rows: unknown[][]; done: boolean };

/** Heap of the reading thread: a workbook that gets past the limits still cannot exhaust the API process. */
const WORKER_HEAP_MB = 1024;

/**
 * Reads the first worksheet of an XLSX workbook in a worker thread, so a large or hostile workbook never blocks
 * the event loop that answers requests (and `/health`). Over-limit workbooks come back with `overLimit: true`.
 * @example
 * const read = await readXlsxSheet(bytes, { maxUncompressedBytes: 1e8, maxCells: 1e7, maxColumns: 1024, maxRows: 1e6 });
 * if (!read.ok) console.log(read.message); // "cell XFD1 is in column 16384: over the limit of 1024 columns"
 */
export function readXlsxSheet(bytes: Buffer, limits: XlsxLimits): Promise<XlsxRead> {
  return new Promise<XlsxRead>((resolve) => {
    let settled = false;
    const finish = (r: XlsxRead): void => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const worker = new Worker(workerPath(), {
      workerData: { bytes: new Uint8Array(bytes), limits, source: __filename, cellsPerMessage: CELLS_PER_MESSAGE },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const grid: unknown[][] = [];
    worker.on('message', (m: SheetBatch | Extract<XlsxRead, { ok: false }>) => {
      if (m.ok) {
        for (const row of m.rows) grid.push(row);
        // The next batch after a turn of this loop, so requests waiting meanwhile are answered.
        if (!m.done) return void setImmediate(() => worker.postMessage('next'));
        finish({ ok: true, grid });
      } else finish(m);
      void worker.terminate();
    });
    worker.on('error', (e) =>
      finish({ ok: false, message: `the workbook could not be read within ${WORKER_HEAP_MB} MB: ${e.message}`, overLimit: true }),
    );
    worker.on('exit', (code) =>
      finish({ ok: false, message: `the XLSX reader stopped (exit code ${code}) before answering`, overLimit: false }),
    );
  });
}
