// Lets an importer worker thread require a TypeScript module when it runs from sources (tests, ts-node): `.ts` files
// are transpiled with esbuild, which costs milliseconds where loading ts-node in the thread costs about a second.
// The compiled build requires `.js` modules and never reaches the hook. Plain JavaScript, copied beside the workers.
const { readFileSync } = require('node:fs');
const Module = require('node:module');

if (!Module._extensions['.ts']) {
  Module._extensions['.ts'] = (m, file) => {
    const { transformSync } = require('esbuild');
    m._compile(transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', sourcefile: file }).code, file);
  };
}
