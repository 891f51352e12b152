/**
 * The app shell: a left navigation (one entry per screen), the language switch, and the
 * current screen. Without an open plant only Start is offered; once data exists the
 * risk ranking is the home screen.
 */
import { useEffect, type ReactNode } from 'react';
import { useApp } from './app-state';
import { useI18n, LOCALES, type Locale } from './i18n/i18n';
import type { MessageKey } from './i18n/en';
import { StartScreen } from './screens/start-screen';
import { ImportScreen } from './screens/import-screen';
import { ExploreScreen } from './screens/explore-screen';
import { ModelScreen } from './screens/model-screen';
import { RankingScreen } from './screens/health-view';
import { HealthPrintScreen } from './screens/health-print';
import { MachineScreen } from './screens/machine-screen';
import { RunsScreen } from './screens/runs-screen';
import { PrintScreen } from './screens/print-screen';
import { SettingsScreen } from './screens/settings-screen';
import { OrdersScreen } from './screens/orders-screen';
import { useScheduleClock } from './schedule-clock';
import { useDesktopMenu } from './desktop-menu';
import { PlantTabBanner } from './components/plant-tab-banner';
import { ChoiceDialogHost } from './components/choice-dialog';

const NAV: { screen: string; key: MessageKey; needsPlant: boolean }[] = [
  { screen: 'risks', key: 'nav.risks', needsPlant: true },
  { screen: 'import', key: 'nav.import', needsPlant: true },
  { screen: 'explore', key: 'nav.explore', needsPlant: true },
  { screen: 'model', key: 'nav.model', needsPlant: true },
  { screen: 'runs', key: 'nav.runs', needsPlant: true },
  { screen: 'print', key: 'nav.print', needsPlant: true },
  { screen: 'orders', key: 'nav.orders', needsPlant: true },
  { screen: 'start', key: 'nav.start', needsPlant: false },
  { screen: 'settings', key: 'nav.settings', needsPlant: true },
];

function Screen(): ReactNode {
  const { route, summary } = useApp();
  if (!summary) return <StartScreen />;
  switch (route.screen) {
    case 'import':
      return <ImportScreen />;
    case 'explore':
      return <ExploreScreen />;
    case 'model':
      return <ModelScreen />;
    case 'risks':
      return <RankingScreen param={route.param} />;
    case 'machine':
      return <MachineScreen machineId={Number(route.param)} />;
    case 'runs':
      return <RunsScreen />;
    case 'print':
      // A plant never scored has no maintenance list: Print gives its unusual behaviour.
      return route.param === 'health' || (route.param === null && summary.latestRunId === null) ? (
        <HealthPrintScreen />
      ) : (
        <PrintScreen key={route.param ?? ''} runParam={route.param} />
      );
    case 'orders':
      return <OrdersScreen />;
    case 'start':
      return <StartScreen />;
    case 'settings':
      return <SettingsScreen />;
    default:
      return summary.telemetryRows > 0 || summary.runs > 0 ? (
        <RankingScreen param={null} />
      ) : (
        <StartScreen />
      );
  }
}

export function App() {
  const { t, locale, setLocale } = useI18n();
  const { ready, summary, route, error, setError } = useApp();
  const current = route.screen || (summary ? 'risks' : 'start');
  const clock = useScheduleClock();
  useDesktopMenu();

  useEffect(() => {
    document.title = summary ? `${summary.name} · ${t('app.name')}` : t('app.name');
  }, [summary, t]);

  return (
    <div className="shell">
      {/* Focus moves without touching the address: the hash holds the screen's route. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('a11y.skipToMain')}
      </a>
      <nav className="sidenav" aria-label={t('nav.label')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          <span>{t('app.name')}</span>
        </div>
        {summary && (
          <div className="plant-name" title={summary.name}>
            {t('nav.plant')}: <strong>{summary.name}</strong>
          </div>
        )}
        <ul>
          {NAV.map((n) => {
            const disabled = n.needsPlant && !summary;
            return (
              <li key={n.screen}>
                <a
                  href={disabled ? undefined : `#/${n.screen}`}
                  aria-current={current === n.screen ? 'page' : undefined}
                  aria-disabled={disabled || undefined}
                  className={disabled ? 'disabled' : undefined}
                >
                  {t(n.key)}
                </a>
              </li>
            );
          })}
        </ul>
        <div className="nav-footer">
          <label>
            <span className="label">{t('nav.language')}</span>
            <select
              value={locale}
              onChange={(e) => setLocale(e.target.value as Locale)}
              aria-label={t('nav.language')}
            >
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {t(`lang.${l}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </nav>
      <main className="content" id="main" tabIndex={-1}>
        <PlantTabBanner />
        <ChoiceDialogHost />
        {error && (
          <div className="notice error" role="alert">
            {error}{' '}
            <button type="button" className="btn link" onClick={() => setError(null)}>
              {t('common.dismiss')}
            </button>
          </div>
        )}
        {clock.alert && (
          <div className="notice alert" role="status" data-testid="risk-alert">
            {clock.alert}{' '}
            <button type="button" className="btn link" onClick={clock.dismiss}>
              {t('common.dismiss')}
            </button>
          </div>
        )}
        {ready ? <Screen /> : <p className="muted">{t('common.loading')}</p>}
      </main>
    </div>
  );
}
