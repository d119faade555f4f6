import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, utcTitle } from '../../format.ts';
import { useModalDialog } from '../../components/useModalDialog.ts';

/** Pieces shared by the oversight screens. */

export function Time({ iso }: { iso: string | null | undefined }) {
  return (
    <time dateTime={iso ?? undefined} title={utcTitle(iso)}>
      {formatDateTime(iso)}
    </time>
  );
}

export function StatusTag({ status, expired }: { status: string; expired?: boolean }) {
  const { t } = useTranslation();
  const key = expired ? 'expired' : status;
  return (
    <span className={`tag ov-status ov-status-${key}`} data-testid="request-status">
      {t(`oversight.status.${key}`)}
    </span>
  );
}

export function ErrorNotice({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="notice notice-danger" role="alert">
      {error}
    </p>
  );
}

export interface TabSpec<K extends string> {
  id: K;
  label: string;
  badge?: number | null;
}

/** WAI-ARIA tabs: arrow keys move between tabs, Home/End jump. */
export function Tabs<K extends string>({
  tabs,
  active,
  onChange,
  label,
}: {
  tabs: ReadonlyArray<TabSpec<K>>;
  active: K;
  onChange: (k: K) => void;
  label: string;
}) {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === active);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const id = tabs[next]!.id;
    onChange(id);
    refs.current.get(id)?.focus();
  };
  return (
    <div className="ov-tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === active}
          aria-controls={`panel-${tab.id}`}
          tabIndex={tab.id === active ? 0 : -1}
          className="ov-tab"
          data-testid={`tab-${tab.id}`}
          ref={(el) => {
            if (el) refs.current.set(tab.id, el);
          }}
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
          {tab.badge ? <span className="ov-tab-badge">{tab.badge}</span> : null}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} className="ov-tabpanel">
      {children}
    </div>
  );
}

/** A modal dialog that opens on mount and closes on Escape (onCancel). */
export function Modal({
  labelledBy,
  onCancel,
  children,
  testId,
  wide,
}: {
  labelledBy: string;
  onCancel: () => void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  const ref = useModalDialog();
  return (
    <dialog
      ref={ref}
      className={`modal${wide ? ' ov-modal-wide' : ''}`}
      aria-labelledby={labelledBy}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      data-testid={testId}
    >
      {children}
    </dialog>
  );
}

export function Stat({
  label,
  value,
  testId,
}: {
  label: string;
  value: ReactNode;
  testId?: string;
}) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
