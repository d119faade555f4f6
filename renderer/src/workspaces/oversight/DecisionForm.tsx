import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { JustificationField, justificationValid } from '../../components/JustificationField.tsx';
import type { AccessRequest, DecisionBody } from '../../../../common/oversight-api.ts';
import { formatPlate } from '../../../../common/plates.ts';
import { api } from '../../api.ts';
import { workstationNow } from '../../clock.ts';
import { ErrorNotice } from './parts.tsx';
import { DAY_MS, dateInput, errorText, fromLocalInput, localInput } from './util.ts';
import { Field } from '../../components/Field.tsx';

type Kind = 'approve' | 'narrow' | 'refuse';

/**
 * The prosecutor's decision: approve as asked, narrow (fewer plates, a
 * smaller radius, a shorter period) or refuse, always with written reasons;
 * an approval carries an expiry. The platform re-checks every limit.
 */
export function DecisionForm({
  request,
  onDecided,
}: {
  request: AccessRequest;
  onDecided: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('approve');
  const [plates, setPlates] = useState<string[]>(request.plates);
  const [from, setFrom] = useState(localInput(request.periodFrom));
  const [to, setTo] = useState(localInput(request.periodTo));
  const circle = request.area?.kind === 'circle' ? request.area : null;
  const [radius, setRadius] = useState(circle ? String(Math.round(circle.radiusM)) : '');
  // 30 days from the workstation's now, the clock the platform checks the expiry against.
  const [expires, setExpires] = useState(() =>
    dateInput(new Date(workstationNow().getTime() + 30 * DAY_MS)),
  );
  const [reasons, setReasons] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // End of the chosen day, local time: "valid until 14 March" includes 14 March.
      const expiresAt = fromLocalInput(`${expires}T23:59`) ?? '';
      let decision: DecisionBody;
      if (kind === 'refuse') decision = { decision: 'refuse', reasons };
      else if (kind === 'approve') decision = { decision: 'approve', reasons, expiresAt };
      else {
        decision = {
          decision: 'narrow',
          reasons,
          expiresAt,
          ...(request.plates.length > 0 ? { plates } : {}),
          periodFrom: fromLocalInput(from) ?? request.periodFrom,
          periodTo: fromLocalInput(to) ?? request.periodTo,
          ...(circle && Number(radius) > 0 && Number(radius) < circle.radiusM
            ? { area: { ...circle, radiusM: Number(radius) } }
            : {}),
        };
      }
      await api['access.decide']({ requestId: request.id, decision });
      onDecided();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const submitLabel =
    kind === 'approve'
      ? t('oversight.decide.approveButton')
      : kind === 'narrow'
        ? t('oversight.decide.narrowButton')
        : t('oversight.decide.refuseButton');

  return (
    <form
      className="form ov-decision-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="decide-title"
      data-testid="decision-form"
    >
      <h2 id="decide-title">{t('oversight.decide.title')}</h2>
      <fieldset className="segmented ov-choice">
        <legend>{t('oversight.decide.decision')}</legend>
        {(['approve', 'narrow', 'refuse'] as const).map((k) => (
          <label key={k} className={`ov-choice-${k}${kind === k ? ' selected' : ''}`}>
            <input
              type="radio"
              name="decision"
              value={k}
              checked={kind === k}
              onChange={() => setKind(k)}
              data-testid={`decision-${k}`}
            />{' '}
            {t(`oversight.decide.${k}`)}
          </label>
        ))}
      </fieldset>
      <p className="muted">{t(`oversight.decide.${kind}Hint`)}</p>

      {kind === 'narrow' && (
        <div className="ov-narrow">
          {request.plates.length > 0 && (
            <fieldset className="ov-plates">
              <legend>{t('oversight.decide.keepPlates')}</legend>
              {request.plates.map((p) => (
                <label key={p} className="ov-plate-check">
                  <input
                    type="checkbox"
                    checked={plates.includes(p)}
                    onChange={(e) =>
                      setPlates((prev) =>
                        e.target.checked ? [...prev, p] : prev.filter((x) => x !== p),
                      )
                    }
                    data-testid={`keep-plate-${p}`}
                  />{' '}
                  <span className="ov-plate">{formatPlate(p, 'BE')}</span>
                </label>
              ))}
            </fieldset>
          )}
          <div className="field-row">
            <Field
              label={t('oversight.decide.from')}
              value={from}
              onChange={setFrom}
              type="datetime-local"
              testId="narrow-from"
            />
            <Field
              label={t('oversight.decide.to')}
              value={to}
              onChange={setTo}
              type="datetime-local"
              testId="narrow-to"
            />
            {circle && (
              <Field
                label={t('oversight.decide.radius')}
                value={radius}
                onChange={setRadius}
                inputMode="numeric"
                testId="narrow-radius"
              />
            )}
          </div>
        </div>
      )}

      <div className="field-row">
        {kind !== 'refuse' && (
          <label className="field ov-field-narrow">
            <span>{t('oversight.decide.expires')}</span>
            <input
              type="date"
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
              required
              data-testid="decision-expires"
            />
          </label>
        )}
      </div>
      <JustificationField
        label={t('oversight.decide.reasons')}
        hint={t('oversight.decide.reasonsHint')}
        value={reasons}
        onChange={setReasons}
        testId="decision-reasons"
      />
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button
          type="submit"
          className={`btn ${kind === 'refuse' ? 'btn-danger' : 'btn-primary'}`}
          disabled={
            busy ||
            !justificationValid(reasons) ||
            (kind === 'narrow' && request.plates.length > 0 && plates.length === 0)
          }
          data-testid="decision-submit"
        >
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
