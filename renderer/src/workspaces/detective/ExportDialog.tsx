import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AnalysisRun,
  ExportFormat,
  ExportResult,
  MapConfig,
} from '../../../../common/api/detective-contract.ts';
import { api } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { displayZone, zoneLabel } from '../../zone.ts';
import { periodFields, periodOfFields, type Period } from '../../period-input.ts';
import { AgeGateNotice } from './AgeGateNotice.tsx';
import type { MapImage } from './map-capture.ts';
import { whyValid, WhyFields, type Why } from './WhyFields.tsx';
import { useModalDialog } from '../../components/useModalDialog.ts';
import { Field } from '../../components/Field.tsx';
import { RecipientPicker } from './RecipientPicker.tsx';

interface Props {
  caseId: string;
  caseNumber: string;
  /** Plates that may be named: targets and plates opened in this session. */
  plates: readonly string[];
  /** Plates shown on the map now: pre-selected. */
  preselected: readonly string[];
  /** The period to export; null: the case's whole period, first to last read held. */
  window: Period | null;
  run: AnalysisRun | null;
  config: MapConfig | null;
  captureMap: () => MapImage | null;
  onClose: () => void;
  /** Closes the dialog for the case's extended-access requests (when the age gate kept reads back). */
  onRequestAccess?: () => void;
}

const FORMATS: ExportFormat[] = ['pdf', 'csv', 'geojson', 'kml'];

/**
 * Evidence export: to whom (an authority picked from the recipient register:
 * private entries are refused),
 * what (plates, period, formats), and why. The files leave the encrypted
 * store: the dialog says so before anything is written.
 */
export function ExportDialog(p: Props) {
  const { t, i18n } = useTranslation();
  const zoneTime = t('detective.zoneTime', { zone: zoneLabel(displayZone(), i18n.language) });
  const dialog = useModalDialog();
  const [recipientId, setRecipientId] = useState<string | null>(null);
  const [reference, setReference] = useState('');
  const [formats, setFormats] = useState<ExportFormat[]>(FORMATS);
  const [chosen, setChosen] = useState<string[]>(
    p.preselected.length ? [...p.preselected] : p.plates.slice(0, 1),
  );
  // The fields carry seconds and To is the end of the second it shows, so the
  // default period holds the case's first and last read (a minute-precision
  // To once dropped a last read at 22:22:18). `seed` is what they were filled with.
  const [seed, setSeed] = useState<Period | null>(p.window);
  const [from, setFrom] = useState(periodFields(p.window).from);
  const [to, setTo] = useState(periodFields(p.window).to);
  useEffect(() => {
    if (p.window) return;
    let live = true;
    // The whole case as its store holds it (not the reads loaded on screen).
    // Unanswered, the fields stay empty: no bound, the whole case all the same.
    api['cases.get']({ caseId: p.caseId })
      .then(({ local }) => {
        if (!live || !local?.firstRead || !local.lastRead) return;
        const period = { from: local.firstRead, to: local.lastRead };
        const shown = periodFields(period);
        setSeed(period);
        // Never over what the officer has typed meanwhile.
        setFrom((v) => v || shown.from);
        setTo((v) => v || shown.to);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [p.caseId, p.window]);
  const [includeRun, setIncludeRun] = useState(p.run !== null);
  const [why, setWhy] = useState<Why>({
    offenceType: '',
    reasonCode: 'suspect-vehicle',
    justification: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<ExportResult | null>(null);

  const ready =
    !busy && recipientId !== null && formats.length > 0 && chosen.length > 0 && whyValid(why);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const period = periodOfFields({ from, to }, seed);
      const mapImage = formats.includes('pdf') ? p.captureMap() : null;
      setDone(
        await api['detective.export']({
          caseId: p.caseId,
          recipientId: recipientId!,
          reference: reference.trim(),
          formats,
          plates: chosen,
          ...period,
          ...(includeRun && p.run ? { runId: p.run.id } : {}),
          ...(mapImage ? { mapImage } : {}),
          ...why,
        }),
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const toggle = <T,>(list: T[], x: T) =>
    list.includes(x) ? list.filter((y) => y !== x) : [...list, x];

  return (
    <dialog
      ref={dialog}
      className="modal modal-wide"
      aria-labelledby="export-title"
      onCancel={p.onClose}
      data-testid="export-dialog"
    >
      {done ? (
        <div className="form" data-testid="export-done">
          <h2 id="export-title">{t('detective.export.doneTitle')}</h2>
          <p>
            {t('detective.export.doneText', {
              count: done.reads,
              formatted: formatCount(done.reads),
              recipient: done.recipient,
            })}
          </p>
          <AgeGateNotice
            withheld={done.withheld}
            context="export"
            onRequestAccess={p.onRequestAccess}
            testId="export-hidden"
          />
          <p className="notice notice-warn">{t('detective.export.plaintext')}</p>
          <p>
            <span className="muted">{t('detective.export.folder')}</span>{' '}
            <code data-testid="export-directory">{done.directory}</code>
          </p>
          <table className="result-table hashes">
            <thead>
              <tr>
                <th>{t('detective.export.file')}</th>
                <th className="num">{t('detective.export.bytes')}</th>
                <th>SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {done.files.map((f) => (
                <tr key={f.name} data-testid="export-file">
                  <td>{f.name}</td>
                  <td className="num">{formatCount(f.bytes)}</td>
                  <td>
                    <code className="hash">{f.sha256}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('detective.export.manifest')}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={p.onClose}>
              {t('detective.export.close')}
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)}>
          <h2 id="export-title">{t('detective.export.title', { number: p.caseNumber })}</h2>
          <p className="notice notice-warn" role="note">
            {t('detective.export.plaintext')}
          </p>
          <fieldset className="form-group">
            <legend>{t('detective.export.recipient')}</legend>
            <RecipientPicker
              value={recipientId}
              onChange={setRecipientId}
              privateAllowed={p.config?.privateRecipientsAllowed ?? false}
            />
            <Field
              label={t('detective.export.reference')}
              value={reference}
              onChange={setReference}
              testId="export-reference"
            />
            {!(p.config?.privateRecipientsAllowed ?? false) && (
              <p className="muted small" data-testid="export-private">
                {t('detective.export.privateRefused')} {p.config?.disclosureRule}
              </p>
            )}
          </fieldset>
          <fieldset className="form-group">
            <legend>{t('detective.export.what')}</legend>
            <div className="check-list" data-testid="export-plates">
              {p.plates.map((x) => (
                <label key={x} className="check">
                  <input
                    type="checkbox"
                    checked={chosen.includes(x)}
                    onChange={() => setChosen(toggle(chosen, x))}
                  />
                  <span className="plate">{x}</span>
                </label>
              ))}
            </div>
            {p.plates.length === 0 && <p className="muted">{t('detective.export.noPlates')}</p>}
            <div className="field-row">
              <label className="field">
                <span>
                  {t('detective.form.from')} <small className="muted">({zoneTime})</small>
                </span>
                <input
                  type="datetime-local"
                  step={1}
                  value={from}
                  onChange={(e) => setFrom(e.target.value)}
                  data-testid="export-from"
                />
              </label>
              <label className="field">
                <span>
                  {t('detective.form.to')} <small className="muted">({zoneTime})</small>
                </span>
                <input
                  type="datetime-local"
                  step={1}
                  value={to}
                  onChange={(e) => setTo(e.target.value)}
                  data-testid="export-to"
                />
              </label>
            </div>
            <div className="check-list">
              {FORMATS.map((f) => (
                <label key={f} className="check">
                  <input
                    type="checkbox"
                    checked={formats.includes(f)}
                    onChange={() => setFormats(toggle(formats, f))}
                    data-testid={`export-format-${f}`}
                  />
                  {t(`detective.export.formats.${f}`)}
                </label>
              ))}
            </div>
            {p.run && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={includeRun}
                  onChange={(e) => setIncludeRun(e.target.checked)}
                />
                {t('detective.export.includeRun', { kind: t(`detective.kind.${p.run.kind}`) })}
              </label>
            )}
          </fieldset>
          <WhyFields value={why} onChange={setWhy} testId="export" />
          {error && (
            <p className="notice notice-danger" role="alert" data-testid="export-error">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="btn" onClick={p.onClose}>
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              className="btn btn-primary"
              disabled={!ready}
              data-testid="export-submit"
            >
              {busy ? t('detective.export.writing') : t('detective.export.submit')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
