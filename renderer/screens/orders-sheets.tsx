/**
 * The printable work-order sheets: one page per machine with its accepted proposals
 * (why, due date, source run), a check box and lines for who did the work and what
 * they found. The print stylesheet hides everything else.
 */
import type { OrderWords, Proposal } from '../../workers/app/api-types';
import { pageOfContent } from '../../workers/report/maintenance-list';
import { useApp } from '../app-state';
import { reasonsText } from '../feature-label';
import { useI18n } from '../i18n/i18n';
import { platform } from '../platform';
import { useNow } from '../components/use-now';
import { ruleText } from './orders-screen';

/** Proposals per machine, in machine order (numbers by value), most urgent first. */
function perMachine(list: Proposal[]): Array<[string, Proposal[]]> {
  const groups = new Map<string, Proposal[]>();
  for (const p of list) groups.set(p.machine, [...(groups.get(p.machine) ?? []), p]);
  return [...groups.entries()]
    .sort((a, b) => a[0].localeCompare(b[0], undefined, { numeric: true }))
    .map(([m, ps]) => [m, ps.sort((a, b) => a.due - b.due || b.risk - a.risk)]);
}

export function OrderSheets({
  proposals,
  words,
  onBack,
}: {
  proposals: Proposal[];
  words: OrderWords;
  onBack: () => void;
}) {
  const { t, num, pct, date } = useI18n();
  const { summary, setError } = useApp();
  const today = Math.floor(useNow() / 1000);
  const pageCss =
    '@media print { @page { size: A4 portrait; margin-bottom: 16mm; ' +
    `@bottom-right { content: ${pageOfContent(words.pageOf)}; font: 9pt system-ui, sans-serif; } } }`;
  const print = async () => {
    try {
      await platform.print();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="screen print-screen orders-sheets" aria-labelledby="orders-sheets-title">
      <div className="toolbar no-print">
        <h1 id="orders-sheets-title">{t('orders.sheets.title')}</h1>
        <div className="actions">
          <button type="button" className="btn primary" onClick={print}>
            {t('orders.sheets.print')}
          </button>
          <button type="button" className="btn" onClick={onBack}>
            {t('orders.sheets.back')}
          </button>
        </div>
      </div>
      <style>{pageCss}</style>
      {perMachine(proposals).map(([machine, list]) => (
        <article className="sheet order-sheet" key={machine} data-testid="order-sheet">
          <h2>
            {words.sheetTitle} — {t('orders.sheets.machine', { machine })}
          </h2>
          <dl className="sheet-head">
            <dt>{t('print.plant')}</dt>
            <dd>{summary?.name}</dd>
            {list[0].machineModel && (
              <>
                <dt>{words.machineModel}</dt>
                <dd>{list[0].machineModel}</dd>
              </>
            )}
            <dt>{words.printed}</dt>
            <dd>{date(today)}</dd>
          </dl>
          <table className="data sheet-table" aria-label={t('orders.sheets.machine', { machine })}>
            <thead>
              <tr>
                <th scope="col" className="check">
                  {words.done}
                </th>
                <th scope="col">{words.proposal}</th>
                <th scope="col">{words.component}</th>
                <th scope="col">{words.why}</th>
                <th scope="col">{words.due}</th>
                <th scope="col">{words.sourceRun}</th>
                <th scope="col">{words.doneBy}</th>
                <th scope="col">{words.notes}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id}>
                  <td className="check">
                    <span className="box" aria-hidden="true" />
                  </td>
                  <td>#{p.id}</td>
                  <td>
                    {p.component}
                    <div className={`level ${p.level}`}>
                      {pct(p.risk, 1)} {t(`risk.${p.level}`)}
                    </div>
                  </td>
                  <td className="reasons">
                    {ruleText(p, t)}
                    {p.reasons.length > 0 && (
                      <div className="small">{reasonsText(p.reasons, t, num)}</div>
                    )}
                  </td>
                  <td>{date(p.due)}</td>
                  <td>#{p.runId}</td>
                  <td className="signoff" />
                  <td className="signoff" />
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}
    </section>
  );
}
