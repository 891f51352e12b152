/** The CSV import engine (platform-neutral). Node callers add ./import-node. */
export { importCsv, nobleSha256, DEFAULT_MAX_REJECT_RATIO } from './import-csv';
export { normName, detectDelimiter, resolveLayout, type Layout } from './header';
export {
  parseIso,
  parseDayMonth,
  orderFromDateFormat,
  DateOrderDecider,
  type DateOrder,
} from './timestamp';
export * from './types';
