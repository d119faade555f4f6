import { useTranslation } from 'react-i18next';
import type { AppInfo, Locale, SessionStatus, Settings } from '../../../common/api/contract.ts';
import type { SettingsPatch } from '../../../common/settings.ts';
import type { Role } from '../../../common/officer.ts';
import { POLICY_PACKS } from '../../../common/policy.ts';
import { locales } from '../i18n/index.ts';
import { OfflineStatus } from './OfflineStatus.tsx';

interface Props {
  info: AppInfo | null;
  settings: Settings;
  session: SessionStatus | null;
  onSettings: (patch: SettingsPatch) => void;
  onOpenSettings: () => void;
  onSwitchRole: (role: Role) => void;
  onLock: () => void;
  onSignOut: () => void;
  /** A new session status from the top bar itself (the offline PIN was set). */
  onSession?: (s: SessionStatus) => void;
}

export function TopBar({
  info,
  settings,
  session,
  onSettings,
  onOpenSettings,
  onSwitchRole,
  onLock,
  onSignOut,
  onSession,
}: Props) {
  const { t } = useTranslation();
  const active = session?.state === 'active' && session.officer;
  return (
    <header className="topbar">
      <a className="skip-link" href="#main">
        {t('topbar.skip')}
      </a>
      <div className="brand">
        <img src="/icon.svg" alt="" width={28} height={28} />
        <span className="brand-name">{t('app.name')}</span>
        {info && (
          <span className="badge" title={info.platformUrl}>
            {info.transport === 'electron'
              ? t('topbar.transportElectron')
              : t('topbar.transportBrowser')}
          </span>
        )}
      </div>
      <div className="topbar-controls">
        {active && session.officer && (
          <>
            <span className="officer" data-testid="officer-name" title={session.officer.username}>
              {session.officer.displayName}
            </span>
            {session.officer.roles.length > 1 ? (
              <label className="inline-field">
                <span>{t('topbar.workspace')}</span>
                <select
                  value={session.activeRole ?? ''}
                  onChange={(e) => onSwitchRole(e.target.value as Role)}
                  data-testid="role-select"
                >
                  {session.officer.roles.map((r) => (
                    <option key={r} value={r}>
                      {t(`roles.${r}`)}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <span className="badge" data-testid="role-badge">
                {t(`roles.${session.activeRole ?? session.officer.roles[0]!}`)}
              </span>
            )}
            {session.offline && info && (
              <OfflineStatus
                offline={session.offline}
                now={session.now}
                maxFailures={POLICY_PACKS[info.policyPack].offline.maxUnlockFailures}
                onSession={(s) => onSession?.(s)}
              />
            )}
          </>
        )}
        <label className="inline-field">
          <span>{t('topbar.language')}</span>
          <select
            value={settings.locale}
            onChange={(e) => onSettings({ locale: e.target.value as Locale })}
            data-testid="locale-select"
          >
            {locales.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('topbar.theme')}</span>
          <select
            value={settings.theme}
            onChange={(e) => onSettings({ theme: e.target.value as Settings['theme'] })}
            data-testid="theme-select"
          >
            <option value="system">{t('topbar.themeSystem')}</option>
            <option value="light">{t('topbar.themeLight')}</option>
            <option value="dark">{t('topbar.themeDark')}</option>
          </select>
        </label>
        <button
          type="button"
          className="btn btn-ghost"
          onClick={onOpenSettings}
          data-testid="open-settings"
          aria-haspopup="dialog"
          title={t('settings.openHint')}
        >
          {t('settings.open')}
        </button>
        {active && (
          <>
            <button
              type="button"
              className="btn btn-ghost"
              onClick={onLock}
              data-testid="lock"
              title={t('topbar.lockHint')}
            >
              {t('topbar.lock')}
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              onClick={onSignOut}
              data-testid="sign-out"
            >
              {t('topbar.signOut')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}
