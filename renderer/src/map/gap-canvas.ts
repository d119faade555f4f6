/**
 * Coverage gaps: a translucent halo around every camera that was down during
 * the investigation window, so the officer sees where "no read" means "no
 * camera", not "no vehicle".
 */
import L from 'leaflet';
import type { Camera } from '../../../common/read.ts';
import { CanvasLayer, type DrawView } from './canvas-layer.ts';
import { withAlpha } from './colour.ts';
import { facts, h } from './dom.ts';
import { formatLocal, formatPercent, formatUtc } from './format.ts';
import type { Hit } from './hover.ts';
import { worldX, worldY } from './mercator.ts';
import type { CoverageGap } from './outage.ts';
import { PANES } from './panes.ts';
import type { MapTheme } from './theme.ts';
import type { Translate } from './types.ts';

/** Ground radius a camera "covers" for the halo: roughly the stretch of road it watches. */
const HALO_METRES = 900;
const EQUATOR_METRES = 40_075_016.686;

const iso = (t: string | Date): string => new Date(t).toISOString();

export class GapCanvas extends CanvasLayer {
  private gaps: ReadonlyArray<CoverageGap<Camera>> = [];
  private world: Float64Array = new Float64Array(0);
  private drawn: Array<{ x: number; y: number; r: number; i: number }> = [];
  private period = '';
  private theme: MapTheme;
  private t: Translate = (k) => k;
  private language = 'en';

  constructor(theme: MapTheme) {
    super({ pane: PANES.gaps.name, zIndex: PANES.gaps.zIndex });
    this.theme = theme;
  }

  /** `period`: the window the gaps were computed over (shown on the element, see draw()). */
  setData(
    gaps: ReadonlyArray<CoverageGap<Camera>>,
    period?: { from: string | Date; to: string | Date },
  ): this {
    this.gaps = gaps;
    this.period = period ? `${iso(period.from)}/${iso(period.to)}` : '';
    this.world = new Float64Array(gaps.length * 2);
    gaps.forEach((g, i) => {
      this.world[2 * i] = worldX(g.camera.lon);
      this.world[2 * i + 1] = worldY(g.camera.lat);
    });
    return this.redraw();
  }

  setTheme(theme: MapTheme): this {
    this.theme = theme;
    return this.redraw();
  }

  setInteraction(t: Translate, language: string): this {
    this.t = t;
    this.language = language;
    return this;
  }

  protected draw(view: DrawView): void {
    const { ctx, scale, ox, oy, width, height, zoom } = view;
    const colour = this.theme.gap;
    this.drawn = [];
    // Country zoom: small discs filled as one shape, so thirty gaps in a city
    // do not pile up into one dark blot; closer in, each gets a soft halo.
    const soft = zoom >= 9;
    const minR = soft ? 24 : zoom >= 7 ? 12 : 7;
    if (!soft) ctx.beginPath();
    for (let i = 0; i < this.gaps.length; i++) {
      const lat = this.gaps[i]!.camera.lat;
      const pxPerMetre = scale / (EQUATOR_METRES * Math.cos((lat * Math.PI) / 180));
      const r = Math.max(minR, Math.min(90, HALO_METRES * pxPerMetre));
      const x = this.world[2 * i]! * scale - ox;
      const y = this.world[2 * i + 1]! * scale - oy;
      if (x < -r || y < -r || x > width + r || y > height + r) continue;
      if (!soft) {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, Math.PI * 2);
        this.drawn.push({ x, y, r, i });
        continue;
      }
      const g = ctx.createRadialGradient(x, y, 0, x, y, r);
      g.addColorStop(0, withAlpha(colour, 0.3));
      g.addColorStop(0.55, withAlpha(colour, 0.22));
      g.addColorStop(1, withAlpha(colour, 0));
      ctx.fillStyle = g;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fill();
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = withAlpha(colour, 0.85);
      ctx.beginPath();
      ctx.arc(x, y, r * 0.62, 0, Math.PI * 2);
      ctx.stroke();
      ctx.setLineDash([]);
      this.drawn.push({ x, y, r: r * 0.62, i });
    }
    if (!soft) {
      ctx.fillStyle = withAlpha(colour, 0.22);
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = withAlpha(colour, 0.7);
      ctx.setLineDash([3, 2]);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    // Read-only on the element: the period and the cameras drawn as down in it
    // (those on or near the canvas), so what the officer sees can be checked.
    if (this.canvas) {
      this.canvas.dataset.window = this.period;
      this.canvas.dataset.cameras = this.drawn.map((d) => this.gaps[d.i]!.camera.id).join(' ');
    }
  }

  override hitTest(x: number, y: number): Hit | null {
    for (let k = this.drawn.length - 1; k >= 0; k--) {
      const d = this.drawn[k]!;
      if (Math.hypot(d.x - x, d.y - y) > d.r) continue;
      const gap = this.gaps[d.i]!;
      const t = this.t;
      const lang = this.language;
      return {
        key: `gap:${gap.camera.id}`,
        latlng: L.latLng(gap.camera.lat, gap.camera.lon),
        content: () =>
          h(
            'div',
            { class: 'anpr-tip' },
            h('strong', null, t('map.gap.title')),
            facts([
              [t('map.camera.site'), gap.camera.site],
              ...gap.gaps.map((g): [string, Node] => [
                t('map.gap.down'),
                h(
                  'span',
                  { title: `${formatUtc(g.from)} – ${formatUtc(g.to)}` },
                  `${formatLocal(g.from, lang)} – ${formatLocal(g.to, lang)}`,
                ),
              ]),
              [t('map.gap.share'), formatPercent(gap.fraction, lang)],
            ]),
            h('div', { class: 'anpr-tip-hint' }, t('map.gap.explain')),
          ),
      };
    }
    return null;
  }
}
