import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, CaseEntry } from '../../../../common/api/contract.ts';
import { api } from '../../api.ts';
import { CaseView } from './CaseView.tsx';
import { formatDate } from '../../format.ts';

export function DetectiveWorkspace({ info }: { info: AppInfo }) {
  const { t } = useTranslation();
  const [cases, setCases] = useState<CaseEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setCases((await api['cases.list']({})).cases);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const open = cases?.find((c) => c.case.id === openId) ?? null;

  return (
    <div className="workspace-split">
      <nav className="panel case-list" aria-labelledby="cases-title">
        <div className="panel-head">
          <h1 id="cases-title">{t('cases.title')}</h1>
          <button type="button" className="btn btn-small" onClick={() => void load()}>
            {t('cases.refresh')}
          </button>
        </div>
        {error && (
          <p className="notice notice-danger" role="alert">
            {error}
          </p>
        )}
        {!cases && !error && <p className="muted">{t('common.loading')}</p>}
        {cases?.length === 0 && <p className="muted">{t('cases.none')}</p>}
        <ul className="case-items" data-testid="case-list">
          {cases?.map(({ case: c, local }) => (
            <li key={c.id}>
              <button
                type="button"
                className={`case-item${c.id === openId ? ' selected' : ''}`}
                aria-current={c.id === openId ? 'true' : undefined}
                onClick={() => setOpenId(c.id)}
                data-testid={`case-${c.id}`}
              >
                <span className="case-number">{c.number}</span>
                <span className="case-title">{c.title}</span>
                <span className="case-meta">
                  <span className={`tag tag-${c.purpose}`}>{t(`purpose.${c.purpose}`)}</span>
                  {c.status === 'closed' && <span className="tag">{t('cases.closed')}</span>}
                  <span className="muted">
                    {local ? t('cases.localReads', { count: local.reads }) : t('cases.noLocal')}
                  </span>
                  <span className="muted">{formatDate(c.createdAt)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section className="case-main" aria-live="polite">
        {open ? (
          <CaseView entry={open} info={info} onChanged={() => void load()} />
        ) : (
          <div className="panel empty-state">
            <p className="muted">{t('cases.pick')}</p>
          </div>
        )}
      </section>
    </div>
  );
}
