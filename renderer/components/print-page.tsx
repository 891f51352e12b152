/**
 * What every printed page of the app shares: "page n of m" at the bottom right (and an
 * optional line at the bottom left naming what is printed), and the Print button's
 * action. The maintenance list and the work-order sheets print through these, so the
 * two never number their pages differently.
 */
import { pageOfContent } from '../../workers/report/maintenance-list';
import { platform } from '../platform';

const FONT = 'font: 9pt system-ui, sans-serif;';

export function PrintPageStyle({
  pageOf,
  footer,
  size,
}: {
  /** The "page {n} of {m}" template of the UI language. */
  pageOf: string;
  /** Printed at the bottom left of every page. */
  footer?: string;
  /** CSS page size, e.g. `A4 portrait`; default the printer's. */
  size?: string;
}) {
  const css =
    `@media print { @page { ${size ? `size: ${size}; ` : ''}margin-bottom: 16mm; ` +
    `@bottom-right { content: ${pageOfContent(pageOf)}; ${FONT} } ` +
    (footer !== undefined ? `@bottom-left { content: ${pageOfContent(footer)}; ${FONT} } ` : '') +
    '} }';
  return <style>{css}</style>;
}

/** The Print button's action: the platform's print, a failure shown as the app's error. */
export function printPage(setError: (message: string) => void): () => Promise<void> {
  return async () => {
    try {
      await platform.print();
    } catch (e) {
      setError((e as Error).message);
    }
  };
}
