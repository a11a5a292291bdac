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
// uses 2 workers on 2 cores). The fault suite restarts the shared PostgreSQL, so it is its own project, run alone after.
const FAULTS = '<rootDir>/test/faults.e2e-spec.ts';
module.exports = {
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/scripts/slowest-suites-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,geo}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], testPathIgnorePatterns: ['/node_modules/', FAULTS.replace('<rootDir>', '')] },
    { ...common, displayName: 'faults', testMatch: [FAULTS] },
  ],
};
