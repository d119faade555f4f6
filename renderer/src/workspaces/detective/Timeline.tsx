import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, utcTitle } from '../../format.ts';
import { displayZone, zoneLabel } from '../../zone.ts';
import { buckets, SHORT_PERIOD_MS, type Bucket, type BucketMode } from './buckets.ts';

/** Playback speeds: simulated seconds per real second. */
export const SPEEDS = [600, 3600, 6 * 3600, 86_400] as const;
export type Speed = (typeof SPEEDS)[number];

interface Props {
  /** Capture times of the sightings in scope (ms). */
  times: readonly number[];
  /** Start and end of the period (ms). */
  range: [number, number];
  /** Null: the end of the period (everything drawn). */
  playhead: number | null;
  onPlayhead: (ms: number | null) => void;
  playing: boolean;
  onPlaying: (playing: boolean) => void;
  speed: Speed;
  onSpeed: (speed: Speed) => void;
  mode: BucketMode;
  onMode: (mode: BucketMode) => void;
  bucket: Bucket | null;
  onBucket: (bucket: Bucket | null) => void;
  /** Time of the selected read, marked on the histogram. */
  selectedAt: number | null;
  language: string;
}

const STEPS = 1000;

/**
 * Time slider with playback (the route draws as time advances), a histogram
 * of sightings per day or per hour of day; a bar selects its reads in the
 * table and on the map.
 */
export function Timeline(p: Props) {
  const { t } = useTranslation();
  const zone = displayZone();
  const [lo, hi] = p.range;
  const span = Math.max(hi - lo, 1);
  const bars = useMemo(() => buckets(p.times, p.mode, [lo, hi]), [p.times, p.mode, lo, hi]);
  const max = Math.max(1, ...bars.map((b) => b.count));
  const head = p.playhead ?? hi;
  const short = hi - lo <= SHORT_PERIOD_MS;

  // Playback: advance the playhead by speed × elapsed real time, stop at the end.
  const last = useRef<number | null>(null);
  const headRef = useRef(head);
  headRef.current = head;
  const { playing, speed, onPlayhead, onPlaying } = p;
  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    last.current = null;
    const tick = (now: number) => {
      const dt = last.current === null ? 0 : now - last.current;
      last.current = now;
      const next = headRef.current + dt * speed;
      if (next >= hi) {
        onPlayhead(null);
        onPlaying(false);
        return;
      }
      onPlayhead(next);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, hi, onPlayhead, onPlaying]);

  const play = () => {
    if (p.playing) return p.onPlaying(false);
    // From the start when at the end, so "play" always shows a route being drawn.
    if (p.playhead === null || p.playhead >= hi) p.onPlayhead(lo);
    p.onPlaying(true);
  };
  const headIso = new Date(head).toISOString();
  const selectedLeft =
    p.mode === 'day' && p.selectedAt !== null ? ((p.selectedAt - lo) / span) * 100 : null;

  return (
    <section className="timeline" aria-label={t('detective.timeline.title')} data-testid="timeline">
      <div className="timeline-controls">
        <button
          type="button"
          className="btn btn-small btn-play"
          onClick={play}
          aria-pressed={p.playing}
          data-testid="timeline-play"
        >
          {p.playing ? `❚❚ ${t('detective.timeline.pause')}` : `▶ ${t('detective.timeline.play')}`}
        </button>
        <label className="inline-control">
          <span className="sr-only">{t('detective.timeline.speed')}</span>
          <select
            value={p.speed}
            onChange={(e) => p.onSpeed(Number(e.target.value) as Speed)}
            data-testid="timeline-speed"
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {t(`detective.timeline.speeds.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <input
          type="range"
          className="timeline-slider"
          min={0}
          max={STEPS}
          value={Math.round(((head - lo) / span) * STEPS)}
          onChange={(e) => {
            const v = Number(e.target.value);
            p.onPlayhead(v >= STEPS ? null : lo + (v / STEPS) * span);
          }}
          aria-label={t('detective.timeline.slider')}
          aria-valuetext={formatDateTime(headIso)}
          data-testid="timeline-slider"
        />
        <time className="timeline-now" dateTime={headIso} title={utcTitle(headIso)}>
          {p.playhead === null ? t('detective.timeline.all') : formatDateTime(headIso)}
        </time>
        <div className="segmented-buttons" role="group" aria-label={t('detective.timeline.by')}>
          {(['day', 'hour'] as const).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={p.mode === m}
              onClick={() => {
                p.onBucket(null);
                p.onMode(m);
              }}
              data-testid={`timeline-by-${m}`}
            >
              {m === 'day' && short ? t('detective.timeline.hours') : t(`detective.timeline.${m}`)}
            </button>
          ))}
        </div>
        <small className="muted timeline-zone" title={zone} data-testid="timeline-zone">
          {t('detective.zoneTime', { zone: zoneLabel(zone, p.language) })}
        </small>
      </div>
      <div className="histogram" data-mode={p.mode}>
        {bars.map((b) => {
          const selected = p.bucket?.key === b.key;
          const label =
            p.mode === 'day'
              ? t('detective.timeline.barDay', { day: b.title, count: b.count })
              : t('detective.timeline.barHour', { hour: b.key, count: b.count });
          return (
            <button
              key={b.key}
              type="button"
              className={`bar${selected ? ' selected' : ''}`}
              aria-pressed={selected}
              aria-label={label}
              title={label}
              onClick={() => p.onBucket(selected ? null : b)}
            >
              <span className="bar-fill" style={{ height: `${(b.count / max) * 100}%` }} />
            </button>
          );
        })}
        {selectedLeft !== null && selectedLeft >= 0 && selectedLeft <= 100 && (
          <span
            className="histogram-marker"
            style={{ left: `${selectedLeft}%` }}
            aria-hidden="true"
          />
        )}
        {p.mode === 'day' && p.playhead !== null && (
          <span
            className="histogram-head"
            style={{ left: `${((head - lo) / span) * 100}%` }}
            aria-hidden="true"
          />
        )}
      </div>
      <div className="histogram-axis" aria-hidden="true">
        {axisLabels(bars, p.mode).map((l) => (
          <span key={l.key} style={{ left: `${l.left}%` }}>
            {l.text}
          </span>
        ))}
      </div>
    </section>
  );
}

function axisLabels(bars: Bucket[], mode: BucketMode) {
  if (bars.length === 0) return [];
  const every = mode === 'hour' ? 3 : Math.max(1, Math.ceil(bars.length / 12));
  const out: Array<{ key: string; left: number; text: string }> = [];
  bars.forEach((b, i) => {
    if (i % every !== 0) return;
    out.push({
      key: b.key,
      left: ((i + 0.5) / bars.length) * 100,
      text: b.label,
    });
  });
  return out;
}
