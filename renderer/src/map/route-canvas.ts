/**
 * Vehicle routes on canvas: one polyline per vehicle in time order, arrows
 * showing the direction of travel, implausible segments dashed in the danger
 * colour, and a tooltip per segment with the speed it implies.
 *
 * Built for long histories: 50,000 sightings are projected once; a redraw is a
 * single path per vehicle, with sub-pixel steps skipped and at most one arrow
 * per screen cell.
 */
import { CanvasLayer, type DrawView } from './canvas-layer.ts';
import { clipSegment } from './clip.ts';
import { CollisionGrid } from './labels.ts';
import { facts, h, swatch } from './dom.ts';
import {
  formatLocal,
  formatLocalDate,
  formatDuration,
  formatKm,
  formatSpeed,
  formatUtc,
} from './format.ts';
import type { Hit } from './hover.ts';
import { worldX, worldY } from './mercator.ts';
import { assignRouteColours } from './palette.ts';
import { PANES } from './panes.ts';
import {
  compassPoint,
  countUpTo,
  IMPLAUSIBLE_KMH,
  orderSightings,
  segmentBetween,
  type RouteInput,
  type RouteSighting,
} from './route.ts';
import { haversineMeters } from '../../../common/geo.ts';
import type { MapTheme } from './theme.ts';
import type { Translate } from './types.ts';

interface PreparedRoute {
  plate: string;
  explicitColour: string | undefined;
  colour: string;
  sightings: RouteSighting[];
  times: Float64Array;
  world: Float64Array;
  /** Per segment i (sighting i to i+1): 1 when the implied speed is implausible. */
  implausible: Uint8Array;
  visible: number;
  /** Canvas coordinates of the visible sightings at the last draw. */
  screen: Float32Array;
}

/** Arrows are drawn on segments at least this long on screen, at most one per cell. */
const ARROW_MIN_PX = 34;
const ARROW_CELL_PX = 46;
/** Above this many segments, or pixels of line, on screen, routes are drawn as hairlines (see draw()). */
export const DETAIL_SEGMENTS = 3000;
export const DETAIL_PIXELS = 60_000;
const IMPLAUSIBLE = 1;
/** The segment starts where the previous one ended: continue the path (joins, not caps). */
const CONTINUES = 2;

export class RouteCanvas extends CanvasLayer {
  private routes: PreparedRoute[] = [];
  private upTo: Date | undefined;
  private theme: MapTheme;
  private t: Translate = (k) => k;
  private language = 'en';
  private segs = new Float32Array(0);
  private flags = new Uint8Array(0);

  constructor(theme: MapTheme) {
    super({ pane: PANES.routes.name, zIndex: PANES.routes.zIndex });
    this.theme = theme;
  }

  setRoutes(routes: ReadonlyArray<RouteInput>): this {
    this.routes = routes.map((r) => {
      const sightings = orderSightings(r.sightings);
      const n = sightings.length;
      const times = new Float64Array(n);
      const world = new Float64Array(n * 2);
      const implausible = new Uint8Array(Math.max(0, n - 1));
      for (let i = 0; i < n; i++) {
        const s = sightings[i]!;
        times[i] = Date.parse(s.at);
        world[2 * i] = worldX(s.lon);
        world[2 * i + 1] = worldY(s.lat);
        if (i > 0) {
          const hours = (times[i]! - times[i - 1]!) / 3_600_000;
          const km = haversineMeters(sightings[i - 1]!, s) / 1000;
          const speed = hours > 0 ? km / hours : km === 0 ? 0 : Infinity;
          implausible[i - 1] = speed > IMPLAUSIBLE_KMH ? 1 : 0;
        }
      }
      return {
        plate: r.plate,
        explicitColour: r.colour,
        colour: '',
        sightings,
        times,
        world,
        implausible,
        visible: countUpTo(times, this.upTo),
        screen: new Float32Array(n * 2),
      };
    });
    this.assignColours();
    return this.redraw();
  }

  setUpTo(upTo: Date | undefined): this {
    this.upTo = upTo;
    for (const r of this.routes) r.visible = countUpTo(r.times, upTo);
    return this.redraw();
  }

  setTheme(theme: MapTheme): this {
    this.theme = theme;
    this.assignColours();
    return this.redraw();
  }

  setInteraction(t: Translate, language: string): this {
    this.t = t;
    this.language = language;
    return this;
  }

  /** Whether any segment of any route implies an implausible speed. */
  hasImplausible(): boolean {
    return this.routes.some((r) => r.implausible.includes(1));
  }

  /** Colours as drawn, in input order (for the legend). */
  colours(): string[] {
    return this.routes.map((r) => r.colour);
  }

  private assignColours(): void {
    const colours = assignRouteColours(
      this.routes.map((r) => ({ colour: r.explicitColour })),
      this.theme.routes,
    );
    this.routes.forEach((r, i) => (r.colour = colours[i]!));
  }

  protected draw(view: DrawView): void {
    const { ctx, scale, ox, oy, width, height } = view;
    const theme = this.theme;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    const labels = new CollisionGrid(64);
    // Read-only on the element: how many segments (between consecutive
    // sightings up to the playhead) this draw covers; grows during playback.
    if (this.canvas)
      this.canvas.dataset.segments = String(
        this.routes.reduce((sum, r) => sum + Math.max(0, r.visible - 1), 0),
      );

    for (const r of this.routes) {
      const n = r.visible;
      if (n === 0) continue;
      const s = r.screen;
      for (let i = 0; i < n; i++) {
        s[2 * i] = r.world[2 * i]! * scale - ox;
        s[2 * i + 1] = r.world[2 * i + 1]! * scale - oy;
      }

      // Segments to draw, clipped to the canvas: steps under a pixel add nothing
      // visible and are merged into the next step.
      const m = this.collectSegments(r, width, height);
      const seg = this.segs;
      const flags = this.flags;
      let pixels = 0;
      for (let j = 0; j < m; j++)
        pixels +=
          Math.abs(seg[4 * j + 2]! - seg[4 * j]!) + Math.abs(seg[4 * j + 3]! - seg[4 * j + 1]!);
      // Thick strokes of a long self-crossing path cost Skia seconds; a hairline
      // costs milliseconds. A hairball of thousands of segments reads better thin anyway.
      const dense = m > DETAIL_SEGMENTS || pixels > DETAIL_PIXELS;
      ctx.beginPath();
      if (dense) {
        // A month of driving repeats the same trips: draw each on-screen stretch once.
        const seen = new Set<number>();
        for (let j = 0; j < m; j++) {
          const a = pixelKey(seg[4 * j]!, seg[4 * j + 1]!);
          const b = pixelKey(seg[4 * j + 2]!, seg[4 * j + 3]!);
          const key = a < b ? a * 16_777_216 + b : b * 16_777_216 + a;
          if (seen.has(key)) continue;
          seen.add(key);
          ctx.moveTo(seg[4 * j]!, seg[4 * j + 1]!);
          ctx.lineTo(seg[4 * j + 2]!, seg[4 * j + 3]!);
        }
      } else {
        for (let j = 0; j < m; j++) {
          if (!(flags[j]! & CONTINUES)) ctx.moveTo(seg[4 * j]!, seg[4 * j + 1]!);
          ctx.lineTo(seg[4 * j + 2]!, seg[4 * j + 3]!);
        }
      }
      if (dense) {
        ctx.globalAlpha = 0.75;
        ctx.strokeStyle = r.colour;
        ctx.lineWidth = 1;
        ctx.stroke();
        ctx.globalAlpha = 1;
      } else {
        ctx.strokeStyle = theme.halo;
        ctx.lineWidth = 6;
        ctx.stroke();
        ctx.strokeStyle = r.colour;
        ctx.lineWidth = 3;
        ctx.stroke();
      }

      // Implausible segments: dashed in the danger colour over the route.
      let any = false;
      ctx.beginPath();
      for (let j = 0; j < m; j++) {
        if (!(flags[j]! & IMPLAUSIBLE)) continue;
        any = true;
        ctx.moveTo(seg[4 * j]!, seg[4 * j + 1]!);
        ctx.lineTo(seg[4 * j + 2]!, seg[4 * j + 3]!);
      }
      if (any) {
        if (!dense) ctx.setLineDash([6, 5]);
        ctx.strokeStyle = theme.down;
        ctx.lineWidth = dense ? 1 : 3;
        ctx.stroke();
        ctx.setLineDash([]);
      }

      this.drawArrows(ctx, m, dense ? ARROW_CELL_PX * 2 : ARROW_CELL_PX, r.colour);
      this.drawEnds(ctx, r, labels);
    }
  }

  /**
   * Fills `segs`/`flags` with the route's visible segments in canvas pixels
   * (x0, y0, x1, y1 each), clipped to the canvas plus a margin; returns how many.
   */
  private collectSegments(r: PreparedRoute, width: number, height: number): number {
    const n = r.visible;
    if (this.flags.length < n) {
      this.segs = new Float32Array(n * 4);
      this.flags = new Uint8Array(n);
    }
    const s = r.screen;
    const seg = this.segs;
    const flags = this.flags;
    const margin = 20;
    let m = 0;
    let lx = s[0]!;
    let ly = s[1]!;
    let implausible = 0;
    let joined = false;
    for (let i = 1; i < n; i++) {
      const x = s[2 * i]!;
      const y = s[2 * i + 1]!;
      implausible |= r.implausible[i - 1]!;
      if (i < n - 1 && Math.abs(x - lx) < 0.8 && Math.abs(y - ly) < 0.8) continue;
      const c = clipSegment(lx, ly, x, y, -margin, -margin, width + margin, height + margin);
      if (c) {
        const [t0, t1] = c;
        seg[4 * m] = lx + (x - lx) * t0;
        seg[4 * m + 1] = ly + (y - ly) * t0;
        seg[4 * m + 2] = lx + (x - lx) * t1;
        seg[4 * m + 3] = ly + (y - ly) * t1;
        flags[m] = (implausible ? IMPLAUSIBLE : 0) | (joined && t0 === 0 ? CONTINUES : 0);
        joined = t1 === 1;
        m++;
      } else {
        joined = false;
      }
      implausible = 0;
      lx = x;
      ly = y;
    }
    return m;
  }

  private drawArrows(
    ctx: CanvasRenderingContext2D,
    m: number,
    cellPx: number,
    colour: string,
  ): void {
    const seg = this.segs;
    const used = new Set<number>();
    ctx.beginPath();
    for (let j = 0; j < m; j++) {
      const x0 = seg[4 * j]!;
      const y0 = seg[4 * j + 1]!;
      const dx = seg[4 * j + 2]! - x0;
      const dy = seg[4 * j + 3]! - y0;
      if (Math.abs(dx) + Math.abs(dy) < ARROW_MIN_PX || Math.hypot(dx, dy) < ARROW_MIN_PX) continue;
      const mx = x0 + dx / 2;
      const my = y0 + dy / 2;
      const cell = Math.floor(mx / cellPx) * 65_536 + Math.floor(my / cellPx);
      if (used.has(cell)) continue;
      used.add(cell);
      // Rotated to the segment as drawn: in Mercator (conformal) that is its bearing.
      const a = Math.atan2(dy, dx);
      const cos = Math.cos(a);
      const sin = Math.sin(a);
      const tip = 6;
      const back = 5;
      const half = 5;
      ctx.moveTo(mx + cos * tip, my + sin * tip);
      ctx.lineTo(mx - cos * back - sin * half, my - sin * back + cos * half);
      ctx.lineTo(mx - cos * (back - 2), my - sin * (back - 2));
      ctx.lineTo(mx - cos * back + sin * half, my - sin * back - cos * half);
      ctx.closePath();
    }
    ctx.lineWidth = 2;
    ctx.strokeStyle = this.theme.halo;
    ctx.stroke();
    ctx.fillStyle = colour;
    ctx.fill();
  }

  /** Start as a hollow ring, the latest visible sighting as a labelled dot. */
  private drawEnds(ctx: CanvasRenderingContext2D, r: PreparedRoute, labels: CollisionGrid): void {
    const s = r.screen;
    const theme = this.theme;
    ctx.beginPath();
    ctx.arc(s[0]!, s[1]!, 5, 0, Math.PI * 2);
    ctx.fillStyle = theme.surface;
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = r.colour;
    ctx.stroke();

    const ex = s[2 * (r.visible - 1)]!;
    const ey = s[2 * (r.visible - 1) + 1]!;
    ctx.beginPath();
    ctx.arc(ex, ey, 6.5, 0, Math.PI * 2);
    ctx.fillStyle = r.colour;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = theme.surface;
    ctx.stroke();

    ctx.font = `700 12px ${theme.font}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    const w = ctx.measureText(r.plate).width + 12;
    // Vehicles that end together (a convoy, a zoomed-out view) keep one plate tag: no pile-up.
    if (!labels.place({ x0: ex + 8, y0: ey - 11, x1: ex + 12 + w, y1: ey + 11 })) return;
    ctx.beginPath();
    ctx.roundRect(ex + 10, ey - 10, w, 20, 10);
    ctx.fillStyle = r.colour;
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = theme.surface;
    ctx.stroke();
    ctx.fillStyle = theme.name === 'dark' ? '#0b1320' : '#ffffff';
    ctx.fillText(r.plate, ex + 16, ey + 0.5);
  }

  override hitTest(x: number, y: number): Hit | null {
    let best: { r: PreparedRoute; i: number; d: number } | null = null;
    for (const r of this.routes) {
      const s = r.screen;
      for (let i = 0; i + 1 < r.visible; i++) {
        const d = distanceToSegment(x, y, s[2 * i]!, s[2 * i + 1]!, s[2 * i + 2]!, s[2 * i + 3]!);
        if (d <= 6 && (!best || d < best.d)) best = { r, i, d };
      }
    }
    if (!best) return null;
    const { r, i } = best;
    const seg = segmentBetween(r.sightings[i]!, r.sightings[i + 1]!);
    const t = this.t;
    const lang = this.language;
    // One date in the heading; each time carries its UTC instant in a title.
    const date = formatLocalDate(seg.from.at, lang);
    const sameDay = formatLocalDate(seg.to.at, lang) === date;
    const time = (at: string, withDate: boolean) =>
      h('time', { datetime: at, title: formatUtc(at) }, formatLocal(at, lang, withDate));
    const where = (s: RouteSighting) => h('span', { class: 'anpr-tip-sub' }, s.camera ?? s.unitId);
    return {
      key: `route:${r.plate}:${i}`,
      latlng: this.canvasToLatLng(x, y),
      content: () =>
        h(
          'div',
          { class: 'anpr-tip' },
          h(
            'strong',
            null,
            swatch(r.colour, 'line'),
            h('span', { class: 'anpr-plate' }, r.plate),
            h('span', { class: 'anpr-tip-date' }, date),
          ),
          facts([
            [t('map.route.from'), h('span', null, time(seg.from.at, false), where(seg.from))],
            [t('map.route.to'), h('span', null, time(seg.to.at, !sameDay), where(seg.to))],
            [t('map.route.distance'), formatKm(seg.km, lang)],
            [t('map.route.elapsed'), formatDuration(seg.hours)],
            [t('map.route.speed'), h('b', null, formatSpeed(seg.speedKmh, lang))],
            seg.km > 0 ? [t('map.route.heading'), compassPoint(seg.bearing)] : null,
          ]),
          seg.plausible
            ? null
            : h('div', { class: 'anpr-tip-warn', role: 'note' }, t('map.route.implausible')),
        ),
    };
  }
}

/** A canvas point rounded to the pixel, as a 24-bit number (canvas coordinates stay within ±2048). */
function pixelKey(x: number, y: number): number {
  return ((Math.round(x) + 2048) & 4095) * 4096 + ((Math.round(y) + 2048) & 4095);
}

export function distanceToSegment(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
