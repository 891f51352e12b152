/**
 * The import report: files refused (with the importer's message: file, line, column,
 * reason), counts per file, then per file everything else the importer reported: how
 * timestamps were read and the plant zone, columns read with a decimal comma, missing
 * values, readings dropped in the repeated daylight-saving hour, columns not imported,
 * duplicate rows and rejected rows (line, column, reason); then the machines that have
 * telemetry but no machine-list row. Nothing the engine reports is left out.
 */
import type { FileImportReport, ImportResult } from '../../workers/app/api-types';
import { useI18n } from '../i18n/i18n';

/** Columns per decimal mark, e.g. { ',': ['volt', 'pressure'] }. */
function byMark(marks: Record<string, string>): [string, string[]][] {
  const out = new Map<string, string[]>();
  for (const [column, mark] of Object.entries(marks)) {
    out.set(mark, [...(out.get(mark) ?? []), column]);
  }
  return [...out];
}

/** True when the importer said more about this file than the counts. */
function hasDetails(f: FileImportReport): boolean {
  return (
    !!f.timestampForm ||
    f.timeZone !== undefined ||
    f.decimalMarks !== undefined ||
    f.missingValues !== undefined ||
    (f.repeatedHour ?? 0) > 0 ||
    (f.notImported?.length ?? 0) > 0 ||
    (f.duplicateRows?.length ?? 0) > 0 ||
    f.rowsDuplicate > 0 ||
    f.rejected.length > 0 ||
    f.rowsRejected > 0
  );
}

function FileDetails({ f }: { f: FileImportReport }) {
  const { t, num } = useI18n();
  const marks = f.decimalMarks ? byMark(f.decimalMarks) : [];
  const shownDup = f.duplicateRows ?? [];
  return (
    <section className="file-report" aria-label={t('import.fileDetails', { file: f.file })}>
      <h3>{f.file}</h3>
      {(f.timestampForm || f.timeZone || marks.length > 0 || f.missingValues !== undefined) && (
        <dl className="facts">
          {f.timestampForm && (
            <>
              <dt>{t('import.timestampForm')}</dt>
              <dd data-testid="timestamp-form">{f.timestampForm}</dd>
            </>
          )}
          {f.timeZone && (
            <>
              <dt>{t('import.timeZone')}</dt>
              <dd>
                <strong data-testid="report-zone">{f.timeZone}</strong>{' '}
                <span className="muted">{t('import.timeZoneNote')}</span>
              </dd>
            </>
          )}
          {marks.map(([mark, columns]) => (
            <FactRow
              key={mark}
              term={
                mark === ','
                  ? t('import.decimalCommaColumns')
                  : t('import.decimalMarkColumns', { mark })
              }
              value={columns.join(', ')}
            />
          ))}
          {f.missingValues !== undefined && (
            <FactRow term={t('import.missingValues')} value={num(f.missingValues)} />
          )}
        </dl>
      )}
      {(f.repeatedHour ?? 0) > 0 && (
        <p className="notice warn" data-testid="repeated-hour">
          {t('import.repeatedHour', {
            n: num(f.repeatedHour ?? 0),
            zone: f.timeZone ?? t('import.thePlantZone'),
          })}
        </p>
      )}
      {(f.notImported?.length ?? 0) > 0 && (
        <>
          <h4>{t('import.notImported', { n: f.notImported!.length })}</h4>
          <div className="table-wrap">
            <table
              className="data compact"
              aria-label={t('import.notImportedTable', { file: f.file })}
            >
              <thead>
                <tr>
                  <th scope="col">{t('import.col.column')}</th>
                  <th scope="col">{t('import.col.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {f.notImported!.map((c, i) => (
                  <tr key={i}>
                    <td>{c.column || '—'}</td>
                    <td className="wrap">{c.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {(f.rowsDuplicate > 0 || shownDup.length > 0) && (
        <>
          <h4>
            {t('import.duplicateRows', { n: num(Math.max(f.rowsDuplicate, shownDup.length)) })}
          </h4>
          <p className="muted small">
            {shownDup.length === 0
              ? t('import.duplicatesNoList')
              : shownDup.length < f.rowsDuplicate
                ? t('import.duplicatesFirst', {
                    shown: num(shownDup.length),
                    n: num(f.rowsDuplicate),
                  })
                : t('import.duplicatesAll')}
          </p>
          {shownDup.length > 0 && (
            <div className="table-wrap tall">
              <table
                className="data compact"
                aria-label={t('import.duplicateTable', { file: f.file })}
              >
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t('import.col.line')}
                    </th>
                    <th scope="col">{t('col.machine')}</th>
                    <th scope="col">{t('col.time')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shownDup.map((d, i) => (
                    <tr key={i}>
                      <td className="num">{d.line}</td>
                      <td>{d.machine}</td>
                      <td>{d.time}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {(f.rowsRejected > 0 || f.rejected.length > 0) && (
        <>
          <h4>
            {t('import.rejectedRowsN', { n: num(Math.max(f.rowsRejected, f.rejected.length)) })}
          </h4>
          {f.rejected.length < f.rowsRejected && (
            <p className="muted small">
              {f.rejected.length === 0
                ? t('import.rejectedNoList')
                : t('import.rejectedFirst', {
                    shown: num(f.rejected.length),
                    n: num(f.rowsRejected),
                  })}
            </p>
          )}
          {f.rejected.length > 0 && (
            <div className="table-wrap tall">
              <table
                className="data compact"
                aria-label={t('import.rejectedTable', { file: f.file })}
              >
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t('import.col.line')}
                    </th>
                    <th scope="col">{t('import.col.column')}</th>
                    <th scope="col">{t('import.col.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {f.rejected.map((r, i) => (
                    <tr key={i}>
                      <td className="num">{r.line}</td>
                      <td>{r.column || '—'}</td>
                      <td className="wrap">{r.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function FactRow({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
}

export function ImportReportView({
  result,
  unlisted,
}: {
  result: ImportResult;
  /** Machines with telemetry but no machine-list row after the import; null: not known. */
  unlisted?: string[] | null;
}) {
  const { t, tOr, num } = useI18n();
  const refused = result.files.filter((f) => f.error);
  const totals = result.files.reduce(
    (a, f) => ({
      read: a.read + f.rowsRead,
      added: a.added + f.rowsAdded,
      dup: a.dup + f.rowsDuplicate,
      rej: a.rej + f.rowsRejected,
    }),
    { read: 0, added: 0, dup: 0, rej: 0 },
  );
  const detailed = result.files.filter(hasDetails);
  return (
    <div className="panel" data-testid="import-report">
      <h2>{t('import.report')}</h2>
      {result.cancelled && <p className="notice">{t('import.cancelledNote')}</p>}
      {refused.map((f) => (
        <div
          key={f.file}
          className="notice error refused"
          role="alert"
          data-testid="import-refused"
        >
          <strong>{t('import.refusedTitle', { file: f.file })}</strong>
          <p>{f.error}</p>
          <p className="small">{t('import.refusedNothingStored')}</p>
        </div>
      ))}
      <div className="table-wrap">
        <table className="data" aria-label={t('import.report')}>
          <thead>
            <tr>
              <th scope="col">{t('import.col.file')}</th>
              <th scope="col">{t('import.kind')}</th>
              <th scope="col" className="num">
                {t('import.col.read')}
              </th>
              <th scope="col" className="num">
                {t('import.col.added')}
              </th>
              <th scope="col" className="num">
                {t('import.col.duplicates')}
              </th>
              <th scope="col" className="num">
                {t('import.col.rejected')}
              </th>
              <th scope="col">{t('import.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {result.files.map((f) => (
              <tr key={f.file}>
                <td>{f.file}</td>
                <td>{f.kind ? tOr(`kind.${f.kind}`, f.kind) : '—'}</td>
                <td className="num">{num(f.rowsRead)}</td>
                <td className="num">{num(f.rowsAdded)}</td>
                <td className="num">{num(f.rowsDuplicate)}</td>
                <td className="num">{num(f.rowsRejected)}</td>
                <td className={f.error ? 'bad' : 'good'}>
                  {f.error
                    ? t('import.refused')
                    : f.skipped
                      ? t('import.seenBefore')
                      : t('import.ok')}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('import.total')}</th>
              <td />
              <td className="num" data-testid="total-read">
                {num(totals.read)}
              </td>
              <td className="num" data-testid="total-added">
                {num(totals.added)}
              </td>
              <td className="num">{num(totals.dup)}</td>
              <td className="num">{num(totals.rej)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>

      {detailed.map((f) => (
        <FileDetails key={f.file} f={f} />
      ))}

      {unlisted && unlisted.length > 0 && (
        <div className="notice warn unlisted" data-testid="unlisted-machines">
          <strong>{t('import.unlistedTitle', { n: num(unlisted.length) })}</strong>
          <p>{t('import.unlistedText')}</p>
          <ul
            className="id-list"
            aria-label={t('import.unlistedTitle', { n: num(unlisted.length) })}
          >
            {unlisted.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
