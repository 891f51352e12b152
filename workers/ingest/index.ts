/** The CSV import module (platform-neutral). Node callers add ./import-node. */
export { importCsv } from './import-csv';
export * from './types';
