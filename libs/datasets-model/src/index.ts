export * from './problems';
export * from './limits';
export * from './merge';
export * from './references';
export * from './read-files';
export * from './keys';
export { decodeText } from './decode-text';
export { FIELD_ALIASES, canonicalField } from './headers';
export type { ColumnMapping, TableLayout } from './raw-table';
