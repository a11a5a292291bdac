export * from './model';
export * from './solver';
export * from './verify';
export { toLpFormat, variableName, rowName } from './lp-format';
export { toJsLpSolverModel, JS_LP_OBJECTIVE_KEY, type JsLpSolverModel } from './jsLpSolver-format';
export { HighsBackend, type HighsBackendConfig } from './highs-backend';
export { JsLpSolverBackend, interpretJsLpSolverAnswer, type JsLpSolverBackendConfig, type JsLpSolverRaw } from './jsLpSolver-backend';
export {
  runInSolveWorker,
  solveWorkerPath,
  newInterruptFlag,
  INTERRUPT_GRACE_MS,
  type WorkerOutcome,
  type WorkerRunOptions,
} from './solve-in-worker';
export * from './models/cost-matrix';
export { defaultBackend, type Assignment, type FacilitySolution, type FacilityModel } from './models/facility-solution';
export * from './models/cflp';
export * from './models/ufl';
export * from './orlib';
export * from './models/p-median';
export * from './models/mclp';
export * from './models/set-covering';
export { coveringSets } from './models/coverage';
export * from './transportation';
export * from './geojson-adapter';
export * from './models/facility-structured';
export {
  coverValue,
  evaluateOpenSet,
  facilitySubproblems,
  arcsByFacility,
  type FlatFacilityData,
  type FacilityArcs,
  type FacilityState,
  type OpenSetEvaluation,
} from './models/facility-lagrangian';
