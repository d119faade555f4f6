import { useTranslation } from 'react-i18next';
import type { Flag, OversightSummary } from '../../../../common/oversight-api.ts';
import { formatCount } from '../../format.ts';
import { Sparkline } from './Charts.tsx';
import { FlagCard } from './Flags.tsx';

/** Who did how much in the period, and what deserves a look. */
export function OverviewTab({
  summary,
  onOpenOfficer,
  onExplore,
  onSample,
}: {
  summary: OversightSummary;
  onOpenOfficer: (officerId: string) => void;
  onExplore: (flag: Flag) => void;
  onSample: (flag: Flag) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="ov-overview">
      <section className="panel ov-officers" aria-labelledby="officers-title">
        <div className="panel-head">
          <h2 id="officers-title">{t('oversight.overview.officers')}</h2>
          <span className="muted">
            {t('oversight.overview.examined', { count: summary.entriesExamined })}
          </span>
        </div>
        <div className="ov-table-wrap">
          <table className="ov-table" data-testid="officer-table">
            <thead>
              <tr>
                <th scope="col">{t('oversight.overview.officer')}</th>
                <th scope="col" className="num">
                  {t('oversight.metric.queries')}
                </th>
                <th scope="col" className="num">
                  {t('oversight.metric.distinctPlates')}
                </th>
                <th scope="col" className="num">
                  {t('oversight.metric.distinctCases')}
                </th>
                <th scope="col" className="num">
                  {t('oversight.metric.exports')}
                </th>
                <th scope="col" className="num">
                  {t('oversight.metric.refused')}
                </th>
                <th scope="col" className="num">
                  {t('oversight.metric.outOfHours')}
                </th>
                <th scope="col">{t('oversight.overview.perDay')}</th>
                <th scope="col">{t('oversight.overview.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.officers.map((o) => (
                <tr key={o.officer.id} data-testid={`officer-row-${o.officer.username}`}>
                  <th scope="row">
                    <button
                      type="button"
                      className="ov-link"
                      onClick={() => onOpenOfficer(o.officer.id)}
                    >
                      {o.officer.displayName}
                    </button>
                    <span className="muted ov-username">{o.officer.username}</span>
                  </th>
                  <td className="num">{formatCount(o.totals.queries)}</td>
                  <td className="num">{formatCount(o.totals.distinctPlates)}</td>
                  <td className="num">{formatCount(o.totals.distinctCases)}</td>
                  <td className="num">{formatCount(o.totals.exports)}</td>
                  <td className={`num${o.totals.refused > 0 ? ' ov-warn-text' : ''}`}>
                    {formatCount(o.totals.refused)}
                  </td>
                  <td className={`num${o.totals.outOfHours > 0 ? ' ov-warn-text' : ''}`}>
                    {formatCount(o.totals.outOfHours)}
                  </td>
                  <td>
                    <Sparkline
                      values={o.queriesPerDay}
                      label={t('oversight.overview.sparkLabel', { name: o.officer.displayName })}
                    />
                  </td>
                  <td>
                    {o.flags > 0 ? (
                      <span className={`ov-count-badge${o.highFlags > 0 ? ' ov-count-high' : ''}`}>
                        {o.flags}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="ov-flags" aria-labelledby="flags-title">
        <h2 id="flags-title">
          {t('oversight.overview.flagsTitle')}{' '}
          <span className="muted">({summary.flags.length})</span>
        </h2>
        <p className="muted ov-flags-intro">{t('oversight.overview.flagsIntro')}</p>
        {summary.flags.length === 0 ? (
          <p className="panel muted">{t('oversight.overview.noFlags')}</p>
        ) : (
          <div className="ov-flag-list" data-testid="flag-list">
            {summary.flags.map((f) => (
              <FlagCard key={f.id} flag={f} onExplore={onExplore} onSample={onSample} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
