/** Size and complexity limits for one import (from config). */
export interface ImportLimits {
  maxBytes: number;
  maxVertices: number;
  maxFeatureVertices: number;
  /** Deepest bracket nesting accepted in a JSON file before parsing it. */
  maxJsonDepth: number;
  /** Most rows per file. */
  maxRows: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxVertices: 2_000_000,
  maxFeatureVertices: 200_000,
  maxJsonDepth: 32,
  maxRows: 1_000_000,
};
