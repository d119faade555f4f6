import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, CaseEntry, PullStatus } from '../../../../common/api/contract.ts';
import { api } from '../../api.ts';
import { formatCount, formatDate, formatDateTime, utcTitle } from '../../format.ts';
import { PullForm } from './PullForm.tsx';
import { PullProgress } from './PullProgress.tsx';

interface Props {
  entry: CaseEntry;
  info: AppInfo;
  onChanged: () => void;
}

export function CaseView({ entry, onChanged }: Props) {
  const { t } = useTranslation();
  const c = entry.case;
  const [pulls, setPulls] = useState<PullStatus[]>([]);
  const [adding, setAdding] = useState(false);

  const loadPulls = useCallback(async () => {
    setPulls((await api['pulls.list']({ caseId: c.id })).pulls);
  }, [c.id]);

  useEffect(() => {
    void loadPulls().catch(() => {});
  }, [loadPulls]);

  // Poll while a pull runs: progress, rate and ETA come from the main process.
  const running = pulls.some((p) => p.state === 'running' || p.state === 'retrying');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void loadPulls().catch(() => {}), 400);
    return () => clearInterval(timer);
  }, [running, loadPulls]);
  // When a pull finishes, the case list's local counts change: tell the parent once.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running) onChanged();
    wasRunning.current = running;
  }, [running, onChanged]);

  return (
    <div className="case-view">
      <section className="panel" aria-labelledby="case-title">
        <div className="panel-head">
          <div>
            <p className="eyebrow">{c.number}</p>
            <h1 id="case-title">{c.title}</h1>
          </div>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setAdding(true)}
            disabled={c.status !== 'open'}
            data-testid="add-data"
          >
            {t('pull.add')}
          </button>
        </div>
        <dl className="facts facts-wide">
          <dt>{t('cases.offence')}</dt>
          <dd>{c.offence}</dd>
          <dt>{t('cases.legalBasis')}</dt>
          <dd>{c.legalBasis}</dd>
          <dt>{t('cases.purpose')}</dt>
          <dd>{t(`purpose.${c.purpose}`)}</dd>
          <dt>{t('cases.scope')}</dt>
          <dd>{c.scope || '—'}</dd>
          <dt>{t('cases.officers')}</dt>
          <dd>{c.assignedOfficers.join(', ')}</dd>
        </dl>
      </section>

      <section className="panel" aria-labelledby="local-title">
        <h2 id="local-title">{t('cases.localTitle')}</h2>
        {entry.local && entry.local.reads > 0 ? (
          <dl className="stats" data-testid="local-info">
            <div>
              <dt>{t('cases.reads')}</dt>
              <dd data-testid="local-reads">{formatCount(entry.local.reads)}</dd>
            </div>
            <div>
              <dt>{t('cases.plates')}</dt>
              <dd>{formatCount(entry.local.plates)}</dd>
            </div>
            <div>
              <dt>{t('cases.span')}</dt>
              <dd>
                <span title={utcTitle(entry.local.firstRead)}>
                  {formatDate(entry.local.firstRead)}
                </span>{' '}
                –{' '}
                <span title={utcTitle(entry.local.lastRead)}>
                  {formatDate(entry.local.lastRead)}
                </span>
              </dd>
            </div>
            <div>
              <dt>{t('cases.lastPull')}</dt>
              <dd title={utcTitle(entry.local.lastPullAt)}>
                {formatDateTime(entry.local.lastPullAt)}
              </dd>
            </div>
          </dl>
        ) : (
          <p className="muted">{t('cases.noLocalLong')}</p>
        )}
        {pulls.length > 0 && (
          <ul className="pull-list">
            {pulls.map((p) => (
              <li key={p.pullId}>
                <PullProgress pull={p} onChange={() => void loadPulls()} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {adding && (
        <PullForm
          caseEntry={entry}
          onCancel={() => setAdding(false)}
          onStarted={(p) => {
            setAdding(false);
            setPulls((prev) => [p, ...prev.filter((x) => x.pullId !== p.pullId)]);
          }}
        />
      )}
    </div>
  );
}
