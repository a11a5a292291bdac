// Test support: factories and seeded instances for specs, e2e tests and benches. Production code never imports
// this module (tsconfig.build.json leaves every testing/ folder out of the build, so such an import fails to build).
export * from './school-record';
export * from './synthetic-city';
export * from './lcg';
