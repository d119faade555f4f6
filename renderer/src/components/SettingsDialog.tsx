import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, KeysRotated, Settings } from '../../../common/api/contract.ts';
import { Basemap, TimeZone, type SettingsPatch } from '../../../common/settings.ts';
import { api } from '../api.ts';
import { useWorkstationNow } from '../clock.ts';
import { formatDateTime } from '../format.ts';
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

/**
 * Re-encrypting this workstation's local data under new keys (#15 item 9),
 * for any signed-in officer: what it does, the button, and what it did.
 * The workstation logs each store's re-encryption in the audit chain.
 */
function KeyRotation() {
  const { t } = useTranslation();
  const [signedIn, setSignedIn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<KeysRotated | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api['session.status']({})
      .then((s) => live && setSignedIn(s.state === 'active' && s.officer !== null))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  if (!signedIn) return null;

  const rotate = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api['keys.rotate']({}));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const cases = result ? result.rotated.filter((x) => x !== 'workstation').length : 0;
  const what = result
    ? [
        ...(result.rotated.includes('workstation') ? [t('settings.keys.workstation')] : []),
        ...(cases > 0 ? [t('settings.keys.cases', { count: cases })] : []),
      ].join(', ')
    : '';
  return (
    <fieldset className="settings-basemap settings-keys" data-testid="settings-keys">
      <legend>{t('settings.keys.title')}</legend>
      <p className="muted small">{t('settings.keys.text')}</p>
      <div>
        <button
          type="button"
          className="btn"
          onClick={() => void rotate()}
          disabled={busy}
          data-testid="settings-rotate-keys"
        >
          {busy ? t('settings.keys.rotating') : t('settings.keys.rotate')}
        </button>
      </div>
      {result && (
        <p className="notice notice-ok" role="status" data-testid="settings-keys-done">
          {t('settings.keys.done', { time: formatDateTime(result.at), what })}
        </p>
      )}
      {result && result.failures.length > 0 && (
        <p className="notice notice-danger" role="alert" data-testid="settings-keys-failed">
          {t('settings.keys.failed', {
            stores: result.failures.map((f) => `${f.store}: ${f.message}`).join('; '),
          })}
        </p>
      )}
      {error && (
        <p className="notice notice-danger" role="alert" data-testid="settings-keys-error">
          {error}
        </p>
      )}
    </fieldset>
  );
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

        {/* Its own act, not a setting: below the form's actions, so Save stays in view. */}
        <KeyRotation />
      </form>
    </dialog>
  );
}
