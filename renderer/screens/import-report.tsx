/**
 * The import report: files refused (with the importer's message: file, line, column,
 * reason), counts per file, then per file everything else the importer reported: how
 * timestamps were read and the plant zone, columns read with a decimal comma, missing
 * values, readings dropped in the repeated daylight-saving hour, columns not imported,
 * duplicate rows and rejected rows (line, column, reason); then the machines that have
 * telemetry but no machine-list row. Nothing the engine reports is left out.
 *
 * A telemetry file whose readings do not fit the plant's cadence (one reading a day on
 * a 12 h grid, say) gets a notice at the top: how often its machines report, why the
 * settings do not fit, the proposed settings, and buttons to use them or to edit them
 * first. When they fit, one quiet line in the file's details says so; when they do not
 * but no other settings would suit better, the reason is shown there without a proposal.
 */
import { useState } from 'react';
import type { FileImportReport, ImportResult } from '../../workers/app/api-types';
import type { CadenceCheck } from '../../workers/ingest/types';
import { sameCadence, type Cadence } from '../../workers/shared/cadence';
import { useApp } from '../app-state';
import { call } from '../engine-client';
import { useI18n } from '../i18n/i18n';
import {
  machineSourceText,
  notImportedText,
  refusalText,
  rejectedText,
} from '../components/import-text';
import { aboutText, cadenceReasonText, cadenceText, lengthText } from '../components/cadence-text';
import { usePlantSettings } from '../components/plant-settings-hooks';
import { DataTable } from '../components/data-table';
import { UnlistedNotice } from '../components/unlisted-notice';

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
    !!f.cadence ||
    !!f.mapping ||
    !!f.events ||
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
  const i18n = useI18n();
  const { t, num } = i18n;
  const marks = f.decimalMarks ? byMark(f.decimalMarks) : [];
  const shownDup = f.duplicateRows ?? [];
  return (
    <section className="file-report" aria-label={t('import.fileDetails', { file: f.file })}>
      <h3>{f.file}</h3>
      {f.cadence && !f.cadence.proposal && !f.cadence.reason && (
        <p className="muted cadence-fits" data-testid="cadence-fits">
          {t('import.cadenceFits', {
            interval: aboutText(i18n, f.cadence.medianIntervalSeconds),
            step: lengthText(i18n, f.cadence.current.stepSeconds),
          })}
        </p>
      )}
      {f.cadence && !f.cadence.proposal && f.cadence.reason && (
        <p className="notice warn" data-testid="cadence-misfit">
          {t('import.cadenceMisfit', {
            interval: aboutText(i18n, f.cadence.medianIntervalSeconds),
          })}{' '}
          {cadenceReasonText(i18n, f.cadence)}
        </p>
      )}
      {(f.timestampForm ||
        f.timeZone ||
        f.mapping ||
        f.events ||
        marks.length > 0 ||
        f.missingValues !== undefined) && (
        <dl className="facts">
          {f.mapping && (
            <>
              <dt>{t('map.machineSource')}</dt>
              <dd data-testid="report-machine-source">{machineSourceText(i18n, f.mapping)}</dd>
            </>
          )}
          {f.events && (
            <>
              <dt>{t('import.eventsMade')}</dt>
              <dd data-testid="report-events">
                {t('import.eventsCounts', {
                  failures: num(f.events.failures),
                  errors: num(f.events.errors),
                  maint: num(f.events.maint),
                })}
              </dd>
            </>
          )}
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
          <DataTable
            rows={f.notImported!}
            label={t('import.notImportedTable', { file: f.file })}
            className="compact"
            columns={[
              { id: 'column', header: t('import.col.column'), cell: (c) => c.column || '—' },
              {
                id: 'reason',
                header: t('import.col.reason'),
                cellClass: 'wrap',
                cell: (c) => notImportedText(i18n, c),
              },
            ]}
          />
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
            <DataTable
              rows={shownDup}
              label={t('import.duplicateTable', { file: f.file })}
              className="compact"
              scroll="tall"
              columns={[
                { id: 'line', header: t('import.col.line'), num: true, cell: (d) => d.line },
                { id: 'machine', header: t('col.machine'), cell: (d) => d.machine },
                { id: 'time', header: t('col.time'), cell: (d) => d.time },
              ]}
            />
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
            <DataTable
              rows={f.rejected}
              label={t('import.rejectedTable', { file: f.file })}
              className="compact"
              scroll="tall"
              columns={[
                { id: 'line', header: t('import.col.line'), num: true, cell: (r) => r.line },
                { id: 'column', header: t('import.col.column'), cell: (r) => r.column || '—' },
                {
                  id: 'reason',
                  header: t('import.col.reason'),
                  cellClass: 'wrap',
                  cell: (r) => rejectedText(i18n, r),
                },
              ]}
            />
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

/**
 * The readings of one telemetry file do not fit the plant's cadence: how often they
 * come, why, what is proposed; "Use these settings" saves the proposal, "Edit
 * settings…" hands it to the settings form. Once the plant uses the proposal (saved
 * here or from the form) the notice says so instead of offering the buttons.
 */
function CadenceNotice({
  file,
  check,
  proposal,
  onEdit,
}: {
  file: string;
  check: CadenceCheck;
  proposal: Cadence;
  onEdit?: (c: Cadence) => void;
}) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const { changed } = useApp();
  const plant = usePlantSettings();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [applied, setApplied] = useState<Cadence | null>(null);
  const inUse =
    (applied && sameCadence(applied, proposal)) ||
    (plant !== null && sameCadence(plant.cadence, proposal));
  const use = async () => {
    setBusy(true);
    setError(null);
    try {
      const s = await call((e) => e.setCadence(proposal));
      setApplied(s.cadence);
      await changed();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section
      className="notice warn cadence-notice"
      aria-label={t('import.cadenceNotice', { file })}
      data-testid="cadence-proposal"
    >
      <strong>
        {t('import.cadenceTitle', {
          file,
          interval: aboutText(i18n, check.medianIntervalSeconds),
        })}
      </strong>
      <p className="small">{t('import.cadenceMachines', { n: num(check.machines) })}</p>
      {check.reason && <p data-testid="cadence-reason">{cadenceReasonText(i18n, check)}</p>}
      <dl className="facts">
        <dt>{t('import.cadenceCurrent')}</dt>
        <dd data-testid="cadence-current">{cadenceText(i18n, check.current)}</dd>
        <dt>{t('import.cadenceProposed')}</dt>
        <dd data-testid="cadence-proposed">
          <strong>{cadenceText(i18n, proposal)}</strong>
        </dd>
      </dl>
      <p className="small">{t('import.cadenceRetrain')}</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="good cadence-applied">
        {inUse ? t('import.cadenceApplied', { cadence: cadenceText(i18n, proposal) }) : ''}
      </p>
      {!inUse && (
        <div className="actions">
          <button type="button" className="btn primary" disabled={busy} onClick={use}>
            {t('import.cadenceUse')}
          </button>
          {onEdit && (
            <button type="button" className="btn" disabled={busy} onClick={() => onEdit(proposal)}>
              {t('import.cadenceEdit')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

export function ImportReportView({
  result,
  unlisted,
  onEditCadence,
}: {
  result: ImportResult;
  /** Machines with telemetry but no machine-list row after the import; null: not known. */
  unlisted?: string[] | null;
  /** Opens the plant's cadence settings filled in with `c` (a proposal). */
  onEditCadence?: (c: Cadence) => void;
}) {
  const i18n = useI18n();
  const { t, tOr, num } = i18n;
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
          <p>{refusalText(i18n, { error: f.error!, reason: f.errorReason, code: f.errorCode })}</p>
          <p className="small">{t('import.refusedNothingStored')}</p>
        </div>
      ))}
      {result.files.map(
        (f) =>
          f.cadence?.proposal && (
            <CadenceNotice
              key={f.file}
              file={f.file}
              check={f.cadence}
              proposal={f.cadence.proposal}
              onEdit={onEditCadence}
            />
          ),
      )}
      <DataTable
        rows={result.files}
        label={t('import.report')}
        rowKey={(f) => f.file}
        columns={[
          { id: 'file', header: t('import.col.file'), cell: (f) => f.file },
          {
            id: 'kind',
            header: t('import.kind'),
            cell: (f) => (f.kind ? tOr(`kind.${f.kind}`, f.kind) : '—'),
          },
          { id: 'read', header: t('import.col.read'), num: true, cell: (f) => num(f.rowsRead) },
          { id: 'added', header: t('import.col.added'), num: true, cell: (f) => num(f.rowsAdded) },
          {
            id: 'duplicates',
            header: t('import.col.duplicates'),
            num: true,
            cell: (f) => num(f.rowsDuplicate),
          },
          {
            id: 'rejected',
            header: t('import.col.rejected'),
            num: true,
            cell: (f) => num(f.rowsRejected),
          },
          {
            id: 'status',
            header: t('import.col.status'),
            cellClass: (f) => (f.error ? 'bad' : 'good'),
            cell: (f) =>
              f.error ? t('import.refused') : f.skipped ? t('import.seenBefore') : t('import.ok'),
          },
        ]}
        footer={
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
        }
      />

      {detailed.map((f) => (
        <FileDetails key={f.file} f={f} />
      ))}

      <UnlistedNotice unlisted={unlisted} />
    </div>
  );
}
