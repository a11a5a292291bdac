// Fails when a source line is over 140 characters (the Prettier printWidth). Prettier cannot wrap a long string,
// template or comment, so it leaves such lines as they are; this lists them. Run by `npm run lint`.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const MAX = 140;
const ROOTS = ['apps', 'libs', 'test', 'bench', 'geo', 'scripts', 'migrations'];
// generated/: written by npm run openapi (its staleness test compares it byte for byte).
const SKIP = new Set(['node_modules', 'dist', 'test-output', 'coverage', '.embedded-pg', 'generated']);
const EXT = /\.(ts|js|mjs)$/;

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (EXT.test(e.name)) yield p;
  }
}

const root = join(__dirname, '..');
const long = [];
const top = readdirSync(root).filter((n) => EXT.test(n));
for (const f of [...top, ...ROOTS.flatMap((r) => [...files(join(root, r))].map((p) => p.slice(root.length + 1)))]) {
  readFileSync(join(root, f), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      // Characters, not UTF-16 units: a line of Chinese text counts each character once.
      const n = [...line].length;
      if (n > MAX) long.push(`${f}:${i + 1}: ${n} characters`);
    });
}
if (long.length) {
  console.error(`${long.length} line(s) over ${MAX} characters (wrap the comment, or split the string with +):`);
  for (const l of long) console.error(`  ${l}`);
  process.exit(1);
}
