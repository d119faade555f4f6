import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionStatus } from '../../../../common/api/contract.ts';
import type { Flag } from '../../../../common/oversight-api.ts';
import { api } from '../../api.ts';
import { workstationNow } from '../../clock.ts';
import { ActivityTab } from './ActivityTab.tsx';
import { ChainsTab } from './ChainsTab.tsx';
import { ExplorerTab, type ExplorerFilter } from './ExplorerTab.tsx';
import { OverviewTab } from './OverviewTab.tsx';
import { ErrorNotice, TabPanel, Tabs, Time } from './parts.tsx';
import { SamplesTab } from './SamplesTab.tsx';
import { DAY_MS, dateInput, useLoad } from './util.ts';
import './oversight.css';

type Tab = 'overview' | 'activity' | 'explorer' | 'samples' | 'chains';

/** The chosen days as instants, ending no later than `now` (the workstation's). */
function periodOf(fromDay: string, toDay: string, now: Date): { from: string; to: string } {
  const from = new Date(`${fromDay}T00:00`);
  const end = new Date(`${toDay}T23:59:59.999`);
  return { from: from.toISOString(), to: (end > now ? now : end).toISOString() };
}

/**
 * The supervisor's workspace: activity and flags per officer, the audit
 * explorer, random sample checks and the state of every audit chain.
 * Metadata only: opening a plate is a logged act with its own reason.
 */
export function SupervisorWorkspace({ session }: { info: AppInfo; session: SessionStatus }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('overview');
  // Default period: the last 30 days on the workstation's clock, not the browser's.
  const [fromDay, setFromDay] = useState(() =>
    dateInput(new Date(workstationNow().getTime() - 30 * DAY_MS)),
  );
  const [toDay, setToDay] = useState(() => dateInput(workstationNow()));
  const [officerId, setOfficerId] = useState<string | null>(null);
  const [explorerFilter, setExplorerFilter] = useState<ExplorerFilter>({});
  const [samplePreset, setSamplePreset] = useState<string | null>(null);
  // Fixed when the days change, so 'today' does not move under the loaders at every render.
  const period = useMemo(() => periodOf(fromDay, toDay, workstationNow()), [fromDay, toDay]);

  const officers = useLoad(() => api['oversight.officers']({}), []);
  const cases = useLoad(() => api['oversight.cases']({}), []);
  const summary = useLoad(() => api['oversight.summary'](period), [period.from, period.to]);
  const due = useLoad(() => api['samples.due']({}), [tab]);

  const preset = (days: number) => {
    const now = workstationNow();
    setFromDay(dateInput(new Date(now.getTime() - days * DAY_MS)));
    setToDay(dateInput(now));
  };
  const explore = (f: Flag) => {
    setExplorerFilter({ officerId: f.officerId, from: f.firstAt, to: f.lastAt });
    setTab('explorer');
  };
  const sample = (f: Flag) => {
    setSamplePreset(f.officerId);
    setTab('samples');
  };
  const flagCount = summary.value?.flags.length ?? null;
  const people = officers.value?.officers ?? [];

  return (
    <div className="ov-supervisor" data-testid="workspace-supervisor">
      <header className="ov-head">
        <div>
          <h1>{t('oversight.supervisor.title')}</h1>
          <p className="muted">{t('oversight.supervisor.intro')}</p>
        </div>
        <div className="ov-period" role="group" aria-label={t('oversight.period.label')}>
          <label className="field">
            <span>{t('oversight.period.from')}</span>
            <input
              type="date"
              value={fromDay}
              max={toDay}
              onChange={(e) => e.target.value && setFromDay(e.target.value)}
              data-testid="period-from"
            />
          </label>
          <label className="field">
            <span>{t('oversight.period.to')}</span>
            <input
              type="date"
              value={toDay}
              min={fromDay}
              onChange={(e) => e.target.value && setToDay(e.target.value)}
            />
          </label>
          <div className="ov-presets">
            {[7, 30, 90].map((d) => (
              <button key={d} type="button" className="btn btn-small" onClick={() => preset(d)}>
                {t('oversight.period.last', { count: d })}
              </button>
            ))}
          </div>
        </div>
      </header>
      {due.value?.due && (
        <div className="notice notice-warn ov-due" role="status" data-testid="sample-due">
          <span>
            {due.value.lastCompletedAt ? (
              <>
                {t('oversight.due.overdue', { days: due.value.intervalDays })}{' '}
                <Time iso={due.value.lastCompletedAt} />
              </>
            ) : (
              t('oversight.due.never')
            )}
          </span>
          {tab !== 'samples' && (
            <button type="button" className="btn btn-small" onClick={() => setTab('samples')}>
              {t('oversight.due.start')}
            </button>
          )}
        </div>
      )}
      <Tabs<Tab>
        label={t('oversight.supervisor.title')}
        active={tab}
        onChange={setTab}
        tabs={[
          { id: 'overview', label: t('oversight.tabs.overview'), badge: flagCount },
          { id: 'activity', label: t('oversight.tabs.activity') },
          { id: 'explorer', label: t('oversight.tabs.explorer') },
          { id: 'samples', label: t('oversight.tabs.samples') },
          { id: 'chains', label: t('oversight.tabs.chains') },
        ]}
      />
      <TabPanel id={tab}>
        {tab === 'overview' && (
          <>
            <ErrorNotice error={summary.error} />
            {!summary.value && !summary.error && <p className="muted">{t('common.loading')}</p>}
            {summary.value && (
              <OverviewTab
                summary={summary.value}
                onOpenOfficer={(id) => {
                  setOfficerId(id);
                  setTab('activity');
                }}
                onExplore={explore}
                onSample={sample}
              />
            )}
          </>
        )}
        {tab === 'activity' && (
          <ActivityTab
            officers={people}
            officerId={officerId}
            onOfficer={setOfficerId}
            period={period}
          />
        )}
        {tab === 'explorer' && (
          <ExplorerTab
            officers={people}
            cases={cases.value?.cases ?? []}
            filter={explorerFilter}
            onFilter={setExplorerFilter}
          />
        )}
        {tab === 'samples' && (
          <SamplesTab
            officers={people}
            period={period}
            preset={samplePreset}
            selfId={session.officer?.id ?? ''}
          />
        )}
        {tab === 'chains' && <ChainsTab />}
      </TabPanel>
    </div>
  );
}
