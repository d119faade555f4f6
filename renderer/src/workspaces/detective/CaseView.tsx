import type L from 'leaflet';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, CaseEntry, PullStatus } from '../../../../common/api/contract.ts';
import type {
  AnalysisKind,
  AnalysisRun,
  AnalysisView,
  CaseReads,
  MapConfig,
  ReadView,
} from '../../../../common/api/detective-contract.ts';
import type { Area } from '../../../../common/geo.ts';
import { POLICY_PACKS } from '../../../../common/policy.ts';
import type { Camera } from '../../../../common/read.ts';
import type { MapBasemap } from '../../../../common/settings.ts';
import { api } from '../../api.ts';
import { useWorkstationNow } from '../../clock.ts';
import { formatCount, formatDate, formatDateTime, utcTitle } from '../../format.ts';
import { boundsOf, type MapHotlistHit, type MapSighting } from '../../map/index.ts';
import { assignRouteColours } from '../../map/palette.ts';
import { useMapThemeState } from '../../map/theme.ts';
import { displayZone, zoneLabel } from '../../zone.ts';
import { AnalysisForm, AREA_KINDS } from './AnalysisForm.tsx';
import { ageGateText } from './age-gate-text.ts';
import { AgeGateNotice } from './AgeGateNotice.tsx';
import { AnalysisResult } from './AnalysisResult.tsx';
import { inBucket, zoneDay, zoneMidnight, type Bucket, type BucketMode } from './buckets.ts';
import { CaseInfo } from './CaseInfo.tsx';
import { CaseMap, type Layers } from './CaseMap.tsx';
import type { DrawMode } from './DrawLayer.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { hitCategoriesOf, hitCategoryLabel, hitColour, pullHitSummary } from './hits.ts';
import { captureMap } from './map-capture.ts';
import { PlateLabel } from './PlateLabel.tsx';
import { PullForm } from './PullForm.tsx';
import { ReadsTable } from './ReadsTable.tsx';
import { RevealDialog } from './RevealDialog.tsx';
import { Timeline, type Speed } from './Timeline.tsx';
import { densityOf, groupByVehicle, routesOf, toMapSighting } from './vehicles.ts';
import type { Why } from './WhyFields.tsx';

interface Props {
  entry: CaseEntry;
  info: AppInfo;
  cameras: readonly Camera[];
  cameraById: ReadonlyMap<string, Camera>;
  mapConfig: MapConfig | null;
  onChanged: () => void;
}

type Tab = 'analyses' | 'read' | 'case';
const TABS: Tab[] = ['analyses', 'read', 'case'];
/** Vehicles an analysis puts on the map at most: more lines are no longer readable. */
const MAX_SHOWN = 8;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The case workspace: the map (cameras, coverage gaps, routes, sightings,
 * density), the timeline and the reads table below it, and on the side the
 * analyses, the selected read and the case with its pulls. Selecting in one
 * selects in the others.
 */
const OFFLINE: MapBasemap = { kind: 'offline' };

export function CaseView({ entry, info, cameras, cameraById, mapConfig, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const c = entry.case;
  const theme = useMapThemeState();

  // --- Pulls (poll while one runs) -------------------------------------------
  const [pulls, setPulls] = useState<PullStatus[]>([]);
  const [adding, setAdding] = useState(false);
  const loadPulls = useCallback(async () => {
    setPulls((await api['pulls.list']({ caseId: c.id })).pulls);
  }, [c.id]);
  useEffect(() => {
    void loadPulls().catch(() => {});
  }, [loadPulls]);
  const running = pulls.some((p) => p.state === 'running' || p.state === 'retrying');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void loadPulls().catch(() => {}), 400);
    return () => clearInterval(timer);
  }, [running, loadPulls]);

  // --- Reads and saved runs ----------------------------------------------------
  const [data, setData] = useState<CaseReads | null>(null);
  const [runs, setRuns] = useState<AnalysisRun[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Reads held here, shown or hidden by the age gate: the view says what it hides.
  const hasLocal = (entry.local?.reads ?? 0) + (entry.local?.hidden ?? 0) > 0;
  // One opening of this case's view (it is keyed by case): its reads are logged
  // as one consultation, however often they reload.
  const [viewSession] = useState(() => crypto.randomUUID());
  const loadReads = useCallback(async () => {
    setLoadError(null);
    try {
      const [reads, saved] = await Promise.all([
        api['detective.reads']({ caseId: c.id, viewSession }),
        api['detective.runs']({ caseId: c.id }),
      ]);
      setData(reads);
      setRuns(saved.runs);
    } catch (e) {
      setLoadError(errorText(e));
    }
  }, [c.id, viewSession]);
  useEffect(() => {
    if (hasLocal) void loadReads();
    else setData(null);
  }, [hasLocal, loadReads]);
  // When a pull finishes, reload the reads and tell the case list once.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running) {
      onChanged();
      void loadReads();
    }
    wasRunning.current = running;
  }, [running, onChanged, loadReads]);

  // --- Selection state ----------------------------------------------------------
  const [view, setView] = useState<AnalysisView | null>(null);
  const [revealed, setRevealed] = useState<ReadonlyMap<string, { plate: string; display: string }>>(
    new Map(),
  );
  const [shown, setShown] = useState<string[] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [playhead, setPlayhead] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(21_600);
  const [mode, setMode] = useState<BucketMode>('day');
  const [bucket, setBucket] = useState<Bucket | null>(null);
  const [layers, setLayers] = useState<Layers>({
    cameras: true,
    gaps: true,
    routes: true,
    sightings: true,
    density: false,
    hits: true,
  });
  const [tab, setTab] = useState<Tab>(hasLocal ? 'analyses' : 'case');
  const [kind, setKind] = useState<AnalysisKind>('convoy');
  const [area, setArea] = useState<Area | null>(null);
  const [drawMode, setDrawMode] = useState<DrawMode>('none');
  const [busy, setBusy] = useState(false);
  // After a run the form folds away so the result is in view; its values are kept.
  const [formOpen, setFormOpen] = useState(true);
  const [runError, setRunError] = useState<string | null>(null);
  // A message key and its values, so the notice follows a change of language.
  const [notice, setNotice] = useState<{ key: string; values: Record<string, string> } | null>(
    null,
  );
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 8000);
    return () => clearTimeout(timer);
  }, [notice]);
  // Hidden reads lead to the case's extended-access requests: its tab, scrolled to them.
  const [accessAsked, setAccessAsked] = useState(0);
  const openAccess = useCallback(() => {
    setTab('case');
    setAccessAsked((n) => n + 1);
  }, []);
  useEffect(() => {
    if (accessAsked === 0 || tab !== 'case') return;
    const panel = document.querySelector('[data-testid="extended-access"]');
    panel?.scrollIntoView({ block: 'start' });
    panel?.querySelector<HTMLElement>('[data-testid="request-access"]')?.focus();
  }, [accessAsked, tab]);
  const [exporting, setExporting] = useState(false);
  const [revealing, setRevealing] = useState<ReadView | null>(null);
  const [tableScope, setTableScope] = useState<'shown' | 'all'>('shown');
  const [cameraFilter, setCameraFilter] = useState<string | null>(null);
  const mapRef = useRef<L.Map | null>(null);

  // --- Derived data ---------------------------------------------------------------
  const reads = useMemo(() => data?.reads ?? [], [data]);
  const byVehicle = useMemo(() => groupByVehicle(reads), [reads]);
  const labels = useMemo(() => {
    const out = new Map<string, { text: string; masked: boolean }>();
    for (const r of reads)
      if (!out.has(r.vehicle)) out.set(r.vehicle, { text: r.display, masked: r.masked });
    for (const v of view?.vehicles ?? [])
      if (!out.has(v.vehicle)) out.set(v.vehicle, { text: v.display, masked: v.masked });
    for (const [vehicle, r] of revealed) out.set(vehicle, { text: r.display, masked: false });
    return out;
  }, [reads, view, revealed]);
  const labelOf = useCallback(
    (vehicle: string) => labels.get(vehicle) ?? { text: vehicle, masked: vehicle.startsWith('v:') },
    [labels],
  );
  const textOf = useCallback((vehicle: string) => labelOf(vehicle).text, [labelOf]);

  const targets = useMemo(() => data?.targets ?? [], [data]);
  const shownList = useMemo(
    () => shown ?? targets.filter((p) => byVehicle.has(p)),
    [shown, targets, byVehicle],
  );
  const colours = useMemo(() => {
    const list = assignRouteColours(
      shownList.map(() => ({})),
      theme.routes,
    );
    return new Map(shownList.map((v, i) => [v, list[i]!]));
  }, [shownList, theme.routes]);
  const colourOf = useCallback((vehicle: string) => colours.get(vehicle), [colours]);

  // Plates that may be named (analysis forms, exports): targets and plates opened here.
  const namedPlates = useMemo(() => {
    const out = new Set(targets);
    for (const r of revealed.values()) out.add(r.plate);
    return [...out];
  }, [targets, revealed]);

  const range = useMemo((): [number, number] | null => {
    if (reads.length === 0) return null;
    const lo = Date.parse(reads[0]!.capturedAt);
    const hi = Date.parse(reads.at(-1)!.capturedAt);
    const lastDay = zoneDay(hi);
    const next = zoneDay(zoneMidnight(lastDay) + 36 * 3_600_000);
    return [zoneMidnight(zoneDay(lo)), zoneMidnight(next) - 1];
  }, [reads]);

  const scopeReads = useMemo(() => {
    const shownSet = new Set(shownList);
    let list =
      tableScope === 'shown' && shownSet.size > 0
        ? reads.filter((r) => shownSet.has(r.vehicle))
        : reads;
    if (cameraFilter) list = list.filter((r) => r.unitId === cameraFilter);
    return list;
  }, [reads, shownList, tableScope, cameraFilter]);
  const tableReads = useMemo(
    () =>
      bucket
        ? scopeReads.filter((r) => inBucket(Date.parse(r.capturedAt), mode, bucket))
        : scopeReads,
    [scopeReads, bucket, mode],
  );
  const times = useMemo(() => scopeReads.map((r) => Date.parse(r.capturedAt)), [scopeReads]);

  const routes = useMemo(
    () =>
      routesOf(shownList, byVehicle, view?.sightings ?? [], textOf, cameraById).map((r, i) => ({
        ...r,
        colour: colours.get(shownList[i]!)!,
      })),
    [shownList, byVehicle, view, textOf, cameraById, colours],
  );
  const selectedRead = useMemo(
    () => reads.find((r) => r.id === selectedId) ?? null,
    [reads, selectedId],
  );
  const sightings = useMemo((): MapSighting[] => {
    const out: MapSighting[] = [];
    const seen = new Set<string>();
    for (const vehicle of shownList) {
      for (const r of byVehicle.get(vehicle) ?? []) {
        const at = Date.parse(r.capturedAt);
        if (playhead !== null && at > playhead) continue;
        if (bucket && !inBucket(at, mode, bucket)) continue;
        out.push(toMapSighting(r, textOf(vehicle), cameraById, colours.get(vehicle)));
        seen.add(r.id);
      }
    }
    if (selectedRead && !seen.has(selectedRead.id))
      out.push(toMapSighting(selectedRead, textOf(selectedRead.vehicle), cameraById));
    return out;
  }, [shownList, byVehicle, playhead, bucket, mode, selectedRead, textOf, cameraById, colours]);
  const density = useMemo(() => densityOf(reads, cameraById), [reads, cameraById]);
  // Hotlist hits (#14): every hit the case holds, whoever's vehicle, within the timeline's playhead and bucket.
  const hitCategories = useMemo(() => hitCategoriesOf(POLICY_PACKS[info.policyPack]), [info]);
  const hitLabel = useCallback(
    (category: number | null | undefined) =>
      hitCategoryLabel(hitCategories, category, i18n.language) ?? t('detective.hits.uncategorised'),
    [hitCategories, i18n.language, t],
  );
  const hits = useMemo((): MapHotlistHit[] => {
    const out: MapHotlistHit[] = [];
    for (const r of reads) {
      if (!r.hit) continue;
      const at = Date.parse(r.capturedAt);
      if (playhead !== null && at > playhead) continue;
      if (bucket && !inBucket(at, mode, bucket)) continue;
      const site = cameraById.get(r.unitId)?.site;
      out.push({
        id: r.id,
        lat: r.lat,
        lon: r.lon,
        at: r.capturedAt,
        unitId: r.unitId,
        plate: textOf(r.vehicle),
        category: hitLabel(r.hitCategory),
        code: r.hitCategory == null ? '' : String(r.hitCategory),
        colour: hitColour(r.hitCategory),
        ...(site ? { camera: site } : {}),
      });
    }
    return out;
  }, [reads, playhead, bucket, mode, cameraById, textOf, hitLabel]);
  // The case's latest pull, when it brought hits (counted as it stores them),
  // until the officer dismisses the notice; a later pull without hits ends it.
  const [hitsSeen, setHitsSeen] = useState<ReadonlySet<string>>(new Set());
  const hitPull = useMemo(() => {
    const latest = pulls.reduce<PullStatus | null>(
      (a, p) => (a && a.startedAt >= p.startedAt ? a : p),
      null,
    );
    const summary = latest && !hitsSeen.has(latest.pullId) ? pullHitSummary(latest.hits) : null;
    return latest && summary ? { pullId: latest.pullId, ...summary } : null;
  }, [pulls, hitsSeen]);

  const fit = useMemo(() => {
    const pts = routes.flatMap((r) => r.sightings);
    if (pts.length > 0) return boundsOf(pts);
    if (view && view.sightings.length > 0) return boundsOf(view.sightings);
    return reads.length > 0 ? boundsOf(reads) : null;
  }, [routes, view, reads]);

  const coverageWindow = useMemo(() => {
    if (bucket?.from != null && bucket.to != null)
      return { from: new Date(bucket.from).toISOString(), to: new Date(bucket.to).toISOString() };
    return range
      ? { from: new Date(range[0]).toISOString(), to: new Date(range[1]).toISOString() }
      : null;
  }, [bucket, range]);
  // Without reads, the cameras' state now: the workstation's now, not the browser's.
  const now = useWorkstationNow();
  const statusAt = useMemo(
    () => new Date(playhead ?? range?.[1] ?? now.getTime()),
    [playhead, range, now],
  );

  // --- Actions ---------------------------------------------------------------------
  const selectRead = useCallback(
    (read: ReadView | string) => {
      const r = typeof read === 'string' ? reads.find((x) => x.id === read) : read;
      setSelectedId(typeof read === 'string' ? read : read.id);
      const map = mapRef.current;
      if (r && map && !map.getBounds().contains([r.lat, r.lon])) map.panTo([r.lat, r.lon]);
    },
    [reads],
  );

  const focus = (vehicles: string[], readId: string | null) => {
    setShown([...new Set(vehicles)].slice(0, MAX_SHOWN));
    setTableScope('shown');
    setBucket(null);
    if (readId) setSelectedId(readId);
  };

  const run = async (k: AnalysisKind, params: Record<string, unknown>, why: Why) => {
    setBusy(true);
    setRunError(null);
    setNotice(null);
    try {
      const v = await api['detective.analyze']({ caseId: c.id, kind: k, params, ...why });
      setView(v);
      setRuns((prev) => [v.run, ...prev]);
      setFormOpen(false);
      showResult(v);
    } catch (e) {
      setRunError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const showResult = (v: AnalysisView) => {
    const d = v.detail;
    const first = (ids: string[]) => ids.slice(0, MAX_SHOWN);
    setPlayhead(null);
    setBucket(null);
    setSelectedId(null);
    switch (d.kind) {
      case 'convoy':
        focus(first([d.target, ...d.rows.slice(0, 2).map((r) => r.vehicle)]), null);
        break;
      case 'impossibleJourneys':
        focus(first(d.rows.slice(0, 1).map((r) => r.vehicle)), d.rows[0]?.from ?? null);
        break;
      case 'stakeout':
      case 'multiPlace':
        focus(first(d.rows.map((r) => r.vehicle)), null);
        break;
      case 'plateSearch':
        focus(first(d.plates.map((r) => r.vehicle)), null);
        break;
      case 'locate':
        focus([d.vehicle], null);
        break;
      case 'firstLastSeen':
        focus(first(d.rows.filter((r) => r.count > 0).map((r) => r.vehicle)), null);
        break;
    }
  };

  const openRun = async (r: AnalysisRun) => {
    setRunError(null);
    try {
      const v = await api['detective.openRun']({ caseId: c.id, runId: r.id });
      setView(v);
      setKind(v.run.kind);
      setFormOpen(false);
      setTab('analyses');
      showResult(v);
    } catch (e) {
      setRunError(errorText(e));
    }
  };

  const reveal = async (readId: string, vehicle: string, why: Why | { runId: string }) => {
    const res = await api['detective.revealPlate']({ caseId: c.id, readId, ...why });
    setRevealed((prev) =>
      new Map(prev).set(vehicle, res).set(res.vehicle, { plate: res.plate, display: res.display }),
    );
    setNotice({ key: 'detective.mask.opened', values: { plate: res.display } });
  };
  const revealVehicle = (vehicle: string) => {
    const ref =
      view?.vehicles.find((v) => v.vehicle === vehicle)?.ref ?? byVehicle.get(vehicle)?.[0]?.id;
    if (!ref) return;
    if (view && view.vehicles.some((v) => v.vehicle === vehicle))
      void reveal(ref, vehicle, { runId: view.run.id }).catch((e) => setRunError(errorText(e)));
    else {
      const read = byVehicle.get(vehicle)?.[0];
      if (read) setRevealing(read);
    }
  };
  const revealRead = (read: ReadView) => {
    if (view && view.vehicles.some((v) => v.vehicle === read.vehicle))
      void reveal(read.id, read.vehicle, { runId: view.run.id }).catch((e) =>
        setRunError(errorText(e)),
      );
    else setRevealing(read);
  };

  const onCamera = (cameraId: string) => {
    // While a circle or polygon is drawn, a click on a camera is a corner, not a filter.
    if (drawMode === 'circle' || drawMode === 'polygon') return;
    if (drawMode === 'cameras') {
      const ids = area?.kind === 'cameras' ? area.cameraIds : [];
      const next = ids.includes(cameraId) ? ids.filter((x) => x !== cameraId) : [...ids, cameraId];
      setArea(next.length ? { kind: 'cameras', cameraIds: next } : null);
    } else {
      setCameraFilter(cameraId);
      setTableScope('all');
    }
  };

  const suggestedCameras = useMemo(() => {
    const counts = new Map<string, number>();
    for (const target of targets)
      for (const r of byVehicle.get(target) ?? [])
        counts.set(r.unitId, (counts.get(r.unitId) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 50)
      .map(([id]) => id);
  }, [targets, byVehicle]);

  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    if (e.key === 'ArrowRight') setTab(TABS[(i + 1) % TABS.length]!);
    if (e.key === 'ArrowLeft') setTab(TABS[(i + TABS.length - 1) % TABS.length]!);
  };

  const drawing = tab === 'analyses' && AREA_KINDS.has(kind);
  const period =
    range && reads.length ? { from: reads[0]!.capturedAt, to: reads.at(-1)!.capturedAt } : null;
  // Analyses default to the whole case, first to last read as the store holds
  // them: the reads loaded above may stop at their limit.
  const casePeriod =
    entry.local?.firstRead && entry.local.lastRead
      ? { from: entry.local.firstRead, to: entry.local.lastRead }
      : null;

  return (
    <div className="case-workspace" data-testid="case-workspace">
      <header className="case-bar">
        <div className="case-bar-title">
          <span className="eyebrow">{c.number}</span>
          <h1 id="case-title" title={c.title}>
            {c.title}
          </h1>
        </div>
        <span className={`tag tag-${c.purpose}`}>{t(`purpose.${c.purpose}`)}</span>
        {data && (
          <dl className="case-bar-stats">
            <div>
              <dt>{t('cases.reads')}</dt>
              <dd data-testid="bar-reads">{formatCount(data.total)}</dd>
            </div>
            {data.withheld.count > 0 && (
              <div className="case-bar-hidden">
                <dt>{t('detective.ageGate.label')}</dt>
                <dd>
                  <button
                    type="button"
                    className="case-bar-hidden-link"
                    title={ageGateText(t, data.withheld)}
                    onClick={openAccess}
                    data-testid="bar-hidden"
                    data-count={data.withheld.count}
                  >
                    {formatCount(data.withheld.count)}
                  </button>
                </dd>
              </div>
            )}
            <div>
              <dt>{t('detective.bar.targets')}</dt>
              <dd className="plate">{targets.map(textOf).join(', ') || '—'}</dd>
            </div>
            {period && (
              <div className="case-bar-span">
                <dt>{t('cases.span')}</dt>
                <dd>
                  <span title={utcTitle(period.from)}>{formatDate(period.from)}</span> –{' '}
                  <span title={utcTitle(period.to)}>{formatDate(period.to)}</span>
                </dd>
              </div>
            )}
          </dl>
        )}
        <div className="case-bar-actions">
          <button
            type="button"
            className="btn"
            onClick={() => setAdding(true)}
            disabled={c.status !== 'open'}
            title={t('pull.add')}
            data-testid="add-data"
          >
            {t('detective.bar.addData')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setExporting(true)}
            disabled={!data || data.reads.length === 0}
            data-testid="export"
          >
            {t('detective.export.button')}
          </button>
        </div>
      </header>

      <div className="case-grid">
        <div className="case-map-area">
          <CaseMap
            cameras={cameras}
            cameraById={cameraById}
            basemap={mapConfig?.basemap ?? OFFLINE}
            layers={layers}
            onLayers={setLayers}
            window={coverageWindow}
            statusAt={statusAt}
            routes={routes}
            upTo={playhead === null ? undefined : new Date(playhead)}
            sightings={sightings}
            selectedId={selectedId}
            onSelectRead={(id) => selectRead(id)}
            density={layers.density ? density : []}
            hits={hits}
            fit={fit}
            drawMode={drawMode}
            onDrawMode={setDrawMode}
            area={area}
            onArea={setArea}
            onCamera={onCamera}
            onMap={(m) => (mapRef.current = m)}
            drawing={drawing}
          />
          {!hasLocal && (
            <div className="map-callout" role="status">
              <p>{t('cases.noLocalLong')}</p>
            </div>
          )}
        </div>

        <div className="case-bottom">
          {range && (
            <Timeline
              times={times}
              range={range}
              playhead={playhead}
              onPlayhead={setPlayhead}
              playing={playing}
              onPlaying={setPlaying}
              speed={speed}
              onSpeed={setSpeed}
              mode={mode}
              onMode={setMode}
              bucket={bucket}
              onBucket={setBucket}
              selectedAt={selectedRead ? Date.parse(selectedRead.capturedAt) : null}
              language={i18n.language}
            />
          )}
          <div className="table-tools">
            <div className="segmented-buttons" role="group" aria-label={t('detective.table.scope')}>
              {(['shown', 'all'] as const).map((s) => (
                <button
                  key={s}
                  type="button"
                  aria-pressed={tableScope === s}
                  onClick={() => setTableScope(s)}
                  data-testid={`table-scope-${s}`}
                >
                  {t(`detective.table.scopes.${s}`)}
                </button>
              ))}
            </div>
            {cameraFilter && (
              <span className="chip">
                {t('detective.table.atCamera', {
                  camera: cameraById.get(cameraFilter)?.site ?? cameraFilter,
                })}
                <button
                  type="button"
                  className="chip-close"
                  onClick={() => setCameraFilter(null)}
                  aria-label={t('detective.table.clearFilter')}
                >
                  ×
                </button>
              </span>
            )}
            {bucket && (
              <span className="chip">
                {bucket.title}
                <button
                  type="button"
                  className="chip-close"
                  onClick={() => setBucket(null)}
                  aria-label={t('detective.table.clearFilter')}
                >
                  ×
                </button>
              </span>
            )}
            {data?.truncated && (
              <span className="notice notice-warn small">
                {t('detective.table.truncated', { count: data.reads.length })}
              </span>
            )}
          </div>
          <ReadsTable
            reads={tableReads}
            selectedId={selectedId}
            onSelect={selectRead}
            cameraById={cameraById}
            colourOf={colourOf}
            labelOf={labelOf}
            hitLabel={hitLabel}
            onReveal={revealRead}
            caption={t(`detective.table.scopes.${tableScope}`)}
          />
        </div>

        <aside className="case-side">
          <div
            className="tabs"
            role="tablist"
            aria-label={t('detective.tabs.label')}
            onKeyDown={onTabKey}
          >
            {TABS.map((x) => (
              <button
                key={x}
                type="button"
                role="tab"
                id={`tab-${x}`}
                aria-selected={tab === x}
                aria-controls={`panel-${x}`}
                tabIndex={tab === x ? 0 : -1}
                onClick={() => setTab(x)}
                data-testid={`tab-${x}`}
              >
                {t(`detective.tabs.${x}`)}
              </button>
            ))}
          </div>
          <div
            className="tab-panel"
            role="tabpanel"
            id={`panel-${tab}`}
            aria-labelledby={`tab-${tab}`}
          >
            {loadError && (
              <p className="notice notice-danger" role="alert">
                {loadError}
              </p>
            )}
            {notice && (
              <p className="notice notice-ok" role="status" data-testid="notice">
                {t(notice.key, notice.values)}
              </p>
            )}
            {hitPull && (
              <div className="notice notice-warn hit-notice" role="status" data-testid="hit-notice">
                <div className="hit-notice-head">
                  <span>
                    {t('detective.hits.notice', {
                      count: hitPull.count,
                      // Named in full when few; by number when many (the list below names them).
                      categories: t('detective.hits.categories', {
                        count: hitPull.categories.length,
                        list:
                          hitPull.categories.length <= 2
                            ? hitPull.categories.map((c) => hitLabel(c.category)).join('; ')
                            : hitPull.categories.map((c) => c.category ?? '—').join(', '),
                      }),
                    })}
                  </span>
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => setHitsSeen((s) => new Set([...s, hitPull.pullId]))}
                    data-testid="hit-notice-dismiss"
                  >
                    {t('detective.hits.dismiss')}
                  </button>
                </div>
                {hitPull.categories.length > 2 && (
                  <details>
                    <summary>{t('detective.hits.which')}</summary>
                    <ul className="hit-notice-list">
                      {hitPull.categories.map((c) => (
                        <li key={c.category ?? 'none'}>
                          <i
                            className="swatch"
                            style={{ background: hitColour(c.category) }}
                            aria-hidden="true"
                          />
                          {hitLabel(c.category)} ({formatCount(c.count)})
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </div>
            )}
            {tab !== 'case' && (
              <AgeGateNotice
                withheld={tab === 'analyses' && view ? null : data?.withheld}
                onRequestAccess={openAccess}
                testId="case-hidden"
              />
            )}
            {tab === 'analyses' &&
              (hasLocal ? (
                <>
                  {!formOpen && view && (
                    <div className="run-summary">
                      <span>
                        <strong>{t(`detective.kind.${view.run.kind}`)}</strong>{' '}
                        <span className="muted">{paramsSummary(view.run.params)}</span>
                      </span>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => setFormOpen(true)}
                        data-testid="analysis-change"
                      >
                        {t('detective.form.change')}
                      </button>
                    </div>
                  )}
                  <div hidden={!formOpen && view !== null}>
                    <AnalysisForm
                      key={`${kind}-${casePeriod?.from ?? ''}-${casePeriod?.to ?? ''}`}
                      kind={kind}
                      onKind={(k) => {
                        setKind(k);
                        setDrawMode('none');
                      }}
                      plates={namedPlates}
                      period={casePeriod}
                      area={area}
                      onArea={setArea}
                      mapCentre={() => {
                        const m = mapRef.current?.getCenter();
                        return m ? { lat: m.lat, lon: m.lng } : null;
                      }}
                      busy={busy}
                      onRun={(k, params, why) => void run(k, params, why)}
                    />
                  </div>
                  {runError && (
                    <p className="notice notice-danger" role="alert" data-testid="analysis-error">
                      {runError}
                    </p>
                  )}
                  {view && (
                    <AnalysisResult
                      key={view.run.id}
                      view={view}
                      onRequestAccess={openAccess}
                      cameraById={cameraById}
                      labelOf={labelOf}
                      colourOf={colourOf}
                      onFocus={focus}
                      onReveal={revealVehicle}
                      focused={new Set(shownList)}
                    />
                  )}
                </>
              ) : (
                <p className="muted">{t('detective.analysesNeedData')}</p>
              ))}
            {tab === 'read' && (
              <ReadDetails
                read={selectedRead}
                camera={selectedRead ? cameraById.get(selectedRead.unitId) : undefined}
                label={selectedRead ? labelOf(selectedRead.vehicle) : null}
                hitLabel={hitLabel}
                onReveal={() => selectedRead && revealRead(selectedRead)}
                shown={selectedRead ? shownList.includes(selectedRead.vehicle) : false}
                onShow={() =>
                  selectedRead &&
                  setShown([...new Set([...shownList, selectedRead.vehicle])].slice(-MAX_SHOWN))
                }
              />
            )}
            {tab === 'case' && (
              <CaseInfo
                entry={entry}
                withheld={data?.withheld ?? null}
                pulls={pulls}
                runs={runs}
                onPullsChanged={() => void loadPulls()}
                onPullStarted={(p) =>
                  setPulls((prev) => [p, ...prev.filter((x) => x.pullId !== p.pullId)])
                }
                onOpenRun={(r) => void openRun(r)}
              />
            )}
          </div>
        </aside>
      </div>

      {adding && (
        <PullForm
          caseEntry={entry}
          suggestedCameras={suggestedCameras}
          onCancel={() => setAdding(false)}
          onStarted={(p) => {
            setAdding(false);
            setTab('case');
            setPulls((prev) => [p, ...prev.filter((x) => x.pullId !== p.pullId)]);
          }}
        />
      )}
      {exporting && (
        <ExportDialog
          caseId={c.id}
          caseNumber={c.number}
          plates={namedPlates}
          preselected={shownList
            .map((v) => (v.startsWith('v:') ? revealed.get(v)?.plate : v))
            .filter((x): x is string => !!x && namedPlates.includes(x))}
          window={null}
          run={view?.run ?? null}
          config={mapConfig}
          captureMap={() => (mapRef.current ? captureMap(mapRef.current, theme.sea) : null)}
          onClose={() => setExporting(false)}
          onRequestAccess={() => {
            setExporting(false);
            openAccess();
          }}
        />
      )}
      {revealing && (
        <RevealDialog
          masked={revealing.display}
          onCancel={() => setRevealing(null)}
          onConfirm={async (why) => {
            await reveal(revealing.id, revealing.vehicle, why);
            setRevealing(null);
          }}
        />
      )}
    </div>
  );
}

/** A run's main parameters in one line ("2QQR164 · ±60 s · k ≥ 3"). */
function paramsSummary(params: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof params.plate === 'string') parts.push(params.plate);
  if (typeof params.pattern === 'string') parts.push(params.pattern);
  if (Array.isArray(params.plates)) parts.push(params.plates.join(', '));
  if (typeof params.windowSeconds === 'number') parts.push(`±${params.windowSeconds} s`);
  if (typeof params.minCameras === 'number') parts.push(`k ≥ ${params.minCameras}`);
  if (typeof params.maxSpeedKmh === 'number') parts.push(`> ${params.maxSpeedKmh} km/h`);
  const area = params.area as Area | undefined;
  if (area?.kind === 'circle') parts.push(`⌀ ${Math.round(area.radiusM * 2)} m`);
  if (area?.kind === 'cameras') parts.push(`${area.cameraIds.length} cam.`);
  if (typeof params.from === 'string') parts.push(formatDateTime(params.from));
  if (typeof params.to === 'string') parts.push(`– ${formatDateTime(params.to)}`);
  return parts.join(' · ');
}

function ReadDetails({
  read,
  camera,
  label,
  hitLabel,
  onReveal,
  shown,
  onShow,
}: {
  read: ReadView | null;
  camera: Camera | undefined;
  label: { text: string; masked: boolean } | null;
  hitLabel: (category: number | null | undefined) => string;
  onReveal: () => void;
  shown: boolean;
  onShow: () => void;
}) {
  const { t, i18n } = useTranslation();
  if (!read || !label) return <p className="muted">{t('detective.read.none')}</p>;
  return (
    <div className="read-details" data-testid="read-details">
      <h3>
        <PlateLabel text={label.text} masked={label.masked} onReveal={onReveal} />
      </h3>
      <dl className="facts facts-compact">
        <dt>{t('map.sighting.time', { zone: zoneLabel(displayZone(), i18n.language) })}</dt>
        <dd>{formatDateTime(read.capturedAt)}</dd>
        <dt>{t('map.sighting.utc')}</dt>
        <dd>{read.capturedAt.replace('.000Z', 'Z')}</dd>
        <dt>{t('map.sighting.camera')}</dt>
        <dd>
          {camera?.site ?? read.unitId}
          <small className="muted"> ({read.unitId})</small>
        </dd>
        {camera?.road && (
          <>
            <dt>{t('map.camera.road')}</dt>
            <dd>{camera.road}</dd>
          </>
        )}
        <dt>{t('map.sighting.direction')}</dt>
        <dd>{read.direction ?? '—'}</dd>
        <dt>{t('map.sighting.confidence')}</dt>
        <dd>{Math.round(read.confidence * 100)} %</dd>
        <dt>{t('map.sighting.alternatives')}</dt>
        <dd>
          {read.alternatives.length
            ? read.alternatives
                .map((a) => `${a.plate} (${Math.round(a.confidence * 100)} %)`)
                .join(', ')
            : label.masked
              ? t('detective.read.hidden')
              : t('map.sighting.none')}
        </dd>
        <dt>{t('detective.read.country')}</dt>
        <dd>{label.masked ? '—' : (read.country ?? '—')}</dd>
        <dt>{t('detective.read.hit')}</dt>
        <dd data-testid="read-hit">
          {read.hit ? hitLabel(read.hitCategory) : t('detective.read.no')}
        </dd>
        {read.approvalId && (
          <>
            <dt>{t('detective.read.approval')}</dt>
            <dd>{read.approvalId}</dd>
          </>
        )}
      </dl>
      {!shown && (
        <button type="button" className="btn btn-small" onClick={onShow}>
          {t('detective.read.showRoute')}
        </button>
      )}
    </div>
  );
}
