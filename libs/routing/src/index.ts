/**
 * @app/routing: travel by road. A road layer becomes a compact CSR graph (graph.ts), places snap to it (edge-grid.ts,
 * search.ts), bounded one-to-many Dijkstra gives minutes and km (search.ts), and a TravelCost provider answers with
 * roads when the dataset has them and straight line x detour otherwise (travel-cost.ts). Pure: no Nest, no database.
 */
export * from './speeds';
export * from './geometry';
export type { EdgeHit } from './edge-grid';
export * from './graph';
export * from './search';
export * from './travel-cost';
export * from './nearest';
