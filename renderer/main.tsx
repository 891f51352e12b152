/** Entry of the renderer (desktop and browser build). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/tables.css';
import './styles/print.css';
import './styles/schedules.css';
import './styles/plants.css';
import './styles/health.css';
import { App } from './app';
import { I18nProvider } from './i18n/i18n';
import { AppStateProvider } from './app-state';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <AppStateProvider>
        <App />
      </AppStateProvider>
    </I18nProvider>
  </StrictMode>,
);
