import { useTranslation } from 'react-i18next';
import type { AppInfo, Locale, Settings } from '../../../common/api/contract.ts';
import { locales } from '../i18n/index.ts';

interface Props {
  info: AppInfo | null;
  settings: Settings;
  onSettings: (patch: Partial<Settings>) => void;
}

export function TopBar({ info, settings, onSettings }: Props) {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <a className="skip-link" href="#main">
        Skip to content
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
      </div>
    </header>
  );
}
