import * as all from './all';

export * from './all';

/** Every entity, for the DataSource: whatever all.ts exports. */
export const ENTITIES = Object.values(all);
