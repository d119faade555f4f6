import { useTranslation } from 'react-i18next';
import type { ChainStatusView } from '../../../../common/oversight-api.ts';
import { api } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { ErrorNotice, Time } from './parts.tsx';
import { useLoad } from './util.ts';

/** Whether the platform's chain and every workstation's chain verify; gaps and the first bad entry. */
export function ChainsTab() {
  const { t } = useTranslation();
  const chains = useLoad(() => api['oversight.chains']({}), []);
  const list = chains.value?.chains ?? [];
  const broken = list.filter((c) => !c.ok).length;
  return (
    <div className="ov-chains">
      <div className="panel ov-toolbar">
        <div>
          {chains.value && (
            <strong
              data-testid="chains-summary"
              className={broken ? 'ov-danger-text' : 'ov-ok-text'}
            >
              {broken
                ? t('oversight.chains.broken', { count: broken })
                : t('oversight.chains.allOk', { count: list.length })}
            </strong>
          )}
          {chains.value && (
            <span className="muted">
              {' '}
              · {t('oversight.chains.checked')} <Time iso={chains.value.checkedAt} />
            </span>
          )}
        </div>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void chains.reload()}
          disabled={chains.loading}
          data-testid="chains-verify"
        >
          {t('oversight.chains.verify')}
        </button>
      </div>
      <ErrorNotice error={chains.error} />
      <section className="panel ov-table-panel">
        <table className="ov-table" data-testid="chain-table">
          <thead>
            <tr>
              <th scope="col">{t('oversight.chains.chain')}</th>
              <th scope="col">{t('oversight.chains.officer')}</th>
              <th scope="col" className="num">
                {t('oversight.chains.entries')}
              </th>
              <th scope="col" className="num">
                {t('oversight.chains.head')}
              </th>
              <th scope="col">{t('oversight.chains.status')}</th>
              <th scope="col">{t('oversight.chains.gaps')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr
                key={c.chain}
                data-testid={`chain-${c.chain}`}
                data-ok={String(c.ok)}
                className={c.ok ? undefined : 'ov-row-broken'}
              >
                <th scope="row">
                  {c.kind === 'platform'
                    ? t('oversight.chains.platform')
                    : t('oversight.chains.workstation')}
                  <div className="muted ov-ref">{c.chain}</div>
                </th>
                <td>{c.officer ?? '—'}</td>
                <td className="num">{formatCount(c.count)}</td>
                <td className="num">{c.headSeq ?? '—'}</td>
                <td>
                  {c.ok ? (
                    <span className="tag ov-outcome-allowed">{t('oversight.chains.ok')}</span>
                  ) : (
                    <div data-testid="chain-problem">
                      <span className="tag ov-outcome-denied">
                        {t(`oversight.chains.problem.${c.problem ?? 'edited'}`)}
                      </span>{' '}
                      <strong>
                        {t('oversight.chains.firstBad', { seq: c.firstBadSeq ?? '?' })}
                      </strong>
                      <div className="muted ov-reason">{c.message}</div>
                    </div>
                  )}
                  {c.witnesses && <Witnesses w={c.witnesses} />}
                </td>
                <td>
                  {c.gaps.length === 0
                    ? '—'
                    : c.gaps.map((g) => (
                        <div key={g.fromSeq} className="ov-warn-text">
                          {t('oversight.chains.gap', { from: g.fromSeq, to: g.toSeq })}
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted ov-table-note">{t('oversight.chains.explain')}</p>
        <p className="muted ov-table-note">{t('oversight.chains.witnessExplain')}</p>
      </section>
    </div>
  );
}

/** The platform chain against the checkpoints workstations hold of it (#15). */
function Witnesses({ w }: { w: NonNullable<ChainStatusView['witnesses']> }) {
  const { t } = useTranslation();
  const first = w.firstInconsistency;
  if (w.count === 0) {
    return (
      <div className="muted" data-testid="chain-witnesses">
        {t('oversight.chains.notWitnessed')}
      </div>
    );
  }
  return (
    <div data-testid="chain-witnesses" data-consistent={String(w.consistent)}>
      <span className={w.consistent ? 'ov-ok-text' : 'ov-danger-text'}>
        {t(w.consistent ? 'oversight.chains.witnessed' : 'oversight.chains.witnessedBroken', {
          count: w.count,
        })}
      </span>
      {first && (
        <div className="muted ov-reason" data-testid="chain-witness-inconsistency">
          {t('oversight.chains.firstInconsistency', {
            device: first.deviceId,
            officer: first.officer ?? '—',
            size: first.size,
          })}{' '}
          <Time iso={first.reportedAt} />.
        </div>
      )}
    </div>
  );
}
