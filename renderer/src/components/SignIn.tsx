import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionStatus } from '../../../common/api/contract.ts';
import { api } from '../api.ts';

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

  const start = async () => {
    setError(null);
    try {
      const started = await api['session.beginSignIn']({});
      setUrl(started.authorizationUrl);
      // In the browser shell the platform's sign-in page opens in this same browser.
      if (started.openedBy === 'renderer')
        window.open(started.authorizationUrl, '_blank', 'noopener');
      onSession(await api['session.status']({}));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
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
            {t('signIn.lockedText', {
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
