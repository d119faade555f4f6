/** Hotlist hits as rings around the read's place, coloured by category group; click selects the read. */
import L from 'leaflet';
import { displayZone, zoneLabel } from '../zone.ts';
import { CanvasLayer, type DrawView } from './canvas-layer.ts';
import { facts, h } from './dom.ts';
import { formatLocal, formatUtc } from './format.ts';
import type { Hit } from './hover.ts';
import { projectAll } from './mercator.ts';
import { PANES } from './panes.ts';
import type { MapTheme } from './theme.ts';
import type { MapHotlistHit, Translate } from './types.ts';

export class HitCanvas extends CanvasLayer {
  private hits: ReadonlyArray<MapHotlistHit> = [];
  private world: Float64Array = new Float64Array(0);
  private selectedId: string | null = null;
  private drawn: Array<{ i: number; x: number; y: number }> = [];
  private theme: MapTheme;
  private t: Translate = (k) => k;
  private language = 'en';
  private onSelect: ((id: string) => void) | undefined;

  constructor(theme: MapTheme) {
    super({ pane: PANES.hits.name, zIndex: PANES.hits.zIndex });
    this.theme = theme;
  }

  setData(hits: ReadonlyArray<MapHotlistHit>): this {
    this.hits = hits;
    this.world = projectAll(hits);
    return this.redraw();
  }

  setSelected(id: string | null): this {
    if (id !== this.selectedId) {
      this.selectedId = id;
      this.redraw();
    }
    return this;
  }

  setTheme(theme: MapTheme): this {
    this.theme = theme;
    return this.redraw();
  }

  setInteraction(t: Translate, language: string, onSelect?: (id: string) => void): this {
    this.t = t;
    this.language = language;
    this.onSelect = onSelect;
    return this;
  }

  protected draw(view: DrawView): void {
    const { ctx, scale, ox, oy, width, height, zoom } = view;
    // A ring larger than a sighting's dot: it circles the read, so both stay visible.
    const r = zoom >= 12 ? 10 : 8;
    this.drawn = [];
    for (let i = 0; i < this.hits.length; i++) {
      const x = this.world[2 * i]! * scale - ox;
      const y = this.world[2 * i + 1]! * scale - oy;
      if (x < -r || y < -r || x > width + r || y > height + r) continue;
      this.drawn.push({ i, x, y });
    }
    for (const d of this.drawn) {
      const hit = this.hits[d.i]!;
      const selected = hit.id === this.selectedId;
      // Halo in the surface colour first: the ring reads on any basemap and theme.
      ctx.beginPath();
      ctx.arc(d.x, d.y, r, 0, Math.PI * 2);
      ctx.lineWidth = selected ? 7 : 5.5;
      ctx.strokeStyle = this.theme.surface;
      ctx.stroke();
      ctx.lineWidth = selected ? 4 : 3;
      ctx.strokeStyle = hit.colour;
      ctx.stroke();
    }
  }

  override hitTest(x: number, y: number): Hit | null {
    let best: { i: number; d: number } | null = null;
    for (const p of this.drawn) {
      const d = Math.hypot(p.x - x, p.y - y);
      if (d < 13 && (!best || d < best.d)) best = { i: p.i, d };
    }
    if (!best) return null;
    const hit = this.hits[best.i]!;
    return {
      key: `hit:${hit.id}`,
      latlng: L.latLng(hit.lat, hit.lon),
      content: () => this.summary(hit),
      click: () => this.onSelect?.(hit.id),
    };
  }

  private summary(hit: MapHotlistHit): HTMLElement {
    const t = this.t;
    return h(
      'div',
      { class: 'anpr-tip' },
      h('strong', null, t('map.hit.title')),
      hit.plate ? h('div', { class: 'anpr-plate' }, hit.plate) : null,
      facts([
        [t('map.hit.category'), hit.category],
        [
          t('map.sighting.time', { zone: zoneLabel(displayZone(), this.language) }),
          h(
            'time',
            { datetime: hit.at, title: formatUtc(hit.at) },
            formatLocal(hit.at, this.language),
          ),
        ],
        [t('map.sighting.camera'), hit.camera ?? hit.unitId],
      ]),
    );
  }
}
