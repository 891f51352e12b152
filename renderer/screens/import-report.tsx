/** The import report: counts per file and the rejected rows (file, line, column, reason). */
import type { ImportResult } from '../../workers/app/api-types';
import { useI18n } from '../i18n/i18n';

export function ImportReportView({ result }: { result: ImportResult }) {
  const { t, tOr, num } = useI18n();
  const rejected = result.files.flatMap((f) => f.rejected);
  const totals = result.files.reduce(
    (a, f) => ({
      read: a.read + f.rowsRead,
      added: a.added + f.rowsAdded,
      dup: a.dup + f.rowsDuplicate,
      rej: a.rej + f.rowsRejected,
    }),
    { read: 0, added: 0, dup: 0, rej: 0 },
  );
  return (
    <div className="panel" data-testid="import-report">
      <h2>{t('import.report')}</h2>
      {result.cancelled && <p className="notice">{t('import.cancelledNote')}</p>}
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
                  {f.error ?? (f.skipped ? t('import.seenBefore') : t('import.ok'))}
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
      {rejected.length > 0 && (
        <>
          <h3>{t('import.rejectedRows')}</h3>
          <div className="table-wrap tall">
            <table className="data" aria-label={t('import.rejectedRows')}>
              <thead>
                <tr>
                  <th scope="col">{t('import.col.file')}</th>
                  <th scope="col" className="num">
                    {t('import.col.line')}
                  </th>
                  <th scope="col">{t('import.col.column')}</th>
                  <th scope="col">{t('import.col.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {rejected.map((r, i) => (
                  <tr key={i}>
                    <td>{r.file}</td>
                    <td className="num">{r.line}</td>
                    <td>{r.column || '—'}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
