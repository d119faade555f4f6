import { useTranslation } from 'react-i18next';
import type { PullStatus } from '../../../../common/api/contract.ts';
import { api } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { formatDuration, outcomeText } from './pull-text.ts';

export function PullProgress({ pull, onChange }: { pull: PullStatus; onChange: () => void }) {
  const { t } = useTranslation();
  // Progress counts every record committed, whatever became of it (stored,
  // already held, invalid): a pull passing reads the case holds still moves.
  const pct =
    pull.total > 0
      ? Math.min(100, (pull.received / pull.total) * 100)
      : pull.state === 'done'
        ? 100
        : 0;
  const active = pull.state === 'running' || pull.state === 'retrying';
  return (
    <div className={`pull pull-${pull.state}`} data-testid="pull" data-state={pull.state}>
      <div className="pull-head">
        <strong>{t(`pull.state.${pull.state}`)}</strong>
        <span data-testid="pull-count">
          {active
            ? t('detective.pull.received', {
                received: formatCount(pull.received),
                total: formatCount(pull.total),
              })
            : outcomeText(pull, t)}
        </span>
        {active && pull.ratePerSecond > 0 && (
          <span className="muted" data-testid="pull-rate">
            {t('pull.rate', { rate: formatCount(Math.round(pull.ratePerSecond)) })}
            {pull.etaSeconds !== null &&
              ` · ${t('pull.eta', { eta: formatDuration(pull.etaSeconds, t) })}`}
          </span>
        )}
      </div>
      <progress max={100} value={pct} aria-label={t('pull.progress')} />
      {pull.withheld.count > 0 && (
        <p className="notice notice-warn" data-testid="pull-withheld">
          {t('pull.withheld', { count: pull.withheld.count })} {pull.withheld.message}
        </p>
      )}
      {pull.invalid > 0 && (
        <details className="notice notice-danger" data-testid="pull-invalid">
          <summary>{t('pull.invalid', { count: pull.invalid })}</summary>
          <ul>
            {pull.invalidSamples.map((s) => (
              <li key={s.lineNumber}>
                {t('pull.line', { line: s.lineNumber })}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {pull.error && (
        <p className="notice notice-danger" role="alert">
          {pull.error}
        </p>
      )}
      <div className="pull-actions">
        {active && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void api['pulls.cancel']({ pullId: pull.pullId }).then(onChange)}
          >
            {t('pull.cancel')}
          </button>
        )}
        {(pull.state === 'failed' || pull.state === 'cancelled') && pull.received < pull.total && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void api['pulls.resume']({ pullId: pull.pullId }).then(onChange)}
          >
            {t('pull.resume')}
          </button>
        )}
      </div>
    </div>
  );
}
