import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionStatus } from '../../../common/api/contract.ts';
import { ApiError } from '../../../common/api/result.ts';
import { api } from '../api.ts';
import { formatShortDateTime, utcTitle } from '../format.ts';

interface Props {
  info: AppInfo;
  session: SessionStatus;
  onSession: (s: SessionStatus) => void;
}

export function SignIn({ info, session, onSession }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const pending = session.state === 'signing-in';
  const locked = session.state === 'locked';
  // The platform did not answer the last sign-in: the offline unlock is offered (#15).
  const [unreachable, setUnreachable] = useState(false);
  const [pin, setPin] = useState('');
  const [unlocking, setUnlocking] = useState(false);
  const offline = session.offline;

  const start = async () => {
    setError(null);
    setUnreachable(false);
    try {
      const started = await api['session.beginSignIn']({});
      setUrl(started.authorizationUrl);
      // In the browser shell the platform's sign-in page opens in this same browser.
      if (started.openedBy === 'renderer')
        window.open(started.authorizationUrl, '_blank', 'noopener');
      onSession(await api['session.status']({}));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setUnreachable(e instanceof ApiError && e.code === 'UNAVAILABLE');
    }
  };

  const unlockOffline = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setUnlocking(true);
    try {
      onSession(await api['session.unlockOffline']({ secret: pin }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      onSession(await api['session.status']({}));
    } finally {
      setPin('');
      setUnlocking(false);
    }
  };

  const cancel = async () => {
    onSession(await api['session.cancelSignIn']({}));
    setUrl(null);
  };

  return (
    <div className="signin-layout">
      <section className="panel signin-card" aria-labelledby="signin-title">
        <h1 id="signin-title">{locked ? t('signIn.lockedTitle') : t('signIn.title')}</h1>
        {locked && session.officer ? (
          <p className="notice notice-warn" role="status" data-testid="locked-notice">
            {session.lockReason === 'offline-ended'
              ? t('offline.ended', { name: session.officer.displayName })
              : session.lockReason === 'manual'
                ? t('signIn.lockedManual', { name: session.officer.displayName })
                : session.lockReason === 'expired'
                  ? t('signIn.lockedExpired', { name: session.officer.displayName })
                  : t('signIn.lockedText', {
                      name: session.officer.displayName,
                      minutes: session.idleLockMinutes,
                    })}
          </p>
        ) : (
          <p className="muted">{t('signIn.intro')}</p>
        )}
        <dl className="facts">
          <dt>{t('signIn.platform')}</dt>
          <dd>
            <code>{info.platformUrl}</code>
          </dd>
          <dt>{t('signIn.policy')}</dt>
          <dd>{t(`policy.${info.policyPack}`)}</dd>
        </dl>
        {(error ?? session.blockedReason) && (
          <p className="notice notice-danger" role="alert" data-testid="signin-error">
            {error ?? session.blockedReason}
          </p>
        )}
        {unreachable && offline?.unlockAvailable && !pending && (
          <form
            className="form offline-unlock"
            onSubmit={(e) => void unlockOffline(e)}
            aria-labelledby="offline-unlock-title"
            data-testid="offline-unlock"
          >
            <h2 id="offline-unlock-title">{t('offline.unlockTitle')}</h2>
            <p className="muted" title={utcTitle(offline.notAfter)}>
              {t('offline.unlockText', {
                name: offline.officerName,
                until: formatShortDateTime(offline.notAfter),
              })}
            </p>
            <label className="field">
              <span>{t('offline.pin')}</span>
              <input
                type="password"
                autoComplete="current-password"
                value={pin}
                required
                maxLength={128}
                onChange={(e) => setPin(e.target.value)}
                data-testid="offline-unlock-pin"
              />
            </label>
            <button
              type="submit"
              className="btn btn-primary"
              disabled={unlocking || pin.length === 0}
              data-testid="offline-unlock-submit"
            >
              {t('offline.unlock')}
            </button>
          </form>
        )}
        {unreachable && offline?.lockedOut && (
          <p className="notice notice-danger" role="alert" data-testid="offline-locked-out">
            {t('offline.lockedOut')}
          </p>
        )}
        {pending ? (
          <div className="signin-pending" role="status" aria-live="polite">
            <span className="spinner" aria-hidden="true" />
            <span>{t('signIn.pending')}</span>
            {url && (
              <a href={url} target="_blank" rel="noopener noreferrer">
                {t('signIn.openAgain')}
              </a>
            )}
            <button type="button" className="btn" onClick={() => void cancel()}>
              {t('signIn.cancel')}
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="btn btn-primary btn-large"
            data-testid="sign-in"
            onClick={() => void start()}
          >
            {locked ? t('signIn.unlock') : t('signIn.button')}
          </button>
        )}
      </section>
      <aside className="panel legal-card" aria-labelledby="legal-title">
        <h2 id="legal-title">{t('signIn.legalTitle')}</h2>
        <ul>
          <li>{t('signIn.legal1')}</li>
          <li>{t('signIn.legal2')}</li>
          <li>{t('signIn.legal3')}</li>
        </ul>
      </aside>
    </div>
  );
}
