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

// Every test file has its own database and queue prefix (the fault suite its own PostgreSQL and Redis, which it
// restarts), so every file can run beside any other: `npm test` is one run on 2 workers (2 cores), slowest first.
module.exports = {
  testTimeout: 120000,
  testSequencer: '<rootDir>/scripts/slow-first-sequencer.js',
  reporters: ['default', '<rootDir>/scripts/slowest-suites-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,geo}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
