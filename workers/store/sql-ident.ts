/**
 * SQL identifiers: names pasted into SQL text (telemetry's sensor columns) go through
 * quoteIdent, and the column names a plant file gives for its sensors must look like
 * the ones pdm writes (s1, s2, ...). A crafted plant file whose `sensors.col` holds
 * SQL (a subquery, a comment) is refused instead of run.
 */

/** The only telemetry column names pdm creates for sensors: s1, s2, ... */
export const SENSOR_COLUMN = /^s[0-9]+$/;

/** The plant file names a sensor column that pdm would never write. */
export class BadIdentifierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadIdentifierError';
  }
}

/** A SQL identifier in double quotes (embedded quotes doubled), safe to paste into SQL. */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new BadIdentifierError('an SQL name may not hold a NUL character');
  return `"${name.replace(/"/g, '""')}"`;
}

/** The sensor's telemetry column, quoted; refuses a name that is not s<digits>. */
export function sensorColumn(col: unknown, sensor?: string): string {
  if (typeof col !== 'string' || !SENSOR_COLUMN.test(col)) {
    throw new BadIdentifierError(
      `sensor ${sensor === undefined ? '' : `'${sensor}' `}has the telemetry column ` +
        `${JSON.stringify(col)} in the plant file's sensors table; pdm only writes ` +
        'columns s1, s2, ... so the file was changed by another program and is refused',
    );
  }
  return quoteIdent(col);
}
