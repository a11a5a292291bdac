// Builds the map review page into apps/web/dist: one minified JS bundle, one CSS bundle (the page's styles and
// leaflet.css with its images), and index.html pointing at them. Everything is bundled: no CDN, no web fonts,
// no tiles. Every text file gets .br and .gz siblings, compressed once here at the highest levels, which the API
// serves as they are (no compression per request).
// Usage: node apps/web/build.mjs [--dev] [--if-stale] (--dev: unminified with inline source maps; --if-stale: do
// nothing when dist/ was built, not --dev, after the last change of src/, this script and package-lock.json).
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
const dev = process.argv.includes('--dev');
const started = performance.now();

if (process.argv.includes('--if-stale') && !dev) {
  const infoFile = join(out, 'build-info.json');
  const newest = (dir) =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  const inputs = Math.max(
    newest(join(here, 'src')),
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
    statSync(join(here, '../../package-lock.json')).mtimeMs,
  );
  if (
    existsSync(infoFile) &&
    existsSync(join(out, 'index.html')) &&
    !JSON.parse(readFileSync(infoFile, 'utf8')).dev &&
    statSync(infoFile).mtimeMs > inputs
  ) {
    console.log(
      `web page up to date in ${relative(process.cwd(), out) || out} (checked in ${((performance.now() - started) / 1000).toFixed(2)} s)`,
    );
    process.exit(0);
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: [join(here, 'src/main.ts')],
  bundle: true,
  minify: !dev,
  sourcemap: dev ? 'inline' : 'linked',
  format: 'esm',
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15', 'edge100'],
  outdir: out,
  entryNames: 'app-[hash]',
  assetNames: 'assets/[name]-[hash]',
  loader: { '.png': 'file', '.svg': 'file' },
  tsconfig: join(here, 'tsconfig.json'),
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});

const outputs = Object.keys(result.metafile.outputs).map((p) => join(process.cwd(), p));
const js = outputs.find((p) => p.endsWith('.js'));
const css = outputs.find((p) => p.endsWith('.css'));
if (!js || !css) throw new Error('esbuild produced no JS or no CSS bundle');

const template = readFileSync(join(here, 'src/index.html'), 'utf8');
writeFileSync(join(out, 'index.html'), template.replace('%CSS%', `./${basename(css)}`).replace('%JS%', `./${basename(js)}`));

const size = (p) => {
  const bytes = readFileSync(p);
  return { file: relative(out, p), bytes: statSync(p).size, gzip: gzipSync(bytes, { level: 9 }).length };
};
const files = [size(join(out, 'index.html')), size(js), size(css), ...outputs.filter((p) => /\.(png|svg)$/.test(p)).map(size)];
const jsGzip = size(js).gzip;
const initialGzip = files.reduce((n, f) => n + f.gzip, 0);
const info = {
  builtAt: new Date().toISOString(),
  dev,
  js: basename(js),
  css: basename(css),
  jsGzipBytes: jsGzip,
  initialGzipBytes: initialGzip,
  files,
};
writeFileSync(join(out, 'build-info.json'), JSON.stringify(info, null, 2) + '\n');

// Precompressed copies for the API's static file server; small files are not worth it.
for (const f of files) {
  const p = join(out, f.file);
  const bytes = readFileSync(p);
  if (bytes.length < 1024 || /\.png$/.test(p)) continue;
  writeFileSync(
    `${p}.br`,
    brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
  );
  writeFileSync(`${p}.gz`, gzipSync(bytes, { level: 9 }));
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`web page built into ${relative(process.cwd(), out) || out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const f of files) console.log(`  ${f.file.padEnd(40)} ${kb(f.bytes).padStart(11)}   gzip ${kb(f.gzip).padStart(10)}`);
console.log(`  JavaScript gzipped: ${kb(jsGzip)} (budget 1.5 MiB); initial load gzipped (html+js+css+images): ${kb(initialGzip)}`);
