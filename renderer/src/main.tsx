import './zod-config.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_SETTINGS } from '../../common/settings.ts';
import { App } from './App.tsx';
import { api } from './api.ts';
import { initI18n } from './i18n/index.ts';
import { setDisplayZone } from './zone.ts';
import './styles.css';

async function boot(): Promise<void> {
  // Settings come first so the very first paint is in the officer's language.
  const settings = await api['settings.get']({}).catch(() => DEFAULT_SETTINGS);
  setDisplayZone(settings.timeZone);
  await initI18n(settings.locale);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App initialSettings={settings} />
    </StrictMode>,
  );
}

void boot();
