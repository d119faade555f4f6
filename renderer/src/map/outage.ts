/**
 * Camera outages against an investigation's time window. A camera that was
 * down produced no reads: the map must show that gap, or an officer reads the
 * absence of a sighting as the absence of the vehicle.
 */
import type { Camera } from '../../../common/read.ts';

export type CameraStatus = 'up' | 'down' | 'unknown';

export interface TimeWindow {
  from: string | Date;
  to: string | Date;
}

export interface CameraOutage {
  cameraId: string;
  from: string;
  to: string;
}

const ms = (t: string | Date): number => (typeof t === 'string' ? Date.parse(t) : t.getTime());

/**
 * Whether two half-open intervals [from, to) share any instant. An outage
 * ending exactly when the window starts does not count: the camera was back.
 */
export function overlaps(a: TimeWindow, b: TimeWindow): boolean {
  return ms(a.from) < ms(b.to) && ms(b.from) < ms(a.to);
}

export interface CoverageGap<C extends Pick<Camera, 'id'> = Camera> {
  camera: C;
  /** The camera's outages that overlap the window, clipped to it, in time order. */
  gaps: Array<{ from: Date; to: Date }>;
  /** Share of the window the camera was down, 0..1 (overlapping outages counted once). */
  fraction: number;
}

/**
 * Cameras down at any moment of the window. Outages come from the cameras
 * themselves (`camera.outages`) and from the optional separate list (as the
 * platform reports them); both are merged.
 */
export function coverageGaps<
  C extends Pick<Camera, 'id'> & { outages?: ReadonlyArray<{ from: string; to: string }> },
>(
  cameras: ReadonlyArray<C>,
  outages: ReadonlyArray<CameraOutage>,
  window: TimeWindow,
): Array<CoverageGap<C>> {
  const w0 = ms(window.from);
  const w1 = ms(window.to);
  if (!(w1 > w0)) return [];
  const extra = new Map<string, Array<{ from: string; to: string }>>();
  for (const o of outages) {
    const list = extra.get(o.cameraId);
    if (list) list.push(o);
    else extra.set(o.cameraId, [o]);
  }
  const out: Array<CoverageGap<C>> = [];
  for (const camera of cameras) {
    const all = [...(camera.outages ?? []), ...(extra.get(camera.id) ?? [])];
    const clipped = all
      .filter((o) => overlaps(o, window))
      .map((o) => ({ from: Math.max(ms(o.from), w0), to: Math.min(ms(o.to), w1) }))
      .sort((a, b) => a.from - b.from);
    if (!clipped.length) continue;
    const merged: Array<{ from: number; to: number }> = [];
    for (const g of clipped) {
      const last = merged[merged.length - 1];
      if (last && g.from <= last.to) last.to = Math.max(last.to, g.to);
      else merged.push({ ...g });
    }
    const down = merged.reduce((sum, g) => sum + (g.to - g.from), 0);
    out.push({
      camera,
      gaps: merged.map((g) => ({ from: new Date(g.from), to: new Date(g.to) })),
      fraction: down / (w1 - w0),
    });
  }
  return out;
}

/** Status of a camera at an instant: down inside an outage, unknown before it was connected. */
export function cameraStatusAt(
  camera: Pick<Camera, 'connectedSince' | 'outages'>,
  now: Date,
): CameraStatus {
  const t = now.getTime();
  if (Date.parse(camera.connectedSince) > t) return 'unknown';
  return camera.outages.some((o) => Date.parse(o.from) <= t && t < Date.parse(o.to))
    ? 'down'
    : 'up';
}
