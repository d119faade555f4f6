import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purpose } from '../../../../common/case.ts';
import type { AdminCase, AdminOfficer } from '../../../../common/platform-api.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Modal, Time } from '../oversight/parts.tsx';
import { assignable, legalBasisLabel, officerNames } from './admin-util.ts';
import { ChangeForm, DoneNotice, KeyTable } from './parts.tsx';

type LegalBasis = Awaited<ReturnType<(typeof api)['admin.legalBases']>>['legalBases'][number];
export type CaseFilter = 'open' | 'closed' | 'all';

/**
 * Cases: the list (open, closed or all) with officers by name; create a case
 * on a legal basis from the policy pack's list; assign and take off
 * detectives; close with a reason. Every change carries a justification.
 */
export function CasesTab({
  cases,
  officers,
  bases,
  error,
  filter,
  onFilter,
  onChanged,
}: {
  cases: readonly AdminCase[];
  officers: readonly AdminOfficer[];
  bases: readonly LegalBasis[];
  error: string | null;
  filter: CaseFilter;
  onFilter: (f: CaseFilter) => void;
  onChanged: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const chosen = cases.find((c) => c.id === selected) ?? null;
  const basisOf = (c: AdminCase) => legalBasisLabel(c.legalBasis, bases, i18n.language);

  return (
    <>
      <div className="panel ov-toolbar">
        <label className="ov-inline">
          <span>{t('admin.cases.filter')}</span>
          <select
            value={filter}
            onChange={(e) => onFilter(e.target.value as CaseFilter)}
            data-testid="cases-filter"
          >
            <option value="open">{t('admin.cases.open')}</option>
            <option value="closed">{t('admin.cases.closed')}</option>
            <option value="all">{t('admin.cases.all')}</option>
          </select>
        </label>
        <span className="muted ov-push">{t('admin.tableHint')}</span>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setCreating(true)}
          data-testid="case-new"
        >
          {t('admin.cases.new')}
        </button>
      </div>
      <ErrorNotice error={error} />
      <DoneNotice text={done} onClose={() => setDone(null)} />
      <div className="adm-split">
        <section className="panel adm-list" aria-labelledby="adm-cases-caption">
          <h2 id="adm-cases-caption" className="ov-subhead">
            {t('admin.cases.caption', { count: cases.length })}
          </h2>
          {cases.length === 0 && <p className="muted">{t('admin.cases.empty')}</p>}
          <KeyTable
            rows={cases}
            keyOf={(c) => c.id}
            selected={selected}
            onSelect={(c) => setSelected(c.id)}
            caption={t('admin.cases.caption', { count: cases.length })}
            testId="cases-table"
            head={
              <tr>
                <th scope="col">{t('admin.cases.number')}</th>
                <th scope="col">{t('admin.cases.titleCol')}</th>
                <th scope="col">{t('admin.cases.legalBasis')}</th>
                <th scope="col">{t('admin.cases.officers')}</th>
                <th scope="col">{t('admin.cases.status')}</th>
              </tr>
            }
            row={(c) => (
              <>
                <th scope="row" className="ov-nowrap">
                  {c.number}
                </th>
                <td>{c.title}</td>
                <td>
                  {basisOf(c)}
                  <span className="ov-username muted">{t(`admin.purpose.${c.purpose}`)}</span>
                </td>
                <td>
                  {officerNames(c.assignedOfficers, officers)
                    .map((o) => o.name)
                    .join(', ') || <span className="muted">{t('admin.cases.none')}</span>}
                </td>
                <td>
                  <CaseStatus c={c} />
                </td>
              </>
            )}
          />
        </section>
        <section className="panel adm-detail" aria-live="polite">
          {chosen ? (
            <CaseDetail
              key={chosen.id}
              c={chosen}
              officers={officers}
              basis={basisOf(chosen)}
              onDone={async (what) => {
                // The list shows the change before the notice says it is done.
                await onChanged();
                setDone(what);
              }}
            />
          ) : (
            <p className="muted">{t('admin.cases.pick')}</p>
          )}
        </section>
      </div>
      {creating && (
        <CreateCase
          bases={bases}
          onCancel={() => setCreating(false)}
          onCreated={async (created) => {
            setCreating(false);
            setSelected(created.id);
            if (filter === 'closed') onFilter('open');
            await onChanged();
            setDone(t('admin.cases.createdDone', { number: created.number }));
          }}
        />
      )}
    </>
  );
}

function CaseStatus({ c }: { c: AdminCase }) {
  const { t } = useTranslation();
  return c.closedAt ? (
    <span className="tag adm-state-disabled">{t('admin.cases.statusClosed')}</span>
  ) : (
    <span className="tag adm-state-active">{t('admin.cases.statusOpen')}</span>
  );
}

function CaseDetail({
  c,
  officers,
  basis,
  onDone,
}: {
  c: AdminCase;
  officers: readonly AdminOfficer[];
  basis: string;
  onDone: (what: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const candidates = assignable(c, officers);
  const [assignee, setAssignee] = useState(candidates[0]?.username ?? '');
  const assigned = officerNames(c.assignedOfficers, officers);
  const closed = c.closedAt !== null;
  return (
    <div className="adm-detail-body" data-testid="case-detail">
      <header>
        <h2>
          {c.number} · {c.title}
        </h2>
        <p className="muted">
          <CaseStatus c={c} /> {t(`admin.purpose.${c.purpose}`)} · {basis}
          {c.offence !== basis && ` · ${c.offence}`}
        </p>
      </header>
      <dl className="facts facts-wide">
        <dt>{t('admin.cases.created')}</dt>
        <dd>
          <Time iso={c.createdAt} />
        </dd>
        {c.scope && (
          <>
            <dt>{t('admin.cases.scope')}</dt>
            <dd>{c.scope}</dd>
          </>
        )}
        {closed && (
          <>
            <dt>{t('admin.cases.closedAt')}</dt>
            <dd>
              <Time iso={c.closedAt} />
            </dd>
            <dt>{t('admin.cases.closedReason')}</dt>
            <dd data-testid="case-close-reason">{c.closeReason}</dd>
          </>
        )}
      </dl>
      <h3 className="ov-subhead">{t('admin.cases.officers')}</h3>
      {assigned.length === 0 && <p className="muted">{t('admin.cases.none')}</p>}
      <ul className="adm-assigned" data-testid="case-officers">
        {assigned.map((o) =>
          closed || !o.username ? (
            <li key={o.id}>
              <span data-testid="case-officer-name">{o.name}</span>
            </li>
          ) : (
            <li key={o.id}>
              <details>
                <summary>
                  <span data-testid="case-officer-name">{o.name}</span>
                  <span className="muted"> · {t('admin.cases.unassign')}</span>
                </summary>
                <ChangeForm
                  testId={`case-unassign-${o.username}`}
                  danger
                  hint={t('admin.cases.unassignHint')}
                  submit={t('admin.cases.unassign')}
                  run={async (justification) => {
                    await api['admin.unassign']({
                      caseId: c.id,
                      username: o.username!,
                      justification,
                    });
                    await onDone(t('admin.cases.unassigned', { name: o.name, number: c.number }));
                  }}
                />
              </details>
            </li>
          ),
        )}
      </ul>
      {!closed && (
        <>
          <h3 className="ov-subhead">{t('admin.cases.assignTitle')}</h3>
          {candidates.length === 0 ? (
            <p className="muted">{t('admin.cases.noAssignable')}</p>
          ) : (
            <ChangeForm
              testId="case-assign"
              submit={t('admin.cases.assign')}
              ready={assignee !== ''}
              run={async (justification) => {
                await api['admin.assign']({ caseId: c.id, username: assignee, justification });
                const name = officers.find((o) => o.username === assignee)?.displayName ?? assignee;
                await onDone(t('admin.cases.assigned', { name, number: c.number }));
              }}
            >
              <label className="field">
                <span>{t('admin.cases.assignee')}</span>
                <select
                  value={assignee}
                  onChange={(e) => setAssignee(e.target.value)}
                  data-testid="case-assign-officer"
                >
                  {candidates.map((o) => (
                    <option key={o.id} value={o.username}>
                      {o.displayName} ({o.username})
                    </option>
                  ))}
                </select>
              </label>
            </ChangeForm>
          )}
          <CloseCase c={c} onDone={onDone} />
        </>
      )}
    </div>
  );
}

function CloseCase({ c, onDone }: { c: AdminCase; onDone: (what: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <>
      <h3 className="ov-subhead">{t('admin.cases.closeTitle')}</h3>
      <ChangeForm
        testId="case-close"
        danger
        hint={t('admin.cases.closeHint')}
        submit={t('admin.cases.close')}
        ready={reason.trim().length >= 3}
        run={async (justification) => {
          await api['admin.closeCase']({ caseId: c.id, reason, justification });
          await onDone(t('admin.cases.closedDone', { number: c.number }));
        }}
      >
        <label className="field">
          <span>{t('admin.cases.closeReason')}</span>
          <textarea
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="case-close-reason-input"
          />
        </label>
      </ChangeForm>
    </>
  );
}

function CreateCase({
  bases,
  onCancel,
  onCreated,
}: {
  bases: readonly LegalBasis[];
  onCancel: () => void;
  onCreated: (created: AdminCase) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [number, setNumber] = useState('');
  const [title, setTitle] = useState('');
  const [purpose, setPurpose] = useState<Purpose>('judicial');
  const [legalBasis, setLegalBasis] = useState('');
  const [offence, setOffence] = useState('');
  const [scope, setScope] = useState('');
  const fitting = bases.filter((b) => b.purposes.includes(purpose));
  const label = (b: LegalBasis) =>
    `${(b.label as Record<string, string | undefined>)[i18n.language] ?? b.label.en} (${b.provision})`;
  return (
    <Modal labelledBy="adm-create-case" onCancel={onCancel} testId="case-create" wide>
      <div className="form adm-modal">
        <h2 id="adm-create-case">{t('admin.cases.createTitle')}</h2>
        <ChangeForm
          onCancel={onCancel}
          testId="case-create-form"
          submit={t('admin.cases.create')}
          ready={number.trim() !== '' && title.trim() !== '' && legalBasis !== ''}
          run={async (justification) => {
            const created = await api['admin.createCase']({
              number,
              title,
              purpose,
              legalBasis,
              ...(offence.trim() ? { offence } : {}),
              scope,
              justification,
            });
            await onCreated(created);
          }}
        >
          <div className="field-row">
            <label className="field">
              <span>{t('admin.cases.number')}</span>
              <input
                value={number}
                onChange={(e) => setNumber(e.target.value)}
                required
                data-testid="case-create-number"
              />
            </label>
            <label className="field">
              <span>{t('admin.cases.purpose')}</span>
              <select
                value={purpose}
                onChange={(e) => {
                  setPurpose(e.target.value as Purpose);
                  setLegalBasis('');
                }}
                data-testid="case-create-purpose"
              >
                <option value="judicial">{t('admin.purpose.judicial')}</option>
                <option value="administrative">{t('admin.purpose.administrative')}</option>
              </select>
            </label>
          </div>
          <label className="field">
            <span>{t('admin.cases.caseTitle')}</span>
            <input
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              required
              data-testid="case-create-title"
            />
          </label>
          <label className="field">
            <span>{t('admin.cases.legalBasis')}</span>
            <select
              value={legalBasis}
              onChange={(e) => setLegalBasis(e.target.value)}
              required
              data-testid="case-create-basis"
            >
              <option value="">{t('admin.cases.legalBasisPick')}</option>
              {fitting.map((b) => (
                <option key={b.id} value={b.id}>
                  {label(b)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('admin.cases.offence')}</span>
            <input
              value={offence}
              onChange={(e) => setOffence(e.target.value)}
              data-testid="case-create-offence"
            />
            <small className="muted">{t('admin.cases.offenceHint')}</small>
          </label>
          <label className="field">
            <span>{t('admin.cases.scope')}</span>
            <textarea
              rows={2}
              value={scope}
              onChange={(e) => setScope(e.target.value)}
              data-testid="case-create-scope"
            />
          </label>
        </ChangeForm>
      </div>
    </Modal>
  );
}
