import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionStatus } from '../../../common/api/contract.ts';

interface Props {
  info: AppInfo;
  session: SessionStatus;
}

export function SignIn({ info, session }: Props) {
  const { t } = useTranslation();
  return (
    <div className="signin-layout">
      <section className="panel signin-card" aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.intro')}</p>
        <dl className="facts">
          <dt>{t('signIn.platform')}</dt>
          <dd>
            <code>{info.platformUrl}</code>
          </dd>
          <dt>{t('signIn.policy')}</dt>
          <dd>{t(`policy.${info.policyPack}`)}</dd>
        </dl>
        {session.blockedReason && (
          <p className="notice notice-danger" role="alert">
            {session.blockedReason}
          </p>
        )}
        <button
          type="button"
          className="btn btn-primary btn-large"
          data-testid="sign-in"
          disabled={!!session.blockedReason}
        >
          {t('signIn.button')}
        </button>
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
