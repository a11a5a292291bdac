// Test support: factories and seeded instances for specs, e2e tests and benches. Production code never imports
// this module: ESLint refuses `@app/testing` outside specs, test/ and bench/ (eslint.config.mjs).
export * from './school-record';
export * from './synthetic-city';
export * from './lcg';
// The one seeded generator production uses (Monte Carlo draws, the demo region), re-exported for test-side code.
export { mulberry32 } from '@app/domain';
export * from './projection-city';
export * from './cflp-instance';
export * from './workbook';
export * from './untyped';
export * from './page-window';
export * from './equator-world';
