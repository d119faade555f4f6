import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionStatus, Settings } from '../../common/api/contract.ts';
import { api } from './api.ts';
import { SignIn } from './components/SignIn.tsx';
import { TopBar } from './components/TopBar.tsx';
import { changeLocale } from './i18n/index.ts';
import { useTheme } from './useTheme.ts';

type Loaded = { info: AppInfo; session: SessionStatus };

export function App({ initialSettings }: { initialSettings: Settings }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState(initialSettings);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  useTheme(settings.theme);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [info, session] = await Promise.all([api['app.info']({}), api['session.status']({})]);
      setLoaded({ info, session });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const updateSettings = async (patch: Partial<Settings>) => {
    const next = await api['settings.update'](patch);
    if (patch.locale) await changeLocale(patch.locale);
    setSettings(next);
  };

  return (
    <div className="app">
      <TopBar info={loaded?.info ?? null} settings={settings} onSettings={updateSettings} />
      <main className="app-main" id="main">
        {error ? (
          <div className="panel error-panel" role="alert">
            <p>{t('errors.loadFailed', { message: error })}</p>
            <button type="button" className="btn" onClick={() => void load()}>
              {t('errors.retry')}
            </button>
          </div>
        ) : !loaded ? (
          <p className="muted" aria-busy="true">
            {t('common.loading')}
          </p>
        ) : (
          <SignIn info={loaded.info} session={loaded.session} />
        )}
      </main>
    </div>
  );
}
