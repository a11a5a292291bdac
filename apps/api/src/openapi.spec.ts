import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/**
 * The committed OpenAPI document and the map page's generated types are what the code makes now: a changed schema
 * or route without `npm run openapi` fails here.
 */
describe('committed OpenAPI document and web types', () => {
  it('openapi.json and api-types.ts are what the code makes now (npm run openapi --check)', () => {
    // In a child process: openapi-typescript loads an ES module, which jest's CommonJS runtime cannot.
    const r = spawnSync(process.execPath, ['-r', './scripts/register.js', 'scripts/openapi.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('every JSON route has a response schema, and every body-taking route a request schema', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'apps/web/src/generated/openapi.json'), 'utf8')) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }>; requestBody?: unknown }>
      >;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    // Files (CSV, XLSX, HTML) and the 204 of a revocation have no JSON body.
    const files = [
      'GET /runs/{id}/results',
      'GET /runs/{id}/dossiers',
      'GET /runs/{id}/dossiers.xlsx',
      'GET /runs/{id}/dossiers/{school}',
      'GET /runs/{id}/report',
      'DELETE /tokens/{id}',
    ];
    const withoutSchema = routes
      .filter(({ op }) => !Object.values(op.responses).some((r) => r.content?.['application/json']?.schema))
      .map((r) => r.route);
    expect(withoutSchema.sort()).toEqual([...files].sort());
    const posts = routes.filter((r) => r.route.startsWith('POST '));
    expect(posts.filter(({ op }) => !op.requestBody).map((r) => r.route)).toEqual(['POST /runs/{id}/cancel']);
    expect(routes.length).toBe(44);
  });
});
