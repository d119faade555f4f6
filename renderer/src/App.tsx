import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionStatus, Settings } from '../../common/api/contract.ts';
import type { Role } from '../../common/officer.ts';
import type { SettingsPatch } from '../../common/settings.ts';
import { api } from './api.ts';
import { SettingsDialog } from './components/SettingsDialog.tsx';
import { SignIn } from './components/SignIn.tsx';
import { TopBar } from './components/TopBar.tsx';
import { changeLocale } from './i18n/index.ts';
import { useSession } from './useSession.ts';
import { useTheme } from './useTheme.ts';
import { setDisplayZone } from './zone.ts';
import { forgetOpenCase } from './workspaces/detective/DetectiveWorkspace.tsx';
import { Workspace } from './workspaces/Workspace.tsx';

export function App({ initialSettings }: { initialSettings: Settings }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState(initialSettings);
  // In the render body, not an effect: the remounted workspace (keyed by the
  // zone) must already see the new zone when it renders.
  setDisplayZone(settings.timeZone);
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

  const [settingsOpen, setSettingsOpen] = useState(false);
  const [noticeSeen, setNoticeSeen] = useState(false);

  const saveSettings = async (patch: SettingsPatch): Promise<Settings> => {
    const next = await api['settings.update'](patch);
    if (patch.locale) await changeLocale(patch.locale);
    setSettings(next);
    return next;
  };
  const updateSettings = (patch: SettingsPatch) => void saveSettings(patch);
  const dialog = settingsOpen && (
    <SettingsDialog
      info={info}
      settings={settings}
      onSave={saveSettings}
      onClose={() => setSettingsOpen(false)}
    />
  );
  const notice = info?.settingsNotice && !noticeSeen && (
    <div className="notice notice-warn app-notice" role="status" data-testid="settings-notice">
      <span>{t('settings.loadProblem', { message: info.settingsNotice })}</span>
      <button type="button" className="btn btn-ghost" onClick={() => setNoticeSeen(true)}>
        {t('common.dismiss')}
      </button>
    </div>
  );

  if (error) {
    return (
      <div className="app">
        <TopBar
          info={null}
          settings={settings}
          session={null}
          onSettings={updateSettings}
          onOpenSettings={() => setSettingsOpen(true)}
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
        {dialog}
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
      onOpenSettings={() => setSettingsOpen(true)}
      notice={notice}
      dialog={dialog}
    />
  );
}

function Signed(props: {
  info: AppInfo;
  initialSession: SessionStatus;
  settings: Settings;
  onSettings: (patch: SettingsPatch) => void;
  onOpenSettings: () => void;
  notice: ReactNode;
  dialog: ReactNode;
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
        onOpenSettings={props.onOpenSettings}
        onSwitchRole={(role: Role) => act(() => api['session.switchRole']({ role }))}
        onLock={() => act(() => api['session.lock']({}))}
        onSignOut={() => {
          forgetOpenCase();
          act(() => api['session.signOut']({}));
        }}
        onSession={setSession}
      />
      {props.notice}
      <main className="app-main" id="main">
        {session.state === 'active' && session.officer && session.activeRole ? (
          <Workspace
            // Times render in the officer's zone: a new zone redraws the workspace whole.
            key={props.settings.timeZone}
            role={session.activeRole}
            info={props.info}
            session={session}
            onSession={setSession}
          />
        ) : (
          <SignIn info={props.info} session={session} onSession={setSession} />
        )}
      </main>
      {props.dialog}
    </div>
  );
}
