/**
 * @packageDocumentation
 * Small-school consolidation (issue 7), the pure library part: {@link ConsolidationModel} decides which primary,
 * junior and nine-year schools stay open in a target year, where each village's pupils go and how many classes the
 * receiving schools add, so that at most N open schools have fewer than T pupils. No Nest, no database; inputs are
 * never mutated. The mathematics is in the TSDoc of {@link ConsolidationModel}.
 */
export { ConsolidationModel, type ConsolidationPrecheck } from './consolidation-model';
export type { Formulation, Structure, Variant } from './formulation';
export type { Instance, SchoolNode, UnitNode, DemandNode, ArcNode } from './instance';
export { resolveOptions } from './instance';
export * from './types';
export * from './dossier';
export { travelFunctionFor, travelTargetsOf } from './road-travel';
