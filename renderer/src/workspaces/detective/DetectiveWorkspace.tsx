import './detective.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, CaseEntry } from '../../../../common/api/contract.ts';
import type { MapConfig } from '../../../../common/api/detective-contract.ts';
import type { Camera } from '../../../../common/read.ts';
import { api } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { CaseView } from './CaseView.tsx';

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
      setCases((await api['cases.list']({})).cases);
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
        {!cases && !error && <p className="muted">{t('common.loading')}</p>}
        {cases?.length === 0 && <p className="muted">{t('cases.none')}</p>}
        <ul className="case-items" data-testid="case-list">
          {cases?.map(({ case: c, local }) => (
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
                  <span className="muted">
                    {local ? t('cases.localReads', { count: local.reads }) : t('cases.noLocal')}
                  </span>
                  <span className="muted">{formatDate(c.createdAt)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section className="case-main">
        {open ? (
          <CaseView
            key={open.case.id}
            entry={open}
            info={info}
            cameras={cameras}
            cameraById={cameraById}
            mapConfig={mapConfig}
            onChanged={() => void load()}
          />
        ) : (
          <div className="panel empty-state">
            <p className="muted">{t('cases.pick')}</p>
          </div>
        )}
      </section>
    </div>
  );
}
