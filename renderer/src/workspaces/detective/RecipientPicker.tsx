import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecipientRegister } from '../../../../common/api/detective-contract.ts';
import type { RegisterEntry } from '../../../../common/recipients-api.ts';
import { api } from '../../api.ts';
import { formatDateTime } from '../../format.ts';

/**
 * The export's recipient, picked from the platform's recipient register
 * (#14): a search field over name, country and kind, and a list of the
 * active entries. Private entries are shown, disabled with the reason, so an
 * officer asked by an insurer sees why it cannot be picked. Only an entry's
 * id leaves: its kind decides, never a name typed here.
 */
export function RecipientPicker(p: {
  value: string | null;
  onChange: (id: string | null) => void;
  privateAllowed: boolean;
}) {
  const { t } = useTranslation();
  const [register, setRegister] = useState<RecipientRegister | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    let live = true;
    api['detective.recipients']({ refresh: true })
      .then((r) => live && setRegister(r))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, []);

  const label = (r: RegisterEntry) =>
    `${r.name} — ${t(`detective.export.kinds.${r.kind}`)}, ${r.country}`;
  const refused = (r: RegisterEntry) => r.kind === 'private' && !p.privateAllowed;
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (
      (register?.recipients ?? [])
        .filter((r) => r.retiredAt === null)
        .filter(
          (r) =>
            !q ||
            [r.name, r.country, r.kind, t(`detective.export.kinds.${r.kind}`)].some((x) =>
              x.toLowerCase().includes(q),
            ),
        )
        // Those that can be picked first (the register's order, by name, within each group).
        .sort((a, b) => Number(refused(a)) - Number(refused(b)))
    );
  }, [register, query, t, p.privateAllowed]);
  const picked = register?.recipients.find((r) => r.id === p.value) ?? null;

  if (error)
    return (
      <p className="notice notice-danger" role="alert" data-testid="export-register-error">
        {error}
      </p>
    );
  if (!register) return <p className="muted">{t('detective.export.registerLoading')}</p>;
  return (
    <div className="recipient-picker">
      {register.offline && (
        <p className="notice notice-warn" data-testid="export-register-offline">
          {t('detective.export.registerOffline', { at: formatDateTime(register.fetchedAt) })}
        </p>
      )}
      <label className="field">
        <span>{t('detective.export.recipientSearch')}</span>
        <input
          type="search"
          value={query}
          placeholder={t('detective.export.recipientSearchHint')}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="export-recipient-search"
        />
      </label>
      <label className="field">
        <span>{t('detective.export.recipientList')}</span>
        <select
          size={Math.min(6, Math.max(2, shown.length))}
          value={p.value ?? ''}
          onChange={(e) => p.onChange(e.target.value || null)}
          data-testid="export-recipient"
        >
          {shown.map((r) => (
            <option key={r.id} value={r.id} disabled={refused(r)}>
              {label(r)}
              {refused(r) ? ` (${t('detective.export.privateDisabled')})` : ''}
            </option>
          ))}
        </select>
      </label>
      {shown.length === 0 && <p className="muted">{t('detective.export.recipientNone')}</p>}
      {picked && (
        <p className="muted small" data-testid="export-recipient-details">
          {t('detective.export.contact')}: {picked.contact} · {t('detective.export.legalBasis')}:{' '}
          {picked.legalBasis}
        </p>
      )}
    </div>
  );
}
