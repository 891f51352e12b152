/**
 * Machines with telemetry but no machine-list row, named in one notice that the import
 * report, the ranking and Explore share: the same list from the engine
 * (machinesWithoutListRow), so the count is the same on every screen.
 */
import { useI18n } from '../i18n/i18n';

/** `folded`: the ids under a disclosure (the ranking and Explore, where it is a side note). */
export function UnlistedNotice({
  unlisted,
  folded = false,
}: {
  unlisted: string[] | null | undefined;
  folded?: boolean;
}) {
  const { t, num } = useI18n();
  if (!unlisted || unlisted.length === 0) return null;
  const title = t('import.unlistedTitle', { n: num(unlisted.length) });
  if (folded) {
    return (
      <details className="notice warn unlisted" data-testid="unlisted-machines">
        <summary>
          <strong>{title}</strong>
        </summary>
        <p>{t('import.unlistedText')}</p>
        <ul className="id-list" tabIndex={0} aria-label={title}>
          {unlisted.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      </details>
    );
  }
  return (
    <div className="notice warn unlisted" data-testid="unlisted-machines">
      <strong>{title}</strong>
      <p>{t('import.unlistedText')}</p>
      <ul className="id-list" tabIndex={0} aria-label={title}>
        {unlisted.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
