/** The CSV import engine (platform-neutral). Node callers add ./import-node. */
export { importCsv } from './import-csv';
export * from './types';
