import './detective.css';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, CaseEntry, CaseNotice } from '../../../../common/api/contract.ts';
import type { MapConfig } from '../../../../common/api/detective-contract.ts';
import { JustificationField, justificationValid } from '../../components/JustificationField.tsx';
import type { Camera } from '../../../../common/read.ts';
import { api } from '../../api.ts';
import { formatCount, formatDate } from '../../format.ts';
import { CaseView } from './CaseView.tsx';
import { CasePurposeContext } from './WhyFields.tsx';

/**
 * The detective's workspace: their cases on the left (a narrow rail once a
 * case is open, so the map gets the room), the open case's workspace beside.
 * Cameras and the map settings are fetched once per session and shared.
 */
const OPEN_CASE_KEY = 'anpr.openCase';

/** At sign-out: the next officer in this tab starts from the case list. */
export function forgetOpenCase(): void {
  sessionStorage.removeItem(OPEN_CASE_KEY);
}

export function DetectiveWorkspace({ info }: { info: AppInfo }) {
  const { t } = useTranslation();
  const [cases, setCases] = useState<CaseEntry[] | null>(null);
  // Cases that left the list since the last contact, and why (until dismissed).
  const [notices, setNotices] = useState<CaseNotice[]>([]);
  const [error, setError] = useState<string | null>(null);
  // The open case outlives a redraw of the workspace (new display zone) and
  // a reload of the window (new map source): the officer stays where they were.
  // Only the id is kept, in this tab's session storage; it opens nothing the
  // officer's own case list does not contain.
  const [openId, setOpenIdState] = useState<string | null>(() =>
    sessionStorage.getItem(OPEN_CASE_KEY),
  );
  const setOpenId = useCallback((id: string | null) => {
    if (id) sessionStorage.setItem(OPEN_CASE_KEY, id);
    else sessionStorage.removeItem(OPEN_CASE_KEY);
    setOpenIdState(id);
  }, []);
  // Once a case is open the map needs the width: the list shrinks to a rail of case numbers.
  const [collapsed, setCollapsed] = useState(true);
  const [cameras, setCameras] = useState<Camera[]>([]);
  const [mapConfig, setMapConfig] = useState<MapConfig | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const listed = await api['cases.list']({});
      setCases(listed.cases);
      setNotices(listed.notices);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);
  useEffect(() => {
    void load();
    void api['detective.cameras']({})
      .then((r) => setCameras(r.cameras))
      .catch(() => {});
    void api['detective.mapConfig']({})
      .then(setMapConfig)
      .catch(() => {});
  }, [load]);
  const cameraById = useMemo(() => new Map(cameras.map((c) => [c.id, c])), [cameras]);

  const open = cases?.find((c) => c.case.id === openId) ?? null;

  return (
    <div
      className={`workspace-split detective${open ? ' has-case' : ''}${collapsed && open ? ' rail-collapsed' : ''}`}
    >
      <nav className="panel case-list" aria-labelledby="cases-title">
        <div className="panel-head">
          <h1 id="cases-title">{t('cases.title')}</h1>
          <div className="panel-head-actions">
            <button type="button" className="btn btn-small" onClick={() => void load()}>
              {t('cases.refresh')}
            </button>
            {open && (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setCollapsed(!collapsed)}
                aria-expanded={!collapsed}
                aria-label={collapsed ? t('detective.rail.expand') : t('detective.rail.collapse')}
                title={collapsed ? t('detective.rail.expand') : t('detective.rail.collapse')}
                data-testid="rail-toggle"
              >
                {collapsed ? '»' : '«'}
              </button>
            )}
          </div>
        </div>
        {error && (
          <p className="notice notice-danger" role="alert">
            {error}
          </p>
        )}
        <DepartedNotices notices={notices} onChange={setNotices} />
        {!cases && !error && <p className="muted">{t('common.loading')}</p>}
        {cases?.length === 0 && <p className="muted">{t('cases.none')}</p>}
        <ul className="case-items" data-testid="case-list">
          {cases?.map(({ case: c, local, damaged }) => (
            <li key={c.id}>
              <button
                type="button"
                className={`case-item${c.id === openId ? ' selected' : ''}`}
                aria-current={c.id === openId ? 'true' : undefined}
                onClick={() => setOpenId(c.id)}
                data-testid={`case-${c.id}`}
                title={`${c.number} · ${c.title}`}
              >
                <span className="case-short" aria-hidden="true">
                  {c.number.split('/').at(-1)}
                </span>
                <span className="case-number">{c.number}</span>
                <span className="case-title">{c.title}</span>
                <span className="case-meta">
                  <span className={`tag tag-${c.purpose}`}>{t(`purpose.${c.purpose}`)}</span>
                  {c.status === 'closed' && <span className="tag">{t('cases.closed')}</span>}
                  {damaged ? (
                    <span className="tag tag-warn" data-testid={`case-damaged-${c.id}`}>
                      {t('detective.damaged.tag')}
                    </span>
                  ) : (
                    <span className="muted">
                      {local ? t('cases.localReads', { count: local.reads }) : t('cases.noLocal')}
                      {local && local.hidden > 0 && (
                        <span data-testid={`case-hidden-${c.id}`}>
                          {' · '}
                          {t('detective.ageGate.short', {
                            count: local.hidden,
                            formatted: formatCount(local.hidden),
                          })}
                        </span>
                      )}
                    </span>
                  )}
                  <span className="muted">{formatDate(c.createdAt)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section className="case-main">
        {open?.damaged ? (
          <DamagedCase key={open.case.id} entry={open} onDiscarded={() => void load()} />
        ) : open ? (
          <CasePurposeContext.Provider value={open.case.purpose}>
            <CaseView
              key={open.case.id}
              entry={open}
              info={info}
              cameras={cameras}
              cameraById={cameraById}
              mapConfig={mapConfig}
              onChanged={() => void load()}
            />
          </CasePurposeContext.Provider>
        ) : (
          <div className="panel empty-state">
            <p className="muted">{t('cases.pick')}</p>
          </div>
        )}
      </section>
    </div>
  );
}

/**
 * Why cases left the officer's list: closed (when, and the reason given) or
 * unassigned, and whether this workstation's copy was erased. Each stays
 * until dismissed; dismissing moves focus to the next notice, or the list.
 */
function DepartedNotices({
  notices,
  onChange,
}: {
  notices: CaseNotice[];
  onChange: (notices: CaseNotice[]) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  if (notices.length === 0) return null;

  async function dismiss(caseId: string, index: number) {
    setError(null);
    try {
      const { notices: left } = await api['cases.dismissNotice']({ caseId });
      onChange(left);
      // Keyboard users stay in place: the next notice's button, else the case list.
      requestAnimationFrame(() => {
        const buttons = document.querySelectorAll<HTMLButtonElement>('[data-dismiss-notice]');
        const next = buttons[Math.min(index, buttons.length - 1)];
        if (next) next.focus();
        else document.querySelector<HTMLElement>('[data-testid="case-list"] button')?.focus();
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section className="departed-notices" aria-label={t('detective.departed.region')}>
      {notices.map((n, i) => (
        <div
          key={n.caseId}
          className="notice notice-warn departed-notice"
          role="status"
          data-testid={`case-departed-${n.caseId}`}
        >
          <strong>{t('detective.departed.title', { number: n.number })}</strong>
          {n.title && <p className="departed-title">{n.title}</p>}
          <p>
            {n.reason === 'unassigned'
              ? t('detective.departed.unassigned')
              : n.at
                ? t('detective.departed.closed', { date: formatDate(n.at) })
                : t('detective.departed.closedNoDate')}
          </p>
          {n.closeReason && <p>{t('detective.departed.closeReason', { reason: n.closeReason })}</p>}
          <p>
            {n.localCopyErased ? t('detective.departed.erased') : t('detective.departed.notHeld')}
          </p>
          <button
            type="button"
            className="btn btn-small"
            data-dismiss-notice
            aria-label={t('detective.departed.dismissLabel', { number: n.number })}
            onClick={() => void dismiss(n.caseId, i)}
          >
            {t('detective.departed.dismiss')}
          </button>
        </div>
      ))}
      {error && (
        <p className="notice notice-danger" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/**
 * A case whose local copy cannot be read: what happened, that nothing else
 * is affected, and the recovery (discard the copy, logged with a reason);
 * afterwards the case opens as one without local data, ready for a new pull.
 */
function DamagedCase({ entry, onDiscarded }: { entry: CaseEntry; onDiscarded: () => void }) {
  const { t } = useTranslation();
  const [justification, setJustification] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const damaged = entry.damaged!;

  async function discard(e: FormEvent) {
    e.preventDefault();
    if (!justificationValid(justification)) return;
    setBusy(true);
    setError(null);
    try {
      await api['cases.discardLocal']({ caseId: entry.case.id, justification });
      onDiscarded();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="panel form damaged-case"
      onSubmit={(e) => void discard(e)}
      data-testid="damaged-case"
    >
      <h2>
        {entry.case.number} · {entry.case.title}
      </h2>
      <div className="notice notice-warn" role="alert">
        <strong>{t('detective.damaged.title')}</strong>
        <p>{t(`detective.damaged.reason.${damaged.reason}`)}</p>
        <p>{t('detective.damaged.safe')}</p>
      </div>
      <JustificationField
        label={t('detective.damaged.justification')}
        hint={t('detective.why.hint')}
        value={justification}
        onChange={setJustification}
        testId="discard-justification"
      />
      {error && (
        <p className="notice notice-danger" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || !justificationValid(justification)}
          data-testid="discard-local"
        >
          {busy ? t('detective.damaged.discarding') : t('detective.damaged.discard')}
        </button>
      </div>
    </form>
  );
}
