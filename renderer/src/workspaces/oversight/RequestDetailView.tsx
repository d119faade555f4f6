import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessRequest, RequestDetail } from '../../../../common/oversight-api.ts';
import { api } from '../../api.ts';
import { formatCount, formatDate } from '../../format.ts';
import { DecisionForm } from './DecisionForm.tsx';
import { ErrorNotice, StatusTag, Time } from './parts.tsx';
import { areaText, platesText } from './scope.ts';
import { errorText } from './util.ts';

/** A request in full, as the prosecutor decides it: scope, case, what it would unlock, history. */
export function RequestDetailView({
  detail,
  canDecide,
  onChanged,
}: {
  detail: RequestDetail;
  canDecide: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const r = detail.request;
  const c = detail.case;
  return (
    <div className="ov-detail" data-testid="request-detail">
      <section className="panel" aria-labelledby="request-title">
        <div className="panel-head">
          <div>
            <p className="eyebrow">
              {c.number} ·{' '}
              {t('oversight.request.filedBy', { name: r.requestedByName ?? r.requestedBy })}{' '}
              <Time iso={r.createdAt} />
            </p>
            <h1 id="request-title">{t('oversight.request.title')}</h1>
          </div>
          <div className="ov-tags">
            {r.urgency === 'urgent' && (
              <span className="tag ov-urgent">{t('oversight.urgency.urgent')}</span>
            )}
            <StatusTag status={r.status} expired={r.expired} />
          </div>
        </div>
        <div className="ov-detail-grid">
          <div>
            <h2>{t('oversight.request.scope')}</h2>
            <dl className="facts facts-wide">
              <dt>{t('oversight.request.plates')}</dt>
              <dd className="ov-plate" data-testid="request-plates">
                {platesText(r.plates)}
              </dd>
              <dt>{t('oversight.request.area')}</dt>
              <dd>{areaText(r.area, t)}</dd>
              <dt>{t('oversight.request.period')}</dt>
              <dd>
                <Time iso={r.periodFrom} /> – <Time iso={r.periodTo} />
              </dd>
              <dt>{t('oversight.request.offence')}</dt>
              <dd>{r.offence}</dd>
              <dt>{t('oversight.request.legalBasis')}</dt>
              <dd>{r.legalBasis}</dd>
            </dl>
            <h2 className="ov-subhead">{t('oversight.request.justification')}</h2>
            <blockquote className="ov-quote">{r.justification}</blockquote>
          </div>
          <aside className="ov-side">
            <div className="ov-estimate" data-testid="estimate">
              <span className="ov-estimate-n">{formatCount(detail.estimate.count)}</span>
              <span>{t('oversight.request.estimate', { count: detail.estimate.count })}</span>
              <small className="muted">
                {t('oversight.request.estimateHint', {
                  window: formatDate(detail.estimate.normalWindowStart),
                  max: formatDate(detail.estimate.maxLookbackStart),
                })}
              </small>
            </div>
            <h2>{t('oversight.request.case')}</h2>
            <dl className="facts ov-facts-compact">
              <dt>{t('oversight.request.caseTitle')}</dt>
              <dd>{c.title}</dd>
              <dt>{t('oversight.request.offence')}</dt>
              <dd>{c.offence}</dd>
              <dt>{t('oversight.request.caseScope')}</dt>
              <dd>{c.scope || '—'}</dd>
              <dt>{t('oversight.request.officers')}</dt>
              <dd>{c.assignedOfficers.map((o) => o.name).join(', ')}</dd>
            </dl>
          </aside>
        </div>
      </section>

      <section className="panel" aria-labelledby="earlier-title">
        <h2 id="earlier-title">
          {t('oversight.request.earlier', { count: detail.earlierRequests.length })}
        </h2>
        {detail.earlierRequests.length === 0 ? (
          <p className="muted">{t('oversight.request.noEarlier')}</p>
        ) : (
          <ul className="ov-history" data-testid="earlier-requests">
            {detail.earlierRequests.map((e) => (
              <li key={e.id}>
                <StatusTag status={e.status} expired={e.expired} />
                <span>
                  <Time iso={e.createdAt} /> · {e.requestedByName ?? e.requestedBy} ·{' '}
                  {platesText(e.plates)}
                </span>
                {e.decision && (
                  <span className="muted ov-history-reasons">“{e.decision.reasons}”</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      {r.status === 'pending' && canDecide ? (
        <section className="panel">
          <DecisionForm request={r} onDecided={onChanged} />
        </section>
      ) : (
        <DecisionSummary request={r} />
      )}
    </div>
  );
}

export function DecisionSummary({ request: r }: { request: AccessRequest }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const d = r.decision;
  const exportPdf = async () => {
    setError(null);
    try {
      setSaved((await api['access.exportDecision']({ requestId: r.id })).path);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section
      className={`panel ov-decision ov-decision-${d?.decision ?? r.status}`}
      aria-labelledby="decision-title"
      data-testid="decision-summary"
    >
      <div className="panel-head">
        <h2 id="decision-title">{t('oversight.decision.title')}</h2>
        {d && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void exportPdf()}
            data-testid="export-decision"
          >
            {t('oversight.decision.exportPdf')}
          </button>
        )}
      </div>
      {!d ? (
        <p className="muted">
          {t(
            r.status === 'withdrawn'
              ? 'oversight.decision.withdrawn'
              : 'oversight.decision.pending',
          )}
        </p>
      ) : (
        <dl className="facts facts-wide">
          <dt>{t('oversight.decision.outcome')}</dt>
          <dd>
            <strong>{t(`oversight.decision.kind.${d.decision}`)}</strong>
            {r.expired && (
              <span className="tag ov-status-expired ov-inline-tag">
                {t('oversight.status.expired')}
              </span>
            )}
          </dd>
          <dt>{t('oversight.decision.by')}</dt>
          <dd>
            {d.decidedByName ?? d.decidedBy}, <Time iso={d.decidedAt} />
          </dd>
          {d.decision !== 'refuse' && (
            <>
              <dt>{t('oversight.decision.plates')}</dt>
              <dd className="ov-plate" data-testid="granted-plates">
                {platesText(d.plates)}
              </dd>
              <dt>{t('oversight.decision.area')}</dt>
              <dd>{areaText(d.area, t)}</dd>
              <dt>{t('oversight.decision.period')}</dt>
              <dd data-testid="granted-period">
                <Time iso={d.periodFrom} /> – <Time iso={d.periodTo} />
              </dd>
              <dt>{t('oversight.decision.expires')}</dt>
              <dd>
                <Time iso={d.expiresAt} />
              </dd>
            </>
          )}
          <dt>{t('oversight.decision.reasons')}</dt>
          <dd>{d.reasons}</dd>
        </dl>
      )}
      {saved && (
        <p className="notice ov-notice-ok" role="status" data-testid="saved-path">
          {t('oversight.saved', { path: saved })}
        </p>
      )}
      <ErrorNotice error={error} />
    </section>
  );
}
