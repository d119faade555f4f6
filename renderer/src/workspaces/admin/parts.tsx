import i18next from 'i18next';
import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { JustificationField, justificationValid } from '../../components/JustificationField.tsx';
import { errorText } from '../oversight/util.ts';
import { nextRowIndex } from './admin-util.ts';
import { adminMessages } from './messages.ts';

/** Pieces the administration tabs share. */

let registered = false;
/** Adds the workspace's strings under `admin` to every language, once. */
export function registerAdminMessages(): void {
  if (registered) return;
  registered = true;
  for (const [lng, messages] of Object.entries(adminMessages))
    i18next.addResourceBundle(lng, 'translation', { admin: messages }, true, true);
}

/**
 * A table whose rows are chosen with the keyboard as with the mouse: the
 * table takes focus, arrows / PageUp / PageDown / Home / End move the chosen
 * row (announced through aria-activedescendant), and the choice opens beside it.
 */
export function KeyTable<T>({
  rows,
  keyOf,
  selected,
  onSelect,
  head,
  row,
  caption,
  testId,
}: {
  rows: readonly T[];
  keyOf: (row: T) => string;
  selected: string | null;
  onSelect: (row: T) => void;
  head: ReactNode;
  row: (row: T) => ReactNode;
  caption: string;
  testId: string;
}) {
  const index = selected === null ? -1 : rows.findIndex((r) => keyOf(r) === selected);
  const onKey = (e: KeyboardEvent) => {
    const next = nextRowIndex(e.key, index, rows.length);
    if (next === null) return;
    e.preventDefault();
    const r = rows[next]!;
    onSelect(r);
    document.getElementById(`${testId}-${keyOf(r)}`)?.scrollIntoView({ block: 'nearest' });
  };
  return (
    <div className="ov-table-wrap adm-table-wrap">
      <table
        className="ov-table adm-table"
        role="grid"
        tabIndex={0}
        aria-activedescendant={index >= 0 ? `${testId}-${selected}` : undefined}
        onKeyDown={onKey}
        data-testid={testId}
      >
        <caption className="sr-only">{caption}</caption>
        <thead>{head}</thead>
        <tbody>
          {rows.map((r) => {
            const k = keyOf(r);
            return (
              <tr
                key={k}
                id={`${testId}-${k}`}
                aria-selected={k === selected}
                className={k === selected ? 'adm-selected' : undefined}
                onClick={() => onSelect(r)}
                data-testid={`${testId}-row`}
              >
                {row(r)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A change the administrator makes: its own fields, a justification checked
 * as typed, and the platform's answer. A refusal shows the platform's
 * message (which names the field); success calls `onDone` and clears the form.
 */
export function ChangeForm({
  children,
  submit,
  run,
  onDone,
  ready = true,
  danger,
  testId,
  hint,
  onCancel,
}: {
  children?: ReactNode;
  submit: string;
  run: (justification: string) => Promise<void>;
  onDone?: () => void;
  ready?: boolean;
  danger?: boolean;
  testId: string;
  hint?: ReactNode;
  /** In a dialog: a Cancel button beside the submit button. */
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [why, setWhy] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await run(why.trim());
      setWhy('');
      onDone?.();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="adm-form" onSubmit={(e) => void onSubmit(e)} data-testid={testId}>
      {children}
      <JustificationField
        label={t('admin.why')}
        hint={t('admin.whyHint')}
        value={why}
        onChange={setWhy}
        testId={`${testId}-why`}
        rows={2}
      />
      {hint && <p className="muted adm-hint">{hint}</p>}
      {error && (
        <p className="notice notice-danger" role="alert" data-testid={`${testId}-error`}>
          {t('admin.failed', { message: error })}
        </p>
      )}
      <div className="adm-actions">
        <button
          type="submit"
          className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
          disabled={busy || !ready || !justificationValid(why)}
          data-testid={`${testId}-submit`}
        >
          {submit}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            {t('admin.officers.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The TOTP enrolment (and a generated password) shown once, until the administrator closes it. */
export function OneTimeSecret({
  title,
  uri,
  secret,
  password,
  onClose,
}: {
  title: string;
  uri: string;
  secret: string;
  password: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="panel adm-once" role="status" data-testid="one-time-secret">
      <h2>{title}</h2>
      <p className="muted">{t('admin.officers.createdText')}</p>
      <dl className="facts facts-wide">
        <dt>{t('admin.officers.uri')}</dt>
        <dd>
          <code className="adm-secret" data-testid="one-time-uri">
            {uri}
          </code>
        </dd>
        <dt>{t('admin.officers.secret')}</dt>
        <dd>
          <code className="adm-secret">{secret}</code>
        </dd>
        {password && (
          <>
            <dt>{t('admin.officers.initialPassword')}</dt>
            <dd>
              <code className="adm-secret" data-testid="one-time-password">
                {password}
              </code>
            </dd>
          </>
        )}
      </dl>
      <div>
        <button type="button" className="btn" onClick={onClose} data-testid="one-time-close">
          {t('admin.officers.handedOver')}
        </button>
      </div>
    </section>
  );
}

export function DoneNotice({ text, onClose }: { text: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  if (!text) return null;
  return (
    <div className="notice ov-notice-ok adm-done" role="status" data-testid="admin-done">
      <span>{t('admin.done', { what: text })}</span>
      <button type="button" className="btn btn-small" onClick={onClose}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}
