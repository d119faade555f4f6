import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseEntry, PullStatus } from '../../../../common/api/contract.ts';
import { ReasonCode } from '../../../../common/case.ts';
import { api } from '../../api.ts';
import { workstationNow } from '../../clock.ts';
import { displayZone, zoneLabel } from '../../zone.ts';
import { fromZoneInput, toZoneInput } from '../../zone-input.ts';
import { useModalDialog } from '../../components/useModalDialog.ts';
import { Field } from '../../components/Field.tsx';
import { JustificationField, justificationValid } from '../../components/JustificationField.tsx';
import { OffenceTypeField } from '../../components/OffenceTypeField.tsx';

interface Props {
  caseEntry: CaseEntry;
  /** Cameras the case's targets passed (most used first): pulling them brings the companions' reads. */
  suggestedCameras?: readonly string[];
  onCancel: () => void;
  onStarted: (pull: PullStatus) => void;
}

/**
 * "Add data to this case": what to pull (plates or an area, and a period),
 * and why. The platform's legal gate decides what actually comes back.
 */
export function PullForm({ caseEntry, suggestedCameras = [], onCancel, onStarted }: Props) {
  const { t, i18n } = useTranslation();
  const zoneTime = t('detective.zoneTime', { zone: zoneLabel(displayZone(), i18n.language) });
  const dialog = useModalDialog();
  // The default period ends at the workstation's now, the clock its rules use.
  const now = workstationNow();
  const [kind, setKind] = useState<'plates' | 'area' | 'cameras'>('plates');
  const [cameraIds, setCameraIds] = useState('');
  const [plates, setPlates] = useState('');
  const [lat, setLat] = useState('50.8466');
  const [lon, setLon] = useState('4.3528');
  const [radius, setRadius] = useState('500');
  const [from, setFrom] = useState(toZoneInput(now.getTime() - 29 * 86_400_000));
  const [to, setTo] = useState(toZoneInput(now));
  const [offenceType, setOffenceType] = useState('');
  const [reasonCode, setReasonCode] = useState<ReasonCode>('suspect-vehicle');
  const [justification, setJustification] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const range = {
        from: fromZoneInput(from) ?? new Date(from).toISOString(),
        to: fromZoneInput(to) ?? new Date(to).toISOString(),
      };
      const query =
        kind === 'plates'
          ? {
              kind: 'plates' as const,
              plates: plates
                .split(/[\n,;]+/)
                .map((p) => p.trim())
                .filter(Boolean),
              range,
            }
          : kind === 'cameras'
            ? {
                kind: 'area' as const,
                area: {
                  kind: 'cameras' as const,
                  cameraIds: cameraIds
                    .split(/[\s,;]+/)
                    .map((x) => x.trim())
                    .filter(Boolean),
                },
                range,
              }
            : {
                kind: 'area' as const,
                area: {
                  kind: 'circle' as const,
                  lat: Number(lat),
                  lon: Number(lon),
                  radiusM: Number(radius),
                },
                range,
              };
      onStarted(
        await api['pulls.start']({
          caseId: caseEntry.case.id,
          offenceType,
          reasonCode,
          justification,
          query,
        }),
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="modal"
      aria-labelledby="pull-title"
      onCancel={onCancel}
      data-testid="pull-form"
    >
      <form onSubmit={(e) => void submit(e)} className="form">
        <h2 id="pull-title">{t('pull.title', { number: caseEntry.case.number })}</h2>
        <p className="muted">{t('pull.intro')}</p>

        <fieldset className="segmented">
          <legend>{t('pull.what')}</legend>
          <label>
            <input
              type="radio"
              name="kind"
              checked={kind === 'plates'}
              onChange={() => setKind('plates')}
            />{' '}
            {t('pull.byPlates')}
          </label>
          <label>
            <input
              type="radio"
              name="kind"
              checked={kind === 'area'}
              onChange={() => setKind('area')}
              data-testid="pull-kind-area"
            />{' '}
            {t('pull.byArea')}
          </label>
          <label>
            <input
              type="radio"
              name="kind"
              checked={kind === 'cameras'}
              onChange={() => setKind('cameras')}
              data-testid="pull-kind-cameras"
            />{' '}
            {t('detective.pull.byCameras')}
          </label>
        </fieldset>

        {kind === 'plates' ? (
          <label className="field">
            <span>{t('pull.plates')}</span>
            <textarea
              rows={3}
              value={plates}
              onChange={(e) => setPlates(e.target.value)}
              required
              data-testid="pull-plates"
              placeholder="1-ABC-123&#10;1-AB?-12*"
            />
            <small className="muted">{t('pull.platesHint')}</small>
          </label>
        ) : kind === 'cameras' ? (
          <label className="field">
            <span>{t('detective.pull.cameras')}</span>
            <textarea
              rows={3}
              value={cameraIds}
              onChange={(e) => setCameraIds(e.target.value)}
              required
              data-testid="pull-cameras"
            />
            <small className="muted">{t('detective.pull.camerasHint')}</small>
            {suggestedCameras.length > 0 && (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setCameraIds(suggestedCameras.join('\n'))}
                data-testid="pull-suggested-cameras"
              >
                {t('detective.pull.targetCameras', { count: suggestedCameras.length })}
              </button>
            )}
          </label>
        ) : (
          <div className="field-row">
            <Field
              label={t('pull.lat')}
              value={lat}
              onChange={setLat}
              inputMode="decimal"
              required
              testId="pull-lat"
            />
            <Field
              label={t('pull.lon')}
              value={lon}
              onChange={setLon}
              inputMode="decimal"
              required
              testId="pull-lon"
            />
            <Field
              label={t('pull.radius')}
              value={radius}
              onChange={setRadius}
              inputMode="numeric"
              required
              testId="pull-radius"
            />
          </div>
        )}

        <div className="field-row">
          <label className="field">
            <span>
              {t('pull.from')} <small className="muted">({zoneTime})</small>
            </span>
            <input
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              required
              data-testid="pull-from"
            />
          </label>
          <label className="field">
            <span>
              {t('pull.to')} <small className="muted">({zoneTime})</small>
            </span>
            <input
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              required
              data-testid="pull-to"
            />
          </label>
        </div>

        <OffenceTypeField
          purpose={caseEntry.case.purpose}
          value={offenceType}
          onChange={setOffenceType}
          testId="pull-offence"
        />
        <label className="field">
          <span>{t('pull.reason')}</span>
          <select
            value={reasonCode}
            onChange={(e) => setReasonCode(e.target.value as ReasonCode)}
            data-testid="pull-reason"
          >
            {ReasonCode.options.map((r) => (
              <option key={r} value={r}>
                {t(`reason.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <JustificationField
          label={t('pull.justification')}
          hint={t('pull.justificationHint')}
          value={justification}
          onChange={setJustification}
          testId="pull-justification"
        />

        {error && (
          <p className="notice notice-danger" role="alert" data-testid="pull-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || offenceType === '' || !justificationValid(justification)}
            data-testid="pull-submit"
          >
            {t('pull.start')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
