import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../../common/api/contract.ts';
import { api } from '../../api.ts';
import { TabPanel, Tabs } from '../oversight/parts.tsx';
import { useLoad } from '../oversight/util.ts';
import { CamerasTab } from './CamerasTab.tsx';
import { CasesTab, type CaseFilter } from './CasesTab.tsx';
import { HotlistsTab } from './HotlistsTab.tsx';
import { OfficersTab } from './OfficersTab.tsx';
import { registerAdminMessages } from './parts.tsx';
import { RecipientsTab } from './RecipientsTab.tsx';
import '../oversight/oversight.css';
import './admin.css';

type Tab = 'officers' | 'cases' | 'cameras' | 'hotlists' | 'recipients';

/**
 * The administrator's workspace (#14 item 7): officer accounts, cases, the
 * camera register and outages, hotlists and targeted operations, and the recipient register, kept through the platform's administration API. The platform checks the
 * role and logs every change with its justification; this screen shows its
 * refusals as they come (they name the field at fault).
 */
export function AdminWorkspace({ info }: { info: AppInfo }) {
  registerAdminMessages();
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('officers');
  const [filter, setFilter] = useState<CaseFilter>('open');
  const officers = useLoad(() => api['admin.officers']({}), []);
  const bases = useLoad(() => api['admin.legalBases']({}), []);
  const cases = useLoad(
    () => api['admin.cases'](filter === 'all' ? {} : { status: filter }),
    [filter],
  );
  const recipients = useLoad(
    () => (tab === 'recipients' ? api['admin.recipients']({}) : Promise.resolve(null)),
    [tab],
  );
  // Case numbers for the disclosures listed under a recipient (all cases, closed ones too).
  const allCases = useLoad(
    () => (tab === 'recipients' ? api['admin.cases']({}) : Promise.resolve(null)),
    [tab],
  );
  const people = officers.value?.officers ?? [];

  return (
    <div className="ov-supervisor adm-workspace" data-testid="workspace-admin">
      <header className="ov-head">
        <div>
          <h1>{t('admin.title')}</h1>
          <p className="muted">{t('admin.intro')}</p>
        </div>
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            void Promise.all([
              officers.reload(),
              cases.reload(),
              bases.reload(),
              recipients.reload(),
            ])
          }
          data-testid="admin-refresh"
        >
          {t('admin.refresh')}
        </button>
      </header>
      <Tabs<Tab>
        label={t('admin.title')}
        active={tab}
        onChange={setTab}
        tabs={[
          { id: 'officers', label: t('admin.tabs.officers') },
          { id: 'cases', label: t('admin.tabs.cases') },
          { id: 'cameras', label: t('admin.tabs.cameras') },
          { id: 'hotlists', label: t('admin.tabs.hotlists') },
          { id: 'recipients', label: t('admin.tabs.recipients') },
        ]}
      />
      <TabPanel id={tab}>
        {tab === 'officers' && (
          <OfficersTab officers={people} error={officers.error} onChanged={officers.reload} />
        )}
        {tab === 'cases' && (
          <CasesTab
            cases={cases.value?.cases ?? []}
            officers={people}
            bases={bases.value?.legalBases ?? []}
            error={cases.error ?? officers.error ?? bases.error}
            filter={filter}
            onFilter={setFilter}
            onChanged={cases.reload}
          />
        )}
        {tab === 'cameras' && <CamerasTab />}
        {tab === 'hotlists' && <HotlistsTab policy={info.policyPack} />}
        {tab === 'recipients' && (
          <RecipientsTab
            recipients={recipients.value?.recipients ?? []}
            error={recipients.error ?? officers.error}
            officers={people}
            cases={allCases.value?.cases ?? []}
            onChanged={async () => {
              await recipients.reload();
            }}
          />
        )}
      </TabPanel>
    </div>
  );
}
