import type { MultiPolygon, Polygon } from 'geojson';
import type { Crs, PolygonProblem } from '@app/geo';

/** What a layer validator needs beyond its own rows. */
export interface ValidationContext {
  /** Normalised CRS id of the file's coordinates (see @app/geo parseCrs). */
  crs: Crs;
  /** The city boundary points must fall in (from this import's areas or the previous version), when known. */
  region: Polygon | MultiPolygon | null;
  /** Region bounding box [minLon, minLat, maxLon, maxLat] for swapped-coordinate detection. */
  regionBbox: [number, number, number, number] | null;
  /** Fix repairable polygon defects (overlapping holes or parts, holes on the shell) and note each change. */
  repair?: boolean;
  /** Problems of large polygons already validated off the event loop (see polygonProblemsOffLoop), by geometry. */
  polygonProblems?: WeakMap<object, PolygonProblem[]>;
}
