import { useTranslation } from 'react-i18next';
import type { OfficerSummary } from '../../../../common/oversight-api.ts';
import { api } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { BarChart } from './Charts.tsx';
import { FlagCard } from './Flags.tsx';
import { ErrorNotice, Stat } from './parts.tsx';
import { useLoad } from './util.ts';

/** One officer's activity per day, against their own usual volume. */
export function ActivityTab({
  officers,
  officerId,
  onOfficer,
  period,
}: {
  officers: readonly OfficerSummary[];
  officerId: string | null;
  onOfficer: (id: string) => void;
  period: { from: string; to: string };
}) {
  const { t } = useTranslation();
  const activity = useLoad(
    async () => (officerId ? api['oversight.activity']({ officerId, ...period }) : null),
    [officerId, period.from, period.to],
  );
  const a = activity.value;
  const labels = a?.days.map((d) => d.day) ?? [];
  const series = (k: 'queries' | 'distinctPlates' | 'distinctCases' | 'exports' | 'refused') =>
    a?.days.map((d) => d[k]) ?? [];
  return (
    <div className="ov-activity">
      <div className="panel ov-toolbar">
        <label className="field ov-inline">
          <span>{t('oversight.activity.officer')}</span>
          <select
            value={officerId ?? ''}
            onChange={(e) => onOfficer(e.target.value)}
            data-testid="activity-officer"
          >
            <option value="" disabled>
              {t('oversight.activity.pick')}
            </option>
            {officers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.displayName} ({o.username})
              </option>
            ))}
          </select>
        </label>
        {a && (
          <span className="muted">
            {a.baseline.queriesPerDay > 0
              ? t('oversight.activity.baseline', {
                  value: a.baseline.queriesPerDay,
                  weeks: a.baseline.weeks,
                })
              : t('oversight.activity.noBaseline', { weeks: a.baseline.weeks })}
          </span>
        )}
      </div>
      <ErrorNotice error={activity.error} />
      {!officerId && <p className="panel muted">{t('oversight.activity.pickHint')}</p>}
      {a && (
        <>
          <dl className="stats ov-stats-6" data-testid="activity-totals">
            <Stat label={t('oversight.metric.queries')} value={formatCount(a.totals.queries)} />
            <Stat
              label={t('oversight.metric.distinctPlates')}
              value={formatCount(a.totals.distinctPlates)}
            />
            <Stat
              label={t('oversight.metric.distinctCases')}
              value={formatCount(a.totals.distinctCases)}
            />
            <Stat label={t('oversight.metric.exports')} value={formatCount(a.totals.exports)} />
            <Stat label={t('oversight.metric.refused')} value={formatCount(a.totals.refused)} />
            <Stat
              label={t('oversight.metric.outOfHours')}
              value={formatCount(a.totals.outOfHours)}
            />
          </dl>
          <div className="ov-charts" data-testid="activity-charts">
            <BarChart
              title={t('oversight.chart.queries')}
              values={series('queries')}
              labels={labels}
              reference={{
                value: a.baseline.queriesPerDay,
                label: t('oversight.activity.baseline', {
                  value: a.baseline.queriesPerDay,
                  weeks: a.baseline.weeks,
                }),
              }}
              testId="chart-queries"
            />
            <BarChart
              title={t('oversight.chart.distinctPlates')}
              values={series('distinctPlates')}
              labels={labels}
              total={a.totals.distinctPlates}
            />
            <BarChart
              title={t('oversight.chart.distinctCases')}
              values={series('distinctCases')}
              labels={labels}
              total={a.totals.distinctCases}
            />
            <BarChart
              title={t('oversight.chart.exports')}
              values={series('exports')}
              labels={labels}
              tone="warn"
            />
            <BarChart
              title={t('oversight.chart.refused')}
              values={series('refused')}
              labels={labels}
              tone="danger"
            />
          </div>
          <section aria-labelledby="officer-flags">
            <h2 id="officer-flags">{t('oversight.activity.flags', { count: a.flags.length })}</h2>
            {a.flags.length === 0 ? (
              <p className="muted">{t('oversight.overview.noFlags')}</p>
            ) : (
              <div className="ov-flag-list ov-flag-grid">
                {a.flags.map((f) => (
                  <FlagCard key={f.id} flag={f} showOfficer={false} />
                ))}
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
