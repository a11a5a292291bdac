import { InitialSchema1795973830112 } from '../../../migrations/1795973830112-InitialSchema';

/** Migrations in order. Listed explicitly so ts-node, jest and the compiled build load the same set. */
export const MIGRATIONS = [InitialSchema1795973830112];
