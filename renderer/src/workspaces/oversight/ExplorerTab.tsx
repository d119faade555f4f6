import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case } from '../../../../common/case.ts';
import { JustificationField, justificationValid } from '../../components/JustificationField.tsx';
import type {
  AuditEntryView,
  AuditQuery,
  OfficerSummary,
} from '../../../../common/oversight-api.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Modal, Time } from './parts.tsx';
import { errorText, fromLocalInput, localInput } from './util.ts';

export interface ExplorerFilter {
  officerId?: string;
  caseId?: string;
  from?: string;
  to?: string;
  operation?: AuditQuery['operation'];
  outcome?: AuditQuery['outcome'];
}

const OPERATIONS = [
  'collection',
  'alteration',
  'consultation',
  'disclosure',
  'combination',
  'erasure',
] as const;
const OUTCOMES = ['allowed', 'denied', 'error'] as const;

/** Compact one-line view of masked parameters. */
export function paramsText(p: Record<string, unknown>): string {
  const text = Object.entries(p)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v).replace(/"/g, '')}`)
    .join(', ');
  return text.length > 110 ? text.slice(0, 109) + '…' : text;
}

/**
 * The audit explorer: every entry of the platform's chain and the synced
 * workstation chains, filtered; metadata only, plates masked. Opening a
 * plate needs a justification and is itself logged.
 */
export function ExplorerTab({
  officers,
  cases,
  filter,
  onFilter,
}: {
  officers: readonly OfficerSummary[];
  cases: readonly Case[];
  filter: ExplorerFilter;
  onFilter: (f: ExplorerFilter) => void;
}) {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [revealing, setRevealing] = useState<AuditEntryView | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string[]>>({});
  const [draft, setDraft] = useState(filter);
  useEffect(() => setDraft(filter), [filter]);

  const load = async (after: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api['oversight.audit']({
        ...filter,
        limit: 50,
        ...(after ? { cursor: after } : {}),
      });
      setEntries((prev) => (after ? [...prev, ...page.entries] : page.entries));
      setCursor(page.nextCursor);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(null);
    // Reload from the first page whenever the applied filter changes.
  }, [JSON.stringify(filter)]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    onFilter(Object.fromEntries(Object.entries(draft).filter(([, v]) => v)) as ExplorerFilter);
  };

  return (
    <div className="ov-explorer">
      <form
        className="panel ov-filter-bar"
        onSubmit={apply}
        aria-label={t('oversight.explorer.filters')}
      >
        <label className="field">
          <span>{t('oversight.explorer.officer')}</span>
          <select
            value={draft.officerId ?? ''}
            onChange={(e) => setDraft({ ...draft, officerId: e.target.value || undefined })}
            data-testid="explorer-officer"
          >
            <option value="">{t('oversight.all')}</option>
            {officers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('oversight.explorer.case')}</span>
          <select
            value={draft.caseId ?? ''}
            onChange={(e) => setDraft({ ...draft, caseId: e.target.value || undefined })}
          >
            <option value="">{t('oversight.all')}</option>
            {cases.map((c) => (
              <option key={c.id} value={c.id}>
                {c.number}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('oversight.explorer.from')}</span>
          <input
            type="datetime-local"
            value={draft.from ? localInput(draft.from) : ''}
            onChange={(e) =>
              setDraft({ ...draft, from: fromLocalInput(e.target.value) ?? undefined })
            }
          />
        </label>
        <label className="field">
          <span>{t('oversight.explorer.to')}</span>
          <input
            type="datetime-local"
            value={draft.to ? localInput(draft.to) : ''}
            onChange={(e) =>
              setDraft({ ...draft, to: fromLocalInput(e.target.value) ?? undefined })
            }
          />
        </label>
        <label className="field">
          <span>{t('oversight.explorer.operation')}</span>
          <select
            value={draft.operation ?? ''}
            onChange={(e) =>
              setDraft({
                ...draft,
                operation: (e.target.value || undefined) as ExplorerFilter['operation'],
              })
            }
          >
            <option value="">{t('oversight.all')}</option>
            {OPERATIONS.map((o) => (
              <option key={o} value={o}>
                {t(`oversight.operation.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('oversight.explorer.outcome')}</span>
          <select
            value={draft.outcome ?? ''}
            onChange={(e) =>
              setDraft({
                ...draft,
                outcome: (e.target.value || undefined) as ExplorerFilter['outcome'],
              })
            }
          >
            <option value="">{t('oversight.all')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`oversight.outcome.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="ov-filter-actions">
          <button type="submit" className="btn btn-primary" data-testid="explorer-apply">
            {t('oversight.explorer.apply')}
          </button>
          <button type="button" className="btn" onClick={() => onFilter({})}>
            {t('oversight.explorer.clear')}
          </button>
        </div>
      </form>
      <ErrorNotice error={error} />
      <section className="panel ov-table-panel">
        <p className="muted ov-table-note">{t('oversight.explorer.masked')}</p>
        <div className="ov-table-wrap">
          <table className="ov-table ov-audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('oversight.explorer.time')}</th>
                <th scope="col">{t('oversight.explorer.officer')}</th>
                <th scope="col">{t('oversight.explorer.action')}</th>
                <th scope="col">{t('oversight.explorer.case')}</th>
                <th scope="col">{t('oversight.explorer.justification')}</th>
                <th scope="col">{t('oversight.explorer.parameters')}</th>
                <th scope="col">{t('oversight.explorer.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr
                  key={e.ref}
                  data-testid="audit-row"
                  className={e.outcome !== 'allowed' ? 'ov-row-denied' : undefined}
                >
                  <td className="ov-nowrap">
                    <Time iso={e.at} />
                    {e.outOfHours && (
                      <span
                        className="ov-dot"
                        title={t('oversight.explorer.outOfHours')}
                        aria-label={t('oversight.explorer.outOfHours')}
                      >
                        ☾
                      </span>
                    )}
                    <div className="muted ov-ref">{e.ref}</div>
                  </td>
                  <td>{e.username}</td>
                  <td>
                    <code>{e.action}</code>
                    <div className="muted">{t(`oversight.operation.${e.operation}`)}</div>
                  </td>
                  <td className="ov-nowrap">{e.caseNumber ?? e.caseId ?? '—'}</td>
                  <td className="ov-justification">{e.justification ?? '—'}</td>
                  <td className="ov-params">
                    <span title={JSON.stringify(e.parameters)}>{paramsText(e.parameters)}</span>
                    {revealed[e.ref] ? (
                      <div className="ov-revealed" data-testid="revealed-plate">
                        {revealed[e.ref]!.join(', ')}
                      </div>
                    ) : (
                      e.maskedPlates > 0 && (
                        <div>
                          <button
                            type="button"
                            className="ov-link"
                            onClick={() => setRevealing(e)}
                            data-testid="reveal"
                          >
                            {t('oversight.explorer.reveal')}
                          </button>
                        </div>
                      )
                    )}
                  </td>
                  <td>
                    <span className={`tag ov-outcome-${e.outcome}`}>
                      {t(`oversight.outcome.${e.outcome}`)}
                    </span>
                    {e.outcomeReason && <div className="muted ov-reason">{e.outcomeReason}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {!loading && entries.length === 0 && (
          <p className="muted">{t('oversight.explorer.none')}</p>
        )}
        {cursor && (
          <button
            type="button"
            className="btn"
            disabled={loading}
            onClick={() => void load(cursor)}
          >
            {t('oversight.explorer.more')}
          </button>
        )}
      </section>
      {revealing && (
        <RevealDialog
          entry={revealing}
          onCancel={() => setRevealing(null)}
          onRevealed={(plates) => {
            setRevealed((prev) => ({ ...prev, [revealing.ref]: plates }));
            setRevealing(null);
          }}
        />
      )}
    </div>
  );
}

function RevealDialog({
  entry,
  onCancel,
  onRevealed,
}: {
  entry: AuditEntryView;
  onCancel: () => void;
  onRevealed: (plates: string[]) => void;
}) {
  const { t } = useTranslation();
  const [justification, setJustification] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      onRevealed((await api['oversight.reveal']({ ref: entry.ref, justification })).plates);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Modal labelledBy="reveal-title" onCancel={onCancel} testId="reveal-dialog">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <h2 id="reveal-title">{t('oversight.reveal.title')}</h2>
        <p className="muted">
          {t('oversight.reveal.intro', { ref: entry.ref, user: entry.username })}
        </p>
        <JustificationField
          label={t('oversight.reveal.justification')}
          hint={t('oversight.reveal.hint')}
          value={justification}
          onChange={setJustification}
          testId="reveal-justification"
        />
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!justificationValid(justification)}
            data-testid="reveal-submit"
          >
            {t('oversight.reveal.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
