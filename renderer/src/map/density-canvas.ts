/** Proportional circles: the area of each circle is proportional to its count. */
import L from 'leaflet';
import { CanvasLayer, type DrawView } from './canvas-layer.ts';
import { withAlpha } from './colour.ts';
import { densityRadius } from './density.ts';
import { h } from './dom.ts';
import { formatNumber } from './format.ts';
import type { Hit } from './hover.ts';
import { worldX, worldY } from './mercator.ts';
import { PANES } from './panes.ts';
import type { MapTheme } from './theme.ts';
import type { Translate } from './types.ts';

export interface DensityCount {
  lat: number;
  lon: number;
  count: number;
  /** Optional place name for the tooltip. */
  label?: string;
}

export class DensityCanvas extends CanvasLayer {
  private counts: DensityCount[] = [];
  private world: Float64Array = new Float64Array(0);
  private max = 0;
  private drawn: Array<{ x: number; y: number; r: number; i: number }> = [];
  private theme: MapTheme;
  private t: Translate = (k) => k;
  private language = 'en';

  constructor(theme: MapTheme) {
    super({ pane: PANES.density.name, zIndex: PANES.density.zIndex });
    this.theme = theme;
  }

  setData(counts: ReadonlyArray<DensityCount>): this {
    // Largest first, so small circles stay visible (and clickable) on top.
    this.counts = counts.filter((c) => c.count > 0).sort((a, b) => b.count - a.count);
    this.max = this.counts[0]?.count ?? 0;
    this.world = new Float64Array(this.counts.length * 2);
    this.counts.forEach((c, i) => {
      this.world[2 * i] = worldX(c.lon);
      this.world[2 * i + 1] = worldY(c.lat);
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
    const { ctx, scale, ox, oy, width, height } = view;
    const fill = withAlpha(this.theme.density, 0.26);
    const stroke = withAlpha(this.theme.density, 0.9);
    this.drawn = [];
    for (let i = 0; i < this.counts.length; i++) {
      const r = densityRadius(this.counts[i]!.count, this.max);
      const x = this.world[2 * i]! * scale - ox;
      const y = this.world[2 * i + 1]! * scale - oy;
      if (x < -r || y < -r || x > width + r || y > height + r) continue;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fillStyle = fill;
      ctx.fill();
      ctx.lineWidth = 1.2;
      ctx.strokeStyle = stroke;
      ctx.stroke();
      this.drawn.push({ x, y, r, i });
    }
  }

  override hitTest(x: number, y: number): Hit | null {
    for (let k = this.drawn.length - 1; k >= 0; k--) {
      const d = this.drawn[k]!;
      if (Math.hypot(d.x - x, d.y - y) > Math.max(d.r, 5)) continue;
      const c = this.counts[d.i]!;
      const t = this.t;
      return {
        key: `density:${d.i}`,
        latlng: L.latLng(c.lat, c.lon),
        content: () =>
          h(
            'div',
            { class: 'anpr-tip' },
            c.label ? h('strong', null, c.label) : null,
            h(
              'div',
              null,
              t('map.density.reads', {
                count: c.count,
                formatted: formatNumber(c.count, this.language),
              }),
            ),
          ),
      };
    }
    return null;
  }
}
