import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, Settings } from '../../../common/api/contract.ts';
import { Basemap, TimeZone, type SettingsPatch } from '../../../common/settings.ts';
import { useWorkstationNow } from '../clock.ts';
import { useModalDialog } from './useModalDialog.ts';
import { Field } from '../components/Field.tsx';

type Kind = Settings['basemap']['kind'];

/** Zones officers of our packs pick most, then every zone the runtime knows. */
const FIRST_ZONES = ['Europe/Brussels', 'Europe/Copenhagen', 'Europe/Amsterdam', 'UTC'];

function zoneList(current: string): string[] {
  const all =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const first = [...new Set([current, ...FIRST_ZONES, own].filter(Boolean))];
  return [...first, ...all.filter((z) => !first.includes(z))];
}

/** "UTC+01:00" for a zone now, so the list says what each choice means. */
function offsetLabel(zone: string, at: Date): string {
  try {
    const part = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName');
    return (part?.value ?? '').replace('GMT', 'UTC') || 'UTC';
  } catch {
    return '';
  }
}

function sameBasemap(a: Settings['basemap'], b: Settings['basemap']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The officer's settings: display time zone and the map's background (with
 * language and theme, which the top bar also offers). A changed background
 * reloads the window: the renderer's CSP is fixed when the page loads, and it
 * must admit exactly the chosen source and nothing else.
 */
export function SettingsDialog({
  info,
  settings,
  onSave,
  onClose,
}: {
  info: AppInfo | null;
  settings: Settings;
  onSave: (patch: SettingsPatch) => Promise<Settings>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useModalDialog();
  const [timeZone, setTimeZone] = useState(settings.timeZone);
  const [kind, setKind] = useState<Kind>(settings.basemap.kind);
  const [tileUrl, setTileUrl] = useState(
    settings.basemap.kind === 'tiles' ? settings.basemap.url : '',
  );
  const [attribution, setAttribution] = useState(
    settings.basemap.kind === 'tiles' ? settings.basemap.attribution : '',
  );
  const [path, setPath] = useState(
    settings.basemap.kind === 'pmtiles' ? settings.basemap.path : '',
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => zoneList(settings.timeZone), [settings.timeZone]);
  // The zones' offsets on the workstation's day (they differ across a clock change).
  const now = useWorkstationNow();

  const basemapInput =
    kind === 'tiles'
      ? { kind, url: tileUrl, attribution }
      : kind === 'pmtiles'
        ? { kind, path }
        : { kind };
  const parsedBasemap = Basemap.safeParse(basemapInput);
  const basemapError =
    kind !== 'offline' && (tileUrl || path) && !parsedBasemap.success
      ? (parsedBasemap.error.issues[0]?.message ?? null)
      : null;
  const zoneOk = TimeZone.safeParse(timeZone).success;
  const reloads = parsedBasemap.success && !sameBasemap(parsedBasemap.data, settings.basemap);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!parsedBasemap.success || !zoneOk) return;
    setBusy(true);
    setError(null);
    try {
      await onSave({ timeZone, basemap: parsedBasemap.data });
      // Only a new page gets a CSP for the new source (and loses the old one's).
      if (reloads) window.location.reload();
      else onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="modal"
      aria-labelledby="settings-title"
      onCancel={onClose}
      data-testid="settings-dialog"
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <h2 id="settings-title">{t('settings.title')}</h2>

        <label className="field">
          <span>{t('settings.timeZone')}</span>
          <select
            value={timeZone}
            onChange={(e) => setTimeZone(e.target.value)}
            data-testid="settings-zone"
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z} ({offsetLabel(z, now)})
              </option>
            ))}
          </select>
          <small className="muted">{t('settings.timeZoneHint')}</small>
        </label>

        <fieldset className="settings-basemap">
          <legend>{t('settings.basemap')}</legend>
          {(['offline', 'tiles', 'pmtiles'] as const).map((k) => (
            <label key={k} className="radio-row">
              <input
                type="radio"
                name="basemap"
                value={k}
                checked={kind === k}
                onChange={() => setKind(k)}
                data-testid={`settings-basemap-${k}`}
              />
              <span>
                <strong>{t(`settings.basemapKind.${k}`)}</strong>
                <small className="muted">{t(`settings.basemapHint.${k}`)}</small>
              </span>
            </label>
          ))}
          {kind === 'tiles' && (
            <div className="settings-source">
              <Field
                label={t('settings.tileUrl')}
                value={tileUrl}
                onChange={setTileUrl}
                type="url"
                placeholder="https://tiles.police.example/{z}/{x}/{y}.png"
                aria-invalid={basemapError ? true : undefined}
                aria-describedby="settings-basemap-error"
                spellCheck={false}
                required
                testId="settings-tile-url"
              />
              <Field
                label={t('settings.tileAttribution')}
                value={attribution}
                onChange={setAttribution}
                type="text"
                maxLength={300}
                testId="settings-tile-attribution"
              />
            </div>
          )}
          {kind === 'pmtiles' && (
            <div className="settings-source">
              <Field
                label={t('settings.pmtilesPath')}
                value={path}
                onChange={setPath}
                type="text"
                placeholder="/srv/maps/belgium.pmtiles"
                aria-invalid={basemapError ? true : undefined}
                aria-describedby="settings-basemap-error"
                spellCheck={false}
                required
                testId="settings-pmtiles-path"
              />
            </div>
          )}
          {basemapError && (
            <p id="settings-basemap-error" className="field-error">
              {basemapError}
            </p>
          )}
          {reloads && (
            <p className="notice" data-testid="settings-reload-note">
              {t('settings.reloadNote')}
            </p>
          )}
        </fieldset>

        {info && (
          <dl className="settings-info">
            <dt>{t('settings.dataDir')}</dt>
            <dd>
              <code>{info.dataDir}</code>
            </dd>
            <dt>{t('topbar.platform')}</dt>
            <dd>
              <code>{info.platformUrl}</code>
            </dd>
            <dt>{t('topbar.policy')}</dt>
            <dd>{info.policyPack.toUpperCase()}</dd>
          </dl>
        )}

        {error && (
          <p className="notice notice-danger" role="alert" data-testid="settings-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || !parsedBasemap.success || !zoneOk}
            data-testid="settings-save"
          >
            {t('settings.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
