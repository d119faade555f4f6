import { useTranslation } from 'react-i18next';
import type { CaseEntry, PullStatus } from '../../../../common/api/contract.ts';
import type { AgeGateWithheld, AnalysisRun } from '../../../../common/api/detective-contract.ts';
import { formatCount, formatDate, formatDateTime, utcTitle } from '../../format.ts';
import { ExtendedAccessPanel } from '../oversight/ExtendedAccessPanel.tsx';
import { AgeGateNotice } from './AgeGateNotice.tsx';
import { PullProgress } from './PullProgress.tsx';

/** Scrolls to the extended-access requests below and puts the focus on "Request". */
function showAccessRequests() {
  const panel = document.querySelector('[data-testid="extended-access"]');
  panel?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  panel?.querySelector<HTMLElement>('[data-testid="request-access"]')?.focus();
}

/** The case's facts, what this workstation holds for it, its pulls and saved analyses. */
export function CaseInfo({
  entry,
  withheld,
  pulls,
  runs,
  onPullsChanged,
  onPullStarted,
  onOpenRun,
}: {
  entry: CaseEntry;
  /** What the age gate hides of the case's reads now (with its reason), once loaded. */
  withheld: AgeGateWithheld | null;
  pulls: PullStatus[];
  runs: AnalysisRun[];
  onPullsChanged: () => void;
  onPullStarted: (pull: PullStatus) => void;
  onOpenRun: (run: AnalysisRun) => void;
}) {
  const { t } = useTranslation();
  const c = entry.case;
  // The count of this panel's own figures (cases.get), the reason from the case's reads.
  const hidden: AgeGateWithheld = {
    count: entry.local?.hidden ?? 0,
    reason: withheld && withheld.count > 0 ? withheld.reason : null,
    message: null,
  };
  return (
    <div className="case-info">
      <dl className="facts facts-compact">
        <dt>{t('cases.offence')}</dt>
        <dd>{c.offence}</dd>
        <dt>{t('cases.legalBasis')}</dt>
        <dd>{c.legalBasis}</dd>
        <dt>{t('cases.purpose')}</dt>
        <dd>{t(`purpose.${c.purpose}`)}</dd>
        <dt>{t('cases.scope')}</dt>
        <dd>{c.scope || '—'}</dd>
        <dt>{t('cases.officers')}</dt>
        {/* Names, not account ids; the ids only when the platform sent no names. */}
        <dd>{(c.assignedOfficerNames ?? c.assignedOfficers).join(', ')}</dd>
      </dl>

      <h3>{t('cases.localTitle')}</h3>
      {entry.local && (entry.local.reads > 0 || entry.local.hidden > 0) ? (
        <dl className="stats stats-compact" data-testid="local-info">
          <div>
            <dt>{t('cases.reads')}</dt>
            <dd data-testid="local-reads">{formatCount(entry.local.reads)}</dd>
          </div>
          {entry.local.hidden > 0 && (
            <div>
              <dt>{t('detective.ageGate.label')}</dt>
              <dd data-testid="local-hidden">{formatCount(entry.local.hidden)}</dd>
            </div>
          )}
          <div>
            <dt>{t('cases.plates')}</dt>
            <dd>{formatCount(entry.local.plates)}</dd>
          </div>
          <div>
            <dt>{t('cases.span')}</dt>
            <dd className="small">
              <span title={utcTitle(entry.local.firstRead)}>
                {formatDate(entry.local.firstRead)}
              </span>{' '}
              –{' '}
              <span title={utcTitle(entry.local.lastRead)}>{formatDate(entry.local.lastRead)}</span>
            </dd>
          </div>
          <div>
            <dt>{t('cases.lastPull')}</dt>
            <dd className="small" title={utcTitle(entry.local.lastPullAt)}>
              {formatDateTime(entry.local.lastPullAt)}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="muted">{t('cases.noLocalLong')}</p>
      )}
      <AgeGateNotice
        withheld={hidden}
        onRequestAccess={showAccessRequests}
        testId="local-hidden-notice"
      />
      {pulls.length > 0 && (
        <ul className="pull-list">
          {pulls.map((p) => (
            <li key={p.pullId}>
              <PullProgress pull={p} onChange={onPullsChanged} />
            </li>
          ))}
        </ul>
      )}

      {/*
        SLOT: extended-access requests of this case (reads older than one month),
        provided by the oversight area (renderer/src/workspaces/oversight).
      */}
      <div className="extended-access-slot" data-testid="extended-access-slot">
        <ExtendedAccessPanel caseEntry={entry} onPullStarted={onPullStarted} />
      </div>

      <h3>{t('detective.runs.title')}</h3>
      {runs.length === 0 ? (
        <p className="muted">{t('detective.runs.none')}</p>
      ) : (
        <ul className="run-list" data-testid="run-list">
          {runs.map((r) => (
            <li key={r.id}>
              <button type="button" className="run-item" onClick={() => onOpenRun(r)}>
                <strong>{t(`detective.kind.${r.kind}`)}</strong>
                <span className="muted">
                  {formatDateTime(r.createdAt)} · {r.officer} ·{' '}
                  {t('detective.runs.found', { count: r.resultCount })}
                </span>
                <span className="run-why">{r.justification}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
