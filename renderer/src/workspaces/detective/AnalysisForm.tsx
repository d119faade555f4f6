import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AnalysisKind } from '../../../../common/api/detective-contract.ts';
import type { Area } from '../../../../common/geo.ts';
import { formatDateTime } from '../../format.ts';
import { displayZone, zoneLabel } from '../../zone.ts';
import { fromZoneInput, fromZoneInputThrough, toZoneInputSeconds } from '../../zone-input.ts';
import { whyValid, WhyFields, type Why } from './WhyFields.tsx';
import { Field } from '../../components/Field.tsx';

export const KINDS: readonly AnalysisKind[] = [
  'convoy',
  'stakeout',
  'impossibleJourneys',
  'plateSearch',
  'locate',
  'multiPlace',
  'firstLastSeen',
];

const DEFAULT_REASON: Record<AnalysisKind, Why['reasonCode']> = {
  convoy: 'association',
  stakeout: 'scene-presence',
  multiPlace: 'scene-presence',
  impossibleJourneys: 'cloned-plate',
  plateSearch: 'suspect-vehicle',
  locate: 'suspect-vehicle',
  firstLastSeen: 'suspect-vehicle',
};

/** Kinds that need a place drawn on the map. */
export const AREA_KINDS: ReadonlySet<AnalysisKind> = new Set(['stakeout', 'multiPlace']);

interface Place {
  label: string;
  area: Area;
  from: string;
  to: string;
}

interface Props {
  kind: AnalysisKind;
  onKind: (kind: AnalysisKind) => void;
  /** Plates the officer may name: the case's targets and plates opened in this session. */
  plates: readonly string[];
  /**
   * The whole period of the case's reads (ISO): its first and last read as the
   * case store holds them, not the window loaded for the map. Default From/To.
   */
  period: { from: string; to: string } | null;
  area: Area | null;
  onArea: (area: Area | null) => void;
  /** Centre of the map, for typing a circle without a mouse. */
  mapCentre: () => { lat: number; lon: number } | null;
  busy: boolean;
  onRun: (kind: AnalysisKind, params: Record<string, unknown>, why: Why) => void;
}

export function describeArea(area: Area, t: TFunction) {
  switch (area.kind) {
    case 'circle':
      return t('detective.area.circle', {
        radius: Math.round(area.radiusM),
        lat: area.lat.toFixed(4),
        lon: area.lon.toFixed(4),
      });
    case 'polygon':
      return t('detective.area.polygon', { count: area.points.length });
    case 'cameras':
      return t('detective.area.cameras', { count: area.cameraIds.length });
  }
}

/** The parameters of one analysis, and why it is run. */
export function AnalysisForm(p: Props) {
  const { t, i18n } = useTranslation();
  const [why, setWhy] = useState<Why>({
    offenceType: '',
    reasonCode: DEFAULT_REASON[p.kind],
    justification: '',
  });
  const [plate, setPlate] = useState(p.plates[0] ?? '');
  const [plateText, setPlateText] = useState('');
  const [mode, setMode] = useState<'exact' | 'wildcard' | 'fuzzy'>('exact');
  const [maxSubs, setMaxSubs] = useState(1);
  const [windowSeconds, setWindowSeconds] = useState(60);
  const [minCameras, setMinCameras] = useState(3);
  const [maxSpeed, setMaxSpeed] = useState(250);
  const [wholeCase, setWholeCase] = useState(true);
  // The fields carry seconds (step={1}), so the default period is the case's to
  // the second: its first read is at or after From, its last at or before To.
  const [from, setFrom] = useState(p.period ? toZoneInputSeconds(p.period.from) : '');
  const [to, setTo] = useState(p.period ? toZoneInputSeconds(p.period.to) : '');
  const [places, setPlaces] = useState<Place[]>([]);
  const [plateList, setPlateList] = useState(p.plates.join('\n'));
  const [cameraText, setCameraText] = useState('');

  const selected = plate || p.plates[0] || '__other';
  const chosenPlate = selected === '__other' ? plateText.trim() : selected;
  const range = () => {
    const f = fromZoneInput(from);
    // Analyses take `to` inclusively, to the millisecond (captured_at BETWEEN from
    // AND to): To is the end of the second it shows, so "To 22:22:18" holds a read
    // at 22:22:18.640 (and "22:22:00", which browsers report as `…T22:22`, ends at 22:22:00.999).
    const tt = fromZoneInputThrough(to, 'second');
    return { ...(f ? { from: f } : {}), ...(tt ? { to: tt } : {}) };
  };

  const params = (): Record<string, unknown> | null => {
    switch (p.kind) {
      case 'convoy':
        return chosenPlate ? { plate: chosenPlate, windowSeconds, minCameras, ...range() } : null;
      case 'locate':
        return chosenPlate ? { plate: chosenPlate, ...range() } : null;
      case 'impossibleJourneys':
        return wholeCase
          ? { maxSpeedKmh: maxSpeed }
          : chosenPlate
            ? { plate: chosenPlate, maxSpeedKmh: maxSpeed }
            : null;
      case 'plateSearch': {
        const text = plateText.trim();
        if (!text) return null;
        return mode === 'wildcard'
          ? { mode, pattern: text }
          : mode === 'fuzzy'
            ? { mode, plate: text, maxSubstitutions: maxSubs }
            : { mode, plate: text };
      }
      case 'stakeout': {
        const r = range();
        return p.area && r.from && r.to ? { area: p.area, ...r } : null;
      }
      case 'multiPlace':
        return places.length >= 2
          ? {
              places: places.map((x) => ({ label: x.label, area: x.area, from: x.from, to: x.to })),
            }
          : null;
      case 'firstLastSeen': {
        const plates = plateList
          .split(/[\n,;]+/)
          .map((x) => x.trim())
          .filter(Boolean);
        return plates.length ? { plates } : null;
      }
    }
  };
  const ready = params() !== null && whyValid(why);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = params();
    if (value && whyValid(why)) p.onRun(p.kind, value, why);
  };

  const plateSelect = (
    <label className="field">
      <span>{t('detective.form.plate')}</span>
      <select
        value={selected}
        onChange={(e) => setPlate(e.target.value)}
        data-testid="analysis-plate"
      >
        {p.plates.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
        <option value="__other">{t('detective.form.otherPlate')}</option>
      </select>
      {selected === '__other' && (
        <input
          value={plateText}
          onChange={(e) => setPlateText(e.target.value)}
          aria-label={t('detective.form.plate')}
          placeholder="1-ABC-123"
        />
      )}
    </label>
  );
  const windowFields = (optional: boolean) => (
    <div className="field-row times">
      <label className="field">
        <span>
          {t('detective.form.from')}{' '}
          <small className="muted">
            ({t('detective.zoneTime', { zone: zoneLabel(displayZone(), i18n.language) })}
            {optional && `, ${t('detective.form.optional')}`})
          </small>
        </span>
        <input
          type="datetime-local"
          step={1}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          data-testid="analysis-from"
        />
      </label>
      <Field
        label={t('detective.form.to')}
        value={to}
        onChange={setTo}
        type="datetime-local"
        step={1}
        testId="analysis-to"
      />
    </div>
  );
  const areaFields = (
    <fieldset className="area-fields">
      <legend>{t('detective.form.place')}</legend>
      {p.area ? (
        <p className="area-summary" data-testid="area-summary">
          {describeArea(p.area, t)}
        </p>
      ) : (
        <p className="muted">{t('detective.form.drawHint')}</p>
      )}
      {p.area?.kind === 'circle' && (
        <div className="field-row">
          <label className="field">
            <span>{t('detective.form.radius')}</span>
            <input
              type="number"
              min={50}
              max={50_000}
              value={Math.round(p.area.radiusM)}
              onChange={(e) =>
                p.area?.kind === 'circle' &&
                p.onArea({ ...p.area, radiusM: Math.max(50, Number(e.target.value) || 50) })
              }
            />
          </label>
        </div>
      )}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          const c = p.mapCentre();
          if (c) p.onArea({ kind: 'circle', lat: c.lat, lon: c.lon, radiusM: 500 });
        }}
      >
        {t('detective.form.circleAtCentre')}
      </button>
      <label className="field">
        <span>{t('detective.form.cameraIds')}</span>
        <input
          value={p.area?.kind === 'cameras' ? p.area.cameraIds.join(', ') : cameraText}
          onChange={(e) => {
            setCameraText(e.target.value);
            const ids = e.target.value
              .split(/[\s,;]+/)
              .map((x) => x.trim())
              .filter(Boolean);
            if (ids.length) p.onArea({ kind: 'cameras', cameraIds: ids.slice(0, 500) });
            else if (p.area?.kind === 'cameras') p.onArea(null);
          }}
          placeholder="ZP-NAMUR-001, ZP-NAMUR-002"
          data-testid="area-cameras"
        />
      </label>
    </fieldset>
  );

  return (
    <form className="analysis-form" onSubmit={submit} data-testid="analysis-form">
      <label className="field">
        <span>{t('detective.form.kind')}</span>
        <select
          value={p.kind}
          onChange={(e) => {
            const kind = e.target.value as AnalysisKind;
            // The offence type stays: same case, same officer; the reason follows the analysis.
            setWhy((w) => ({ ...w, reasonCode: DEFAULT_REASON[kind], justification: '' }));
            p.onKind(kind);
          }}
          data-testid="analysis-kind"
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`detective.kind.${k}`)}
            </option>
          ))}
        </select>
        <small className="muted">{t(`detective.kindHelp.${p.kind}`)}</small>
      </label>

      {(p.kind === 'convoy' || p.kind === 'locate') && plateSelect}
      {p.kind === 'convoy' && (
        <div className="field-row">
          <label className="field">
            <span>{t('detective.form.window')}</span>
            <input
              type="number"
              min={1}
              max={3600}
              value={windowSeconds}
              onChange={(e) => setWindowSeconds(Number(e.target.value) || 60)}
              data-testid="convoy-window"
            />
          </label>
          <label className="field">
            <span>{t('detective.form.minCameras')}</span>
            <input
              type="number"
              min={2}
              max={100}
              value={minCameras}
              onChange={(e) => setMinCameras(Number(e.target.value) || 3)}
              data-testid="convoy-cameras"
            />
          </label>
        </div>
      )}
      {(p.kind === 'convoy' || p.kind === 'locate') && windowFields(true)}

      {p.kind === 'impossibleJourneys' && (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={wholeCase}
              onChange={(e) => setWholeCase(e.target.checked)}
            />
            {t('detective.form.wholeCase')}
          </label>
          {!wholeCase && plateSelect}
          <label className="field">
            <span>{t('detective.form.maxSpeed')}</span>
            <input
              type="number"
              min={30}
              max={5000}
              value={maxSpeed}
              onChange={(e) => setMaxSpeed(Number(e.target.value) || 250)}
            />
          </label>
        </>
      )}

      {p.kind === 'plateSearch' && (
        <>
          <div className="segmented-buttons" role="group" aria-label={t('detective.form.mode')}>
            {(['exact', 'wildcard', 'fuzzy'] as const).map((m) => (
              <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
                {t(`detective.form.modes.${m}`)}
              </button>
            ))}
          </div>
          <label className="field">
            <span>
              {mode === 'wildcard' ? t('detective.form.pattern') : t('detective.form.plate')}
            </span>
            <input
              value={plateText}
              onChange={(e) => setPlateText(e.target.value)}
              placeholder={mode === 'wildcard' ? '1-AB?-12*' : '1-ABC-123'}
              data-testid="search-plate"
            />
          </label>
          {mode === 'fuzzy' && (
            <label className="field">
              <span>{t('detective.form.maxSubstitutions')}</span>
              <input
                type="number"
                min={0}
                max={3}
                value={maxSubs}
                onChange={(e) => setMaxSubs(Number(e.target.value))}
              />
            </label>
          )}
        </>
      )}

      {p.kind === 'stakeout' && (
        <>
          {areaFields}
          {windowFields(false)}
        </>
      )}

      {p.kind === 'multiPlace' && (
        <>
          {areaFields}
          {windowFields(false)}
          <button
            type="button"
            className="btn btn-small"
            disabled={!p.area || !range().from || !range().to}
            onClick={() => {
              const r = range();
              if (p.area && r.from && r.to) {
                setPlaces([
                  ...places,
                  { label: `${places.length + 1}`, area: p.area, from: r.from, to: r.to },
                ]);
                p.onArea(null);
              }
            }}
          >
            {t('detective.form.addPlace')}
          </button>
          <ol className="place-list">
            {places.map((x, i) => (
              <li key={i}>
                {describeArea(x.area, t)} · {formatDateTime(x.from)} – {formatDateTime(x.to)}{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setPlaces(places.filter((_, j) => j !== i))}
                >
                  {t('detective.form.remove')}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}

      {p.kind === 'firstLastSeen' && (
        <label className="field">
          <span>{t('detective.form.plates')}</span>
          <textarea rows={3} value={plateList} onChange={(e) => setPlateList(e.target.value)} />
        </label>
      )}

      <WhyFields value={why} onChange={setWhy} testId="analysis" />
      <button
        type="submit"
        className="btn btn-primary"
        disabled={!ready || p.busy}
        data-testid="analysis-run"
      >
        {p.busy ? t('detective.form.running') : t('detective.form.run')}
      </button>
    </form>
  );
}
