import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AdminHotlist,
  AdminHotlistEntry,
  AdminOperation,
} from '../../../../common/api/admin-contract.ts';
import type { AppInfo } from '../../../../common/api/contract.ts';
import { POLICY_PACKS } from '../../../../common/policy.ts';
import { api } from '../../api.ts';
import { workstationNow } from '../../clock.ts';
import { ErrorNotice, Modal, Time } from '../oversight/parts.tsx';
import { fromLocalInput, localInput, useLoad } from '../oversight/util.ts';
import { ChangeForm, DoneNotice, KeyTable } from './parts.tsx';

/**
 * Hotlists as the courts require them (#14 item 4): each list with owner,
 * legal basis, purpose, category and expiry; entries with their own reason
 * and validity, closed and never deleted; a re-run against retained reads.
 * Below, the targeted operations (#14 item 5), which can be ended early.
 * The justification typed is each change's recorded reason.
 */
export function HotlistsTab({ policy }: { policy: AppInfo['policyPack'] }) {
  const { t, i18n } = useTranslation();
  const hotlists = useLoad(() => api['admin.hotlists']({}), []);
  const operations = useLoad(() => api['admin.operations']({}), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const categories = POLICY_PACKS[policy].hotlistCategories?.categories ?? [];
  const categoryLabel = (id: number | null) => {
    const c = categories.find((x) => x.id === id);
    if (!c) return id === null ? '—' : String(id);
    return `${id}. ${(c.label as Record<string, string | undefined>)[i18n.language] ?? c.label.en}`;
  };
  const lists = hotlists.value?.hotlists ?? [];
  const chosen = lists.find((h) => h.id === selected) ?? null;
  const finished = async (what: string) => {
    await Promise.all([hotlists.reload(), operations.reload()]);
    setDone(what);
  };

  return (
    <>
      <div className="panel ov-toolbar">
        <span className="muted">{t('admin.hotlists.intro')}</span>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setCreating(true)}
          data-testid="hotlist-new"
        >
          {t('admin.hotlists.new')}
        </button>
      </div>
      <ErrorNotice error={hotlists.error ?? operations.error} />
      <DoneNotice text={done} onClose={() => setDone(null)} />
      <div className="adm-split">
        <section className="panel adm-list" aria-labelledby="adm-hotlists-caption">
          <h2 id="adm-hotlists-caption" className="ov-subhead">
            {t('admin.hotlists.caption', { count: lists.length })}
          </h2>
          <KeyTable
            rows={lists}
            keyOf={(h) => h.id}
            selected={selected}
            onSelect={(h) => setSelected(h.id)}
            caption={t('admin.hotlists.caption', { count: lists.length })}
            testId="hotlists-table"
            head={
              <tr>
                <th scope="col">{t('admin.hotlists.name')}</th>
                <th scope="col">{t('admin.hotlists.category')}</th>
                <th scope="col" className="num">
                  {t('admin.hotlists.entries')}
                </th>
                <th scope="col">{t('admin.hotlists.expires')}</th>
              </tr>
            }
            row={(h) => (
              <>
                <th scope="row">
                  <span data-testid="hotlist-row-name">{h.name}</span>
                  <span className="ov-username muted">{h.owner ?? h.source}</span>
                </th>
                <td>{categoryLabel(h.category)}</td>
                <td className="num">{h.entries.open}</td>
                <td>
                  {h.status === 'expired' ? (
                    <span className="tag adm-state-disabled">{t('admin.hotlists.expired')}</span>
                  ) : h.expiresAt ? (
                    <Time iso={h.expiresAt} />
                  ) : (
                    <span className="muted">{t('admin.hotlists.noExpiry')}</span>
                  )}
                </td>
              </>
            )}
          />
        </section>
        <section className="panel adm-detail" aria-live="polite">
          {chosen ? (
            <HotlistDetail
              key={chosen.id}
              list={chosen}
              category={categoryLabel(chosen.category)}
              onDone={finished}
            />
          ) : (
            <p className="muted">{t('admin.hotlists.pick')}</p>
          )}
        </section>
      </div>
      <Operations operations={operations.value?.operations ?? []} lists={lists} onDone={finished} />
      {creating && (
        <Modal
          labelledBy="adm-create-hotlist"
          onCancel={() => setCreating(false)}
          testId="hotlist-create"
          wide
        >
          <div className="form adm-modal">
            <h2 id="adm-create-hotlist">{t('admin.hotlists.createTitle')}</h2>
            <CreateHotlist
              categories={categories.map((c) => ({
                id: c.id,
                label: categoryLabel(c.id),
                legalBasis: c.legalBasis,
              }))}
              onCancel={() => setCreating(false)}
              onCreated={async (created) => {
                setCreating(false);
                setSelected(created.id);
                await finished(t('admin.hotlists.created', { name: created.name }));
              }}
            />
          </div>
        </Modal>
      )}
    </>
  );
}

function CreateHotlist({
  categories,
  onCancel,
  onCreated,
}: {
  categories: ReadonlyArray<{ id: number; label: string; legalBasis: string }>;
  onCancel: () => void;
  onCreated: (created: AdminHotlist) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [category, setCategory] = useState<number | null>(null);
  const [legalBasis, setLegalBasis] = useState('');
  const [purpose, setPurpose] = useState('');
  const [expires, setExpires] = useState('');
  return (
    <ChangeForm
      testId="hotlist-create-form"
      submit={t('admin.hotlists.create')}
      onCancel={onCancel}
      ready={name.trim() !== '' && category !== null}
      run={async (reason) => {
        const created = await api['admin.createHotlist']({
          name,
          owner,
          legalBasis,
          purpose,
          category: category ?? 0,
          expiresAt: fromLocalInput(expires),
          reason,
        });
        await onCreated(created);
      }}
    >
      <div className="field-row">
        <label className="field">
          <span>{t('admin.hotlists.name')}</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="hotlist-create-name"
          />
        </label>
        <label className="field">
          <span>{t('admin.hotlists.owner')}</span>
          <input
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
            data-testid="hotlist-create-owner"
          />
        </label>
      </div>
      <label className="field">
        <span>{t('admin.hotlists.category')}</span>
        <select
          value={category ?? ''}
          onChange={(e) => {
            const id = Number(e.target.value) || null;
            setCategory(id);
            // The category's provision, as a start the administrator makes more specific.
            const c = categories.find((x) => x.id === id);
            if (c && !legalBasis) setLegalBasis(c.legalBasis);
          }}
          data-testid="hotlist-create-category"
        >
          <option value="">{t('admin.hotlists.categoryPick')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('admin.hotlists.legalBasis')}</span>
        <input
          value={legalBasis}
          onChange={(e) => setLegalBasis(e.target.value)}
          data-testid="hotlist-create-basis"
        />
      </label>
      <label className="field">
        <span>{t('admin.hotlists.purpose')}</span>
        <textarea
          rows={2}
          value={purpose}
          onChange={(e) => setPurpose(e.target.value)}
          data-testid="hotlist-create-purpose"
        />
      </label>
      <label className="field">
        <span>{t('admin.hotlists.expiresInput')}</span>
        <input
          type="datetime-local"
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
          data-testid="hotlist-create-expires"
        />
      </label>
    </ChangeForm>
  );
}

function HotlistDetail({
  list,
  category,
  onDone,
}: {
  list: AdminHotlist;
  category: string;
  onDone: (what: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const entries = useLoad(() => api['admin.hotlistEntries']({ hotlistId: list.id }), [list]);
  const [plate, setPlate] = useState('');
  const [country, setCountry] = useState('');
  const [entryReason, setEntryReason] = useState('');
  const [from, setFrom] = useState(() => localInput(workstationNow()));
  const [until, setUntil] = useState('');
  const [rerun, setRerun] = useState<{ examined: number; hits: number } | null>(null);
  const rows = entries.value?.entries ?? [];
  return (
    <div className="adm-detail-body" data-testid="hotlist-detail">
      <header>
        <h2>{list.name}</h2>
        <p className="muted">{category}</p>
      </header>
      <dl className="facts facts-wide">
        <dt>{t('admin.hotlists.owner')}</dt>
        <dd>{list.owner ?? '—'}</dd>
        <dt>{t('admin.hotlists.legalBasis')}</dt>
        <dd>{list.legalBasis ?? '—'}</dd>
        <dt>{t('admin.hotlists.purpose')}</dt>
        <dd>{list.purpose ?? '—'}</dd>
        <dt>{t('admin.hotlists.units')}</dt>
        <dd>{list.unitIds.length ? list.unitIds.join(', ') : t('admin.hotlists.allUnits')}</dd>
      </dl>
      <h3 className="ov-subhead">
        {t('admin.hotlists.entriesTitle', { open: list.entries.open, closed: list.entries.closed })}
      </h3>
      <ErrorNotice error={entries.error} />
      {rows.length > 0 && (
        <ul className="adm-assigned" data-testid="hotlist-entries">
          {rows.map((e) => (
            <EntryItem key={e.id} entry={e} list={list} onDone={onDone} />
          ))}
        </ul>
      )}
      <h3 className="ov-subhead">{t('admin.hotlists.addEntry')}</h3>
      <ChangeForm
        testId="hotlist-entry-add"
        submit={t('admin.hotlists.addEntry')}
        ready={plate.trim() !== '' && from !== ''}
        run={async (reason) => {
          await api['admin.addHotlistEntry']({
            hotlistId: list.id,
            plate,
            country: country.trim() ? country.trim().toUpperCase() : null,
            entryReason,
            validFrom: fromLocalInput(from) ?? '',
            validUntil: fromLocalInput(until),
            reason,
          });
          setPlate('');
          setEntryReason('');
          await entries.reload();
          await onDone(t('admin.hotlists.entryAdded', { plate, name: list.name }));
        }}
      >
        <div className="field-row">
          <label className="field">
            <span>{t('admin.hotlists.plate')}</span>
            <input
              value={plate}
              onChange={(e) => setPlate(e.target.value)}
              data-testid="hotlist-entry-plate"
            />
          </label>
          <label className="field">
            <span>{t('admin.hotlists.country')}</span>
            <input
              value={country}
              maxLength={2}
              onChange={(e) => setCountry(e.target.value)}
              data-testid="hotlist-entry-country"
            />
          </label>
        </div>
        <label className="field">
          <span>{t('admin.hotlists.entryReason')}</span>
          <input
            value={entryReason}
            onChange={(e) => setEntryReason(e.target.value)}
            data-testid="hotlist-entry-reason"
          />
        </label>
        <div className="field-row">
          <label className="field">
            <span>{t('admin.hotlists.validFrom')}</span>
            <input
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              data-testid="hotlist-entry-from"
            />
          </label>
          <label className="field">
            <span>{t('admin.hotlists.validUntil')}</span>
            <input
              type="datetime-local"
              value={until}
              onChange={(e) => setUntil(e.target.value)}
              data-testid="hotlist-entry-until"
            />
          </label>
        </div>
      </ChangeForm>
      <h3 className="ov-subhead">{t('admin.hotlists.rerunTitle')}</h3>
      {rerun && (
        <p className="notice ov-notice-ok" role="status" data-testid="hotlist-rerun-result">
          {t('admin.hotlists.rerunResult', rerun)}
        </p>
      )}
      <ChangeForm
        testId="hotlist-rerun"
        hint={t('admin.hotlists.rerunHint')}
        submit={t('admin.hotlists.rerun')}
        run={async (reason) => {
          const report = await api['admin.rerunHotlist']({ hotlistId: list.id, reason });
          setRerun({ examined: report.examined, hits: report.hits });
          await onDone(t('admin.hotlists.rerunDone', { name: list.name }));
        }}
      />
    </div>
  );
}

function EntryItem({
  entry,
  list,
  onDone,
}: {
  entry: AdminHotlistEntry;
  list: AdminHotlist;
  onDone: (what: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const label = (
    <>
      <strong className="ov-plate">{entry.plate}</strong>
      {entry.country && ` (${entry.country})`} · {entry.reason} · <Time iso={entry.validFrom} />
      {entry.validUntil && (
        <>
          {' – '}
          <Time iso={entry.validUntil} />
        </>
      )}
    </>
  );
  if (entry.closedAt)
    return (
      <li className="muted" data-testid="hotlist-entry">
        {label} · {t('admin.hotlists.closedOn')} <Time iso={entry.closedAt} />
      </li>
    );
  return (
    <li data-testid="hotlist-entry">
      <details>
        <summary>
          {label}
          <span className="muted"> · {t('admin.hotlists.closeEntry')}</span>
        </summary>
        <ChangeForm
          testId={`hotlist-entry-close-${entry.id}`}
          danger
          hint={t('admin.hotlists.closeHint')}
          submit={t('admin.hotlists.closeEntry')}
          run={async (reason) => {
            await api['admin.closeHotlistEntry']({ hotlistId: list.id, entryId: entry.id, reason });
            await onDone(t('admin.hotlists.entryClosed', { plate: entry.plate }));
          }}
        />
      </details>
    </li>
  );
}

function Operations({
  operations,
  lists,
  onDone,
}: {
  operations: readonly AdminOperation[];
  lists: readonly AdminHotlist[];
  onDone: (what: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const chosen = operations.find((o) => o.id === selected) ?? null;
  const listName = (id: string) => lists.find((l) => l.id === id)?.name ?? id;
  return (
    <div className="adm-split">
      <section className="panel adm-list" aria-labelledby="adm-operations-caption">
        <h2 id="adm-operations-caption" className="ov-subhead">
          {t('admin.operations.caption', { count: operations.length })}
        </h2>
        {operations.length === 0 ? (
          <p className="muted">{t('admin.operations.empty')}</p>
        ) : (
          <KeyTable
            rows={operations}
            keyOf={(o) => o.id}
            selected={selected}
            onSelect={(o) => setSelected(o.id)}
            caption={t('admin.operations.caption', { count: operations.length })}
            testId="operations-table"
            head={
              <tr>
                <th scope="col">{t('admin.operations.name')}</th>
                <th scope="col">{t('admin.operations.period')}</th>
                <th scope="col">{t('admin.operations.status')}</th>
              </tr>
            }
            row={(o) => (
              <>
                <th scope="row">{o.name}</th>
                <td>
                  <Time iso={o.validFrom} /> – <Time iso={o.validTo} />
                </td>
                <td>
                  <span
                    className={`tag ${o.status === 'ended' ? 'adm-state-disabled' : 'adm-state-active'}`}
                  >
                    {t(`admin.operations.${o.status}`)}
                  </span>
                </td>
              </>
            )}
          />
        )}
      </section>
      <section className="panel adm-detail" aria-live="polite">
        {chosen ? (
          <div className="adm-detail-body" data-testid="operation-detail">
            <h2>{chosen.name}</h2>
            <dl className="facts facts-wide">
              <dt>{t('admin.operations.units')}</dt>
              <dd>{chosen.unitIds?.join(', ') ?? t('admin.operations.area')}</dd>
              <dt>{t('admin.operations.lists')}</dt>
              <dd>{chosen.hotlistIds.map(listName).join(', ') || '—'}</dd>
              <dt>{t('admin.operations.decidedBy')}</dt>
              <dd>{chosen.decidedBy}</dd>
              {chosen.endedAt && (
                <>
                  <dt>{t('admin.operations.ended')}</dt>
                  <dd>
                    <Time iso={chosen.endedAt} /> · {chosen.endReason}
                  </dd>
                </>
              )}
            </dl>
            {chosen.status !== 'ended' && (
              <ChangeForm
                key={chosen.id}
                testId="operation-end"
                danger
                submit={t('admin.operations.end')}
                run={async (reason) => {
                  await api['admin.endOperation']({ operationId: chosen.id, reason });
                  await onDone(t('admin.operations.endedDone', { name: chosen.name }));
                }}
              />
            )}
          </div>
        ) : (
          <p className="muted">{t('admin.operations.pick')}</p>
        )}
      </section>
    </div>
  );
}
