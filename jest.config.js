/**
 * One jest config for everything: unit specs next to the code, integration/e2e specs under test/.
 * SWC transpiles (types are checked by `npm run typecheck`); decorator metadata is emitted as tsc does for Nest.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const swc = {
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2022',
    keepClassNames: true,
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
  },
};

const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testEnvironment: 'node',
  rootDir: __dirname,
};

// Every test file has its own database and queue prefix, so unit and integration files run in parallel (`npm test`
// uses 2 workers on 2 cores). Run alone afterwards: the fault suite (it restarts the shared PostgreSQL) and the
// scenario flows (a worker process solves the city's consolidation MILP; beside another busy file it passed 120 s).
const SERIAL = ['<rootDir>/test/faults.e2e-spec.ts', '<rootDir>/test/scenarios.e2e-spec.ts'];
module.exports = {
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/scripts/slowest-suites-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,geo}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], testPathIgnorePatterns: ['/node_modules/', ...SERIAL.map((f) => f.replace('<rootDir>', ''))] },
    { ...common, displayName: 'serial', testMatch: SERIAL },
  ],
};
