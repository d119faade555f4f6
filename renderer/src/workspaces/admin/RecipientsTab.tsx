import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminCase, AdminOfficer } from '../../../../common/platform-api.ts';
import type { RegisterEntry, RegisterKind } from '../../../../common/recipients-api.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Modal, Time } from '../oversight/parts.tsx';
import { useLoad } from '../oversight/util.ts';
import { officerNames } from './admin-util.ts';
import { ChangeForm, DoneNotice, KeyTable } from './parts.tsx';

const KINDS: readonly RegisterKind[] = [
  'police',
  'prosecution',
  'court',
  'public-authority',
  'private',
];

interface Fields {
  name: string;
  kind: RegisterKind;
  country: string;
  contact: string;
  legalBasis: string;
}

/**
 * The recipient register (#14 item 6): the authorities an export may go to.
 * Add, edit and retire entries (never delete); see the disclosures recorded
 * against one. The justification typed is the change's recorded reason.
 */
export function RecipientsTab({
  recipients,
  error,
  officers,
  cases,
  onChanged,
}: {
  recipients: readonly RegisterEntry[];
  error: string | null;
  officers: readonly AdminOfficer[];
  cases: readonly AdminCase[];
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const chosen = recipients.find((r) => r.id === selected) ?? null;

  return (
    <>
      <div className="panel ov-toolbar">
        <span className="muted">{t('admin.recipients.intro')}</span>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setCreating(true)}
          data-testid="recipient-new"
        >
          {t('admin.recipients.new')}
        </button>
      </div>
      <ErrorNotice error={error} />
      <DoneNotice text={done} onClose={() => setDone(null)} />
      <div className="adm-split">
        <section className="panel adm-list" aria-labelledby="adm-recipients-caption">
          <h2 id="adm-recipients-caption" className="ov-subhead">
            {t('admin.recipients.caption', { count: recipients.length })}
          </h2>
          <KeyTable
            rows={recipients}
            keyOf={(r) => r.id}
            selected={selected}
            onSelect={(r) => setSelected(r.id)}
            caption={t('admin.recipients.caption', { count: recipients.length })}
            testId="recipients-table"
            head={
              <tr>
                <th scope="col">{t('admin.recipients.name')}</th>
                <th scope="col">{t('admin.recipients.kind')}</th>
                <th scope="col">{t('admin.recipients.country')}</th>
                <th scope="col">{t('admin.recipients.state')}</th>
              </tr>
            }
            row={(r) => (
              <>
                <th scope="row">
                  <span data-testid="recipient-row-name">{r.name}</span>
                  <span className="ov-username muted">{r.contact}</span>
                </th>
                <td>{t(`admin.recipients.kinds.${r.kind}`)}</td>
                <td>{r.country}</td>
                <td>
                  <RecipientState entry={r} />
                </td>
              </>
            )}
          />
        </section>
        <section className="panel adm-detail" aria-live="polite">
          {chosen ? (
            <RecipientDetail
              key={`${chosen.id}-${chosen.updatedAt}`}
              entry={chosen}
              officers={officers}
              cases={cases}
              onDone={async (what) => {
                // The list shows the change before the notice says it is done.
                await onChanged();
                setDone(what);
              }}
            />
          ) : (
            <p className="muted">{t('admin.recipients.pick')}</p>
          )}
        </section>
      </div>
      {creating && (
        <Modal
          labelledBy="adm-create-recipient"
          onCancel={() => setCreating(false)}
          testId="recipient-create"
          wide
        >
          <div className="form adm-modal">
            <h2 id="adm-create-recipient">{t('admin.recipients.createTitle')}</h2>
            <RecipientForm
              testId="recipient-create-form"
              initial={{ name: '', kind: 'police', country: '', contact: '', legalBasis: '' }}
              submit={t('admin.recipients.create')}
              onCancel={() => setCreating(false)}
              save={async (fields, reason) => {
                const added = await api['admin.addRecipient']({ ...fields, reason });
                setCreating(false);
                setSelected(added.id);
                await onChanged();
                setDone(t('admin.recipients.added', { name: added.name }));
              }}
            />
          </div>
        </Modal>
      )}
    </>
  );
}

function RecipientState({ entry }: { entry: RegisterEntry }) {
  const { t } = useTranslation();
  if (entry.retiredAt)
    return <span className="tag adm-state-disabled">{t('admin.recipients.retired')}</span>;
  if (entry.kind === 'private')
    return <span className="tag adm-state-locked">{t('admin.recipients.refused')}</span>;
  return <span className="tag adm-state-active">{t('admin.recipients.active')}</span>;
}

function RecipientForm({
  initial,
  submit,
  save,
  testId,
  onCancel,
}: {
  initial: Fields;
  submit: string;
  save: (fields: Fields, reason: string) => Promise<void>;
  testId: string;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [f, setF] = useState<Fields>(initial);
  const set = (patch: Partial<Fields>) => setF((old) => ({ ...old, ...patch }));
  const changed = (Object.keys(f) as Array<keyof Fields>).some((k) => f[k] !== initial[k]);
  return (
    <ChangeForm
      testId={testId}
      submit={submit}
      ready={changed && f.name.trim() !== ''}
      onCancel={onCancel}
      run={(reason) => save({ ...f, country: f.country.trim().toUpperCase() }, reason)}
    >
      <label className="field">
        <span>{t('admin.recipients.name')}</span>
        <input
          value={f.name}
          onChange={(e) => set({ name: e.target.value })}
          data-testid={`${testId}-name`}
        />
      </label>
      <div className="field-row">
        <label className="field">
          <span>{t('admin.recipients.kind')}</span>
          <select
            value={f.kind}
            onChange={(e) => set({ kind: e.target.value as RegisterKind })}
            data-testid={`${testId}-kind`}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`admin.recipients.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('admin.recipients.country')}</span>
          <input
            value={f.country}
            onChange={(e) => set({ country: e.target.value })}
            maxLength={2}
            aria-describedby={`${testId}-country-hint`}
            data-testid={`${testId}-country`}
          />
          <small id={`${testId}-country-hint`} className="muted">
            {t('admin.recipients.countryHint')}
          </small>
        </label>
      </div>
      <label className="field">
        <span>{t('admin.recipients.contact')}</span>
        <input
          value={f.contact}
          onChange={(e) => set({ contact: e.target.value })}
          data-testid={`${testId}-contact`}
        />
      </label>
      <label className="field">
        <span>{t('admin.recipients.legalBasis')}</span>
        <input
          value={f.legalBasis}
          onChange={(e) => set({ legalBasis: e.target.value })}
          data-testid={`${testId}-basis`}
        />
      </label>
    </ChangeForm>
  );
}

function RecipientDetail({
  entry,
  officers,
  cases,
  onDone,
}: {
  entry: RegisterEntry;
  officers: readonly AdminOfficer[];
  cases: readonly AdminCase[];
  onDone: (what: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const disclosures = useLoad(
    () => api['admin.recipientDisclosures']({ recipientId: entry.id }),
    [entry.id],
  );
  const caseNumber = (id: string) => cases.find((c) => c.id === id)?.number ?? id;
  const officerName = (id: string) => officerNames([id], officers)[0]!.name;
  const { id, name } = entry;
  return (
    <div className="adm-detail-body" data-testid="recipient-detail">
      <header>
        <h2>{name}</h2>
        <p className="muted">
          <RecipientState entry={entry} /> {t(`admin.recipients.kinds.${entry.kind}`)} ·{' '}
          {entry.country}
        </p>
      </header>
      <dl className="facts facts-wide">
        <dt>{t('admin.recipients.contact')}</dt>
        <dd>{entry.contact}</dd>
        <dt>{t('admin.recipients.legalBasis')}</dt>
        <dd>{entry.legalBasis}</dd>
        {entry.retiredAt && (
          <>
            <dt>{t('admin.recipients.retiredOn')}</dt>
            <dd>
              <Time iso={entry.retiredAt} />
            </dd>
            <dt>{t('admin.recipients.retiredReason')}</dt>
            <dd>{entry.retiredReason}</dd>
          </>
        )}
      </dl>
      <h3 className="ov-subhead">{t('admin.recipients.disclosures')}</h3>
      <ErrorNotice error={disclosures.error} />
      {disclosures.value && disclosures.value.disclosures.length === 0 && (
        <p className="muted">{t('admin.recipients.noDisclosures')}</p>
      )}
      {disclosures.value && disclosures.value.disclosures.length > 0 && (
        <table className="ov-table" data-testid="recipient-disclosures">
          <thead>
            <tr>
              <th scope="col">{t('admin.recipients.when')}</th>
              <th scope="col">{t('admin.recipients.case')}</th>
              <th scope="col">{t('admin.recipients.officer')}</th>
              <th scope="col" className="num">
                {t('admin.recipients.reads')}
              </th>
            </tr>
          </thead>
          <tbody>
            {disclosures.value.disclosures.map((d) => (
              <tr key={d.exportId}>
                <td>
                  <Time iso={d.disclosedAt} />
                </td>
                <td>{caseNumber(d.caseId)}</td>
                <td>{officerName(d.officerId)}</td>
                <td className="num">{d.reads}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!entry.retiredAt && (
        <>
          <h3 className="ov-subhead">{t('admin.recipients.editTitle')}</h3>
          <RecipientForm
            testId="recipient-edit"
            initial={{
              name: entry.name,
              kind: entry.kind,
              country: entry.country,
              contact: entry.contact,
              legalBasis: entry.legalBasis,
            }}
            submit={t('admin.recipients.save')}
            save={async (fields, reason) => {
              const changed = Object.fromEntries(
                (Object.keys(fields) as Array<keyof Fields>)
                  .filter((k) => fields[k] !== entry[k])
                  .map((k) => [k, fields[k]]),
              );
              const edited = await api['admin.editRecipient']({
                recipientId: id,
                ...changed,
                reason,
              });
              await onDone(t('admin.recipients.edited', { name: edited.name }));
            }}
          />
          <h3 className="ov-subhead">{t('admin.recipients.retireTitle')}</h3>
          <ChangeForm
            testId="recipient-retire"
            danger
            hint={t('admin.recipients.retireHint')}
            submit={t('admin.recipients.retire')}
            run={async (reason) => {
              await api['admin.retireRecipient']({ recipientId: id, reason });
              await onDone(t('admin.recipients.retiredDone', { name }));
            }}
          />
        </>
      )}
    </div>
  );
}
