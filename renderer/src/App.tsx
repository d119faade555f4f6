import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionStatus, Settings } from '../../common/api/contract.ts';
import type { Role } from '../../common/officer.ts';
import { api } from './api.ts';
import { SignIn } from './components/SignIn.tsx';
import { TopBar } from './components/TopBar.tsx';
import { changeLocale } from './i18n/index.ts';
import { useSession } from './useSession.ts';
import { useTheme } from './useTheme.ts';
import { Workspace } from './workspaces/Workspace.tsx';

export function App({ initialSettings }: { initialSettings: Settings }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState(initialSettings);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [initialSession, setInitialSession] = useState<SessionStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useTheme(settings.theme);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [i, s] = await Promise.all([api['app.info']({}), api['session.status']({})]);
      setInfo(i);
      setInitialSession(s);
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

  if (error) {
    return (
      <div className="app">
        <TopBar
          info={null}
          settings={settings}
          session={null}
          onSettings={updateSettings}
          onSwitchRole={() => {}}
          onLock={() => {}}
          onSignOut={() => {}}
        />
        <main className="app-main" id="main">
          <div className="panel error-panel" role="alert">
            <p>{t('errors.loadFailed', { message: error })}</p>
            <button type="button" className="btn" onClick={() => void load()}>
              {t('errors.retry')}
            </button>
          </div>
        </main>
      </div>
    );
  }
  if (!info || !initialSession) {
    return (
      <p className="muted app-loading" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  }
  return (
    <Signed
      info={info}
      initialSession={initialSession}
      settings={settings}
      onSettings={updateSettings}
    />
  );
}

function Signed(props: {
  info: AppInfo;
  initialSession: SessionStatus;
  settings: Settings;
  onSettings: (patch: Partial<Settings>) => void;
}) {
  const { session, setSession } = useSession(props.initialSession);
  const act = (fn: () => Promise<SessionStatus>) => void fn().then(setSession);
  return (
    <div className="app">
      <TopBar
        info={props.info}
        settings={props.settings}
        session={session}
        onSettings={props.onSettings}
        onSwitchRole={(role: Role) => act(() => api['session.switchRole']({ role }))}
        onLock={() => act(() => api['session.lock']({}))}
        onSignOut={() => act(() => api['session.signOut']({}))}
      />
      <main className="app-main" id="main">
        {session.state === 'active' && session.officer && session.activeRole ? (
          <Workspace
            role={session.activeRole}
            info={props.info}
            session={session}
            onSession={setSession}
          />
        ) : (
          <SignIn info={props.info} session={session} onSession={setSession} />
        )}
      </main>
    </div>
  );
}
