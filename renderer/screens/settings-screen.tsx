/**
 * Plant settings: what is kept in the plant file besides data (time zone, cadence, when
 * a machine counts as silent, and which signal watches which component).
 */
import { useI18n } from '../i18n/i18n';
import { PlantSettingsPanel } from '../components/plant-settings';
import { SignalMapEditor } from '../components/signal-map-editor';

export function SettingsScreen() {
  const { t } = useI18n();
  return (
    <section className="screen" aria-labelledby="settings-screen-title">
      <header className="screen-head">
        <h1 id="settings-screen-title">{t('nav.settings')}</h1>
        <p className="muted">{t('settings.intro')}</p>
      </header>
      <div className="panel">
        <PlantSettingsPanel />
      </div>
      <div className="panel" id="signal-map">
        <SignalMapEditor />
      </div>
    </section>
  );
}
