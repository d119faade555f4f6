import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../common/api/contract.ts';
import { api } from '../api.ts';
import { formatShortDateTime, utcTitle } from '../format.ts';
import { useModalDialog } from './useModalDialog.ts';

/** Whole hours and minutes left until `notAfter` at `nowMs`, never negative (pure). */
export function timeLeft(notAfter: string, nowMs: number): { hours: number; minutes: number } {
  const minutes = Math.max(0, Math.floor((Date.parse(notAfter) - nowMs) / 60_000));
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

type Offline = NonNullable<SessionStatus['offline']>;

/**
 * The offline grant in the top bar (#15): while working offline, until when
 * and how long is left; online, whether offline work is prepared, and the
 * form that sets the offline PIN.
 */
export function OfflineStatus({
  offline,
  now,
  maxFailures,
  onSession,
}: {
  offline: Offline;
  /** The workstation's now (SessionStatus.now), not the browser's. */
  now: string;
  maxFailures: number;
  onSession: (s: SessionStatus) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const until = formatShortDateTime(offline.notAfter);
  if (offline.working) {
    const left = timeLeft(offline.notAfter, Date.parse(now));
    return (
      <span
        className="badge"
        role="status"
        data-testid="offline-remaining"
        title={`${t('offline.workingUntil', { until })} ${t('offline.workingHint')} ${utcTitle(offline.notAfter)}`}
      >
        {t('offline.working', {
          left:
            left.hours > 0
              ? t('offline.left', left)
              : t('offline.leftMinutes', { minutes: left.minutes }),
        })}
      </span>
    );
  }
  return (
    <>
      {offline.secretSet ? (
        <span
          className="badge"
          data-testid="offline-ready"
          title={t('offline.readyHint', { until })}
        >
          {t('offline.ready')}
        </span>
      ) : (
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="offline-set-up"
          onClick={() => setOpen(true)}
          aria-haspopup="dialog"
        >
          {t('offline.setUp')}
        </button>
      )}
      {open && (
        <OfflinePinDialog
          until={until}
          maxFailures={maxFailures}
          onClose={() => setOpen(false)}
          onSaved={(s) => {
            setOpen(false);
            onSession(s);
          }}
        />
      )}
    </>
  );
}

function OfflinePinDialog(props: {
  until: string;
  maxFailures: number;
  onClose: () => void;
  onSaved: (s: SessionStatus) => void;
}) {
  const { t } = useTranslation();
  const ref = useModalDialog();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pin !== again) return setError(t('offline.mismatch'));
    setBusy(true);
    setError(null);
    try {
      props.onSaved(await api['session.setOfflineSecret']({ secret: pin }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby="offline-pin-title"
      onCancel={props.onClose}
      data-testid="offline-pin-dialog"
    >
      <form className="form" onSubmit={(e) => void submit(e)}>
        <h2 id="offline-pin-title">{t('offline.setUpTitle')}</h2>
        <p className="muted">
          {t('offline.setUpIntro', { until: props.until, max: props.maxFailures })}
        </p>
        <label className="field">
          <span>{t('offline.pin')}</span>
          <input
            type="password"
            autoComplete="new-password"
            value={pin}
            minLength={6}
            maxLength={128}
            required
            onChange={(e) => setPin(e.target.value)}
            data-testid="offline-pin"
          />
        </label>
        <label className="field">
          <span>{t('offline.pinAgain')}</span>
          <input
            type="password"
            autoComplete="new-password"
            value={again}
            minLength={6}
            maxLength={128}
            required
            onChange={(e) => setAgain(e.target.value)}
            data-testid="offline-pin-again"
          />
        </label>
        {error && (
          <p className="notice notice-danger" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            {t('offline.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy}
            data-testid="offline-pin-save"
          >
            {t('offline.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
