import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../common/officer.ts';
import type { AdminOfficer } from '../../../../common/platform-api.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Modal, Time } from '../oversight/parts.tsx';
import { ROLE_ORDER, toggleRole } from './admin-util.ts';
import { ChangeForm, DoneNotice, KeyTable, OneTimeSecret } from './parts.tsx';

interface Enrolment {
  title: string;
  uri: string;
  secret: string;
  password: string | null;
}

/**
 * Officer accounts: the list with roles and state; create an account (its
 * TOTP enrolment and any generated password are shown once); change roles,
 * disable or enable, reset the authenticator. Every change carries a justification.
 */
export function OfficersTab({
  officers,
  error,
  onChanged,
}: {
  officers: readonly AdminOfficer[];
  error: string | null;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = officers.find((o) => o.id === selected) ?? null;

  return (
    <>
      <div className="panel ov-toolbar">
        <span className="muted">{t('admin.tableHint')}</span>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setCreating(true)}
          data-testid="officer-new"
        >
          {t('admin.officers.new')}
        </button>
      </div>
      <ErrorNotice error={error} />
      <DoneNotice text={done} onClose={() => setDone(null)} />
      {enrolment && (
        <OneTimeSecret
          title={enrolment.title}
          uri={enrolment.uri}
          secret={enrolment.secret}
          password={enrolment.password}
          onClose={() => setEnrolment(null)}
        />
      )}
      <div className="adm-split">
        <section className="panel adm-list" aria-labelledby="adm-officers-caption">
          <h2 id="adm-officers-caption" className="ov-subhead">
            {t('admin.officers.caption', { count: officers.length })}
          </h2>
          <KeyTable
            rows={officers}
            keyOf={(o) => o.id}
            selected={selected}
            onSelect={(o) => setSelected(o.id)}
            caption={t('admin.officers.caption', { count: officers.length })}
            testId="officers-table"
            head={
              <tr>
                <th scope="col">{t('admin.officers.name')}</th>
                <th scope="col">{t('admin.officers.roles')}</th>
                <th scope="col">{t('admin.officers.state')}</th>
                <th scope="col">{t('admin.officers.lastLogon')}</th>
              </tr>
            }
            row={(o) => (
              <>
                <th scope="row">
                  <span data-testid="officer-row-name">{o.displayName}</span>
                  <span className="ov-username muted">{o.username}</span>
                </th>
                <td>{o.roles.map((r) => t(`roles.${r}`)).join(', ')}</td>
                <td>
                  <OfficerState officer={o} />
                </td>
                <td>{o.lastLogonAt ? <Time iso={o.lastLogonAt} /> : t('admin.officers.never')}</td>
              </>
            )}
          />
        </section>
        <section className="panel adm-detail" aria-live="polite">
          {chosen ? (
            <OfficerDetail
              key={chosen.id}
              officer={chosen}
              onDone={async (what, enrol) => {
                await onChanged();
                setDone(what);
                if (enrol) setEnrolment(enrol);
              }}
            />
          ) : (
            <p className="muted">{t('admin.officers.pick')}</p>
          )}
        </section>
      </div>
      {creating && (
        <CreateOfficer
          onCancel={() => setCreating(false)}
          onCreated={async (created) => {
            setCreating(false);
            setEnrolment({
              title: t('admin.officers.createdTitle', { username: created.officer.username }),
              uri: created.mfa.otpauthUri,
              secret: created.mfa.totpSecret,
              password: created.initialPassword,
            });
            setSelected(created.officer.id);
            await onChanged();
            setDone(t('admin.officers.created', { username: created.officer.username }));
          }}
        />
      )}
    </>
  );
}

function OfficerState({ officer }: { officer: AdminOfficer }) {
  const { t } = useTranslation();
  if (officer.disabled)
    return <span className="tag adm-state-disabled">{t('admin.officers.disabled')}</span>;
  if (officer.locked)
    return <span className="tag adm-state-locked">{t('admin.officers.locked')}</span>;
  return <span className="tag adm-state-active">{t('admin.officers.active')}</span>;
}

function RoleBoxes({
  roles,
  onChange,
  name,
}: {
  roles: readonly Role[];
  onChange: (roles: Role[]) => void;
  name: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="adm-roles">
      <legend>{t('admin.officers.rolesTitle')}</legend>
      {ROLE_ORDER.map((r) => (
        <label key={r} className="adm-check">
          <input
            type="checkbox"
            name={name}
            checked={roles.includes(r)}
            onChange={(e) => onChange(toggleRole(roles, r, e.target.checked))}
            data-testid={`${name}-${r}`}
          />
          {t(`roles.${r}`)}
        </label>
      ))}
    </fieldset>
  );
}

function OfficerDetail({
  officer,
  onDone,
}: {
  officer: AdminOfficer;
  onDone: (what: string, enrolment?: Enrolment) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [roles, setRoles] = useState<Role[]>(officer.roles);
  useEffect(() => setRoles(officer.roles), [officer.roles]);
  const name = officer.displayName;
  const username = officer.username;
  return (
    <div className="adm-detail-body" data-testid="officer-detail">
      <header>
        <h2>{name}</h2>
        <p className="muted">
          {username} · <OfficerState officer={officer} />
        </p>
      </header>
      <ChangeForm
        testId="officer-roles"
        submit={t('admin.officers.saveRoles')}
        ready={roles.length > 0 && roles.join() !== officer.roles.join()}
        run={async (justification) => {
          await api['admin.setRoles']({ username, roles, justification });
          await onDone(t('admin.officers.rolesSaved', { name }));
        }}
      >
        <RoleBoxes roles={roles} onChange={setRoles} name="officer-role" />
      </ChangeForm>
      <h3 className="ov-subhead">
        {officer.disabled ? t('admin.officers.enable') : t('admin.officers.disable')}
      </h3>
      <ChangeForm
        testId="officer-disable"
        danger={!officer.disabled}
        hint={officer.disabled ? undefined : t('admin.officers.disableHint')}
        submit={officer.disabled ? t('admin.officers.enable') : t('admin.officers.disable')}
        run={async (justification) => {
          const disabled = !officer.disabled;
          await api['admin.setDisabled']({ username, disabled, justification });
          await onDone(
            t(disabled ? 'admin.officers.disabledDone' : 'admin.officers.enabledDone', { name }),
          );
        }}
      />
      <h3 className="ov-subhead">{t('admin.officers.resetMfa')}</h3>
      <ChangeForm
        testId="officer-reset-mfa"
        hint={t('admin.officers.resetHint')}
        submit={t('admin.officers.resetMfa')}
        run={async (justification) => {
          const reset = await api['admin.resetMfa']({ username, justification });
          await onDone(t('admin.officers.resetDone', { name }), {
            title: t('admin.officers.resetTitle', { username }),
            uri: reset.mfa.otpauthUri,
            secret: reset.mfa.totpSecret,
            password: null,
          });
        }}
      />
    </div>
  );
}

function CreateOfficer({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (created: Awaited<ReturnType<(typeof api)['admin.createOfficer']>>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(['detective']);
  return (
    <Modal labelledBy="adm-create-officer" onCancel={onCancel} testId="officer-create" wide>
      <div className="form adm-modal">
        <h2 id="adm-create-officer">{t('admin.officers.createTitle')}</h2>
        <ChangeForm
          onCancel={onCancel}
          testId="officer-create-form"
          submit={t('admin.officers.create')}
          ready={username.trim() !== '' && displayName.trim() !== '' && roles.length > 0}
          run={async (justification) => {
            const created = await api['admin.createOfficer']({
              username,
              displayName,
              roles,
              ...(password ? { initialPassword: password } : {}),
              justification,
            });
            await onCreated(created);
          }}
        >
          <div className="field-row">
            <label className="field">
              <span>{t('admin.officers.username')}</span>
              <input
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                autoComplete="off"
                required
                data-testid="officer-create-username"
              />
            </label>
            <label className="field">
              <span>{t('admin.officers.displayName')}</span>
              <input
                value={displayName}
                onChange={(e) => setDisplayName(e.target.value)}
                autoComplete="off"
                required
                data-testid="officer-create-name"
              />
            </label>
          </div>
          <RoleBoxes roles={roles} onChange={setRoles} name="officer-create-role" />
          <label className="field">
            <span>{t('admin.officers.password')}</span>
            <input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
              data-testid="officer-create-password"
            />
            <small className="muted">{t('admin.officers.passwordHint')}</small>
          </label>
        </ChangeForm>
      </div>
    </Modal>
  );
}
