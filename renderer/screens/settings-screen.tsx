/** Plant settings: what is kept in the plant file besides data (today its time zone). */
import { useI18n } from '../i18n/i18n';
import { PlantSettingsPanel } from '../components/plant-settings';

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
    </section>
  );
}
