import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../../common/api/contract.ts';
import type { RequestListQuery } from '../../../../common/oversight-api.ts';
import { api } from '../../api.ts';
import { useWorkstationNow } from '../../clock.ts';
import { ErrorNotice, StatusTag } from './parts.tsx';
import { RequestDetailView } from './RequestDetailView.tsx';
import { platesText } from './scope.ts';
import { ageDays, useLoad } from './util.ts';
import './oversight.css';

type StatusFilter = NonNullable<RequestListQuery['status']> | 'all';

/**
 * The prosecutor's inbox of extended-access requests (urgent first, then
 * oldest), and the request in full with its decision form.
 */
export function ProsecutorWorkspace({ info }: { info: AppInfo }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<StatusFilter>('pending');
  const [urgency, setUrgency] = useState<'all' | 'urgent' | 'normal'>('all');
  const [minAge, setMinAge] = useState(0);
  const [caseId, setCaseId] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  // Waiting times count on the workstation's clock (and follow it when it moves).
  const now = useWorkstationNow().getTime();

  const cases = useLoad(() => api['oversight.cases']({}), []);
  const list = useLoad(
    () =>
      api['access.list']({
        ...(status !== 'all' ? { status } : {}),
        ...(urgency !== 'all' ? { urgency } : {}),
        ...(minAge > 0 ? { minAgeDays: minAge } : {}),
        ...(caseId ? { caseId } : {}),
      }),
    [status, urgency, minAge, caseId],
  );
  const detail = useLoad(
    async () => (openId ? api['access.get']({ requestId: openId }) : null),
    [openId],
  );

  if (info.policyPack !== 'be') {
    return (
      <section className="panel empty-state" data-testid="workspace-prosecutor">
        <p className="muted">{t('oversight.inbox.notApplicable')}</p>
      </section>
    );
  }

  const requests = list.value?.requests ?? [];
  const caseTitles = new Map(cases.value?.cases.map((c) => [c.id, c.title]) ?? []);
  return (
    <div className="workspace-split ov-split" data-testid="workspace-prosecutor">
      <nav className="panel case-list" aria-labelledby="inbox-title">
        <div className="panel-head">
          <h1 id="inbox-title">{t('oversight.inbox.title')}</h1>
          <button type="button" className="btn btn-small" onClick={() => void list.reload()}>
            {t('oversight.refresh')}
          </button>
        </div>
        <div className="ov-filters" role="group" aria-label={t('oversight.inbox.filters')}>
          <label className="field">
            <span>{t('oversight.inbox.status')}</span>
            <select
              value={status}
              onChange={(e) => setStatus(e.target.value as StatusFilter)}
              data-testid="filter-status"
            >
              {(['pending', 'approved', 'narrowed', 'refused', 'withdrawn', 'all'] as const).map(
                (s) => (
                  <option key={s} value={s}>
                    {t(`oversight.status.${s}`)}
                  </option>
                ),
              )}
            </select>
          </label>
          <label className="field">
            <span>{t('oversight.inbox.urgency')}</span>
            <select value={urgency} onChange={(e) => setUrgency(e.target.value as typeof urgency)}>
              <option value="all">{t('oversight.all')}</option>
              <option value="urgent">{t('oversight.urgency.urgent')}</option>
              <option value="normal">{t('oversight.urgency.normal')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('oversight.inbox.age')}</span>
            <select value={minAge} onChange={(e) => setMinAge(Number(e.target.value))}>
              {[0, 1, 3, 7].map((d) => (
                <option key={d} value={d}>
                  {d === 0 ? t('oversight.all') : t('oversight.inbox.olderThan', { count: d })}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('oversight.inbox.case')}</span>
            <select value={caseId} onChange={(e) => setCaseId(e.target.value)}>
              <option value="">{t('oversight.all')}</option>
              {cases.value?.cases.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.number}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorNotice error={list.error} />
        {list.value && requests.length === 0 && (
          <p className="muted">{t('oversight.inbox.empty')}</p>
        )}
        <ul className="case-items" data-testid="inbox">
          {requests.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className={`case-item${r.id === openId ? ' selected' : ''}`}
                aria-current={r.id === openId ? 'true' : undefined}
                onClick={() => setOpenId(r.id)}
                data-testid={`request-${r.id}`}
              >
                <span className="case-number">{r.caseNumber ?? r.caseId}</span>
                <span className="case-title ov-inbox-title">
                  {caseTitles.get(r.caseId) ?? r.offence}
                </span>
                <span className="case-meta">
                  {r.urgency === 'urgent' && (
                    <span className="tag ov-urgent">{t('oversight.urgency.urgent')}</span>
                  )}
                  <StatusTag status={r.status} expired={r.expired} />
                  <span className="muted">{r.requestedByName ?? r.requestedBy}</span>
                  <span className="muted">
                    {ageDays(r.createdAt, now) === 0
                      ? t('oversight.inbox.today')
                      : t('oversight.inbox.waiting', { count: ageDays(r.createdAt, now) })}
                  </span>
                </span>
                <span className="muted ov-item-scope">
                  {r.plates.length > 0 ? platesText(r.plates) : t('oversight.inbox.areaOnly')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section className="case-main" aria-live="polite">
        <ErrorNotice error={detail.error} />
        {detail.value ? (
          <RequestDetailView
            detail={detail.value}
            canDecide
            onChanged={() => {
              void detail.reload();
              void list.reload();
            }}
          />
        ) : (
          <div className="panel empty-state">
            <p className="muted">{t('oversight.inbox.pick')}</p>
          </div>
        )}
      </section>
    </div>
  );
}
