/** Sightings (reads) as circle markers; hover for a summary, click to select and open the details. */
import L from 'leaflet';
import { displayZone, zoneLabel } from '../zone.ts';
import { CanvasLayer, type DrawView } from './canvas-layer.ts';
import { facts, h } from './dom.ts';
import { formatLocal, formatPercent, formatUtc } from './format.ts';
import type { Hit } from './hover.ts';
import { projectAll } from './mercator.ts';
import { PANES } from './panes.ts';
import type { MapTheme } from './theme.ts';
import type { MapSighting, Translate } from './types.ts';

/** Above this many markers on screen, outlines are dropped (they would cost more than the markers). */
const DENSE_SIGHTINGS = 4000;

export class SightingCanvas extends CanvasLayer {
  private sightings: ReadonlyArray<MapSighting> = [];
  private world: Float64Array = new Float64Array(0);
  private selectedId: string | null = null;
  /** Indices drawn at the last redraw, with their canvas positions. */
  private drawnIdx = new Int32Array(0);
  private drawnXY = new Float32Array(0);
  private drawnCount = 0;
  private theme: MapTheme;
  private t: Translate = (k) => k;
  private language = 'en';
  private onSelect: ((id: string) => void) | undefined;
  private popup: L.Popup | null = null;

  constructor(theme: MapTheme) {
    super({ pane: PANES.sightings.name, zIndex: PANES.sightings.zIndex });
    this.theme = theme;
  }

  setData(sightings: ReadonlyArray<MapSighting>): this {
    this.sightings = sightings;
    this.world = projectAll(sightings);
    this.drawnIdx = new Int32Array(sightings.length);
    this.drawnXY = new Float32Array(sightings.length * 2);
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

  setInteraction(
    t: Translate,
    language: string,
    onSelect: ((id: string) => void) | undefined,
  ): this {
    this.t = t;
    this.language = language;
    this.onSelect = onSelect;
    return this;
  }

  override onRemove(map: L.Map): this {
    this.popup?.remove();
    return super.onRemove(map);
  }

  protected draw(view: DrawView): void {
    const { ctx, scale, ox, oy, width, height, zoom } = view;
    const theme = this.theme;
    const r = zoom >= 12 ? 5 : 4;
    // Several reads on one pixel draw as one: keeps 50,000 reads cheap at country zoom.
    const seen = new Set<number>();
    let selected = -1;
    let count = 0;
    for (let i = 0; i < this.sightings.length; i++) {
      const x = this.world[2 * i]! * scale - ox;
      const y = this.world[2 * i + 1]! * scale - oy;
      if (x < -r || y < -r || x > width + r || y > height + r) continue;
      if (this.sightings[i]!.id === this.selectedId) selected = i;
      const key = Math.round(x) * 65_536 + Math.round(y);
      if (seen.has(key)) continue;
      seen.add(key);
      this.drawnIdx[count] = i;
      this.drawnXY[2 * count] = x;
      this.drawnXY[2 * count + 1] = y;
      count++;
    }
    this.drawnCount = count;

    // Batched by colour: one fill per colour rather than one per read.
    const byColour = new Map<string, number[]>();
    for (let k = 0; k < count; k++) {
      const colour = this.sightings[this.drawnIdx[k]!]!.colour ?? theme.accent;
      let list = byColour.get(colour);
      if (!list) byColour.set(colour, (list = []));
      list.push(k);
    }
    // One small path per circle: a single path of thousands of arcs is far slower
    // to fill in Skia. Outlines are a larger disc underneath, dropped when dense.
    const dense = count > DENSE_SIGHTINGS;
    const dot = dense ? r - 1 : r;
    if (!dense) {
      ctx.fillStyle = theme.surface;
      for (let k = 0; k < count; k++) {
        ctx.beginPath();
        ctx.arc(this.drawnXY[2 * k]!, this.drawnXY[2 * k + 1]!, r + 1.5, 0, Math.PI * 2);
        ctx.fill();
      }
    }
    for (const [colour, list] of byColour) {
      ctx.fillStyle = colour;
      for (const k of list) {
        ctx.beginPath();
        ctx.arc(this.drawnXY[2 * k]!, this.drawnXY[2 * k + 1]!, dot, 0, Math.PI * 2);
        ctx.fill();
      }
    }

    if (selected >= 0) {
      const x = this.world[2 * selected]! * scale - ox;
      const y = this.world[2 * selected + 1]! * scale - oy;
      ctx.beginPath();
      ctx.arc(x, y, r + 5, 0, Math.PI * 2);
      ctx.lineWidth = 3;
      ctx.strokeStyle = theme.text;
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(x, y, r + 1, 0, Math.PI * 2);
      ctx.fillStyle = this.sightings[selected]!.colour ?? theme.accent;
      ctx.fill();
    }
  }

  override hitTest(x: number, y: number): Hit | null {
    let best = -1;
    let bestD = 8;
    for (let k = 0; k < this.drawnCount; k++) {
      const d = Math.hypot(this.drawnXY[2 * k]! - x, this.drawnXY[2 * k + 1]! - y);
      if (d < bestD) {
        bestD = d;
        best = this.drawnIdx[k]!;
      }
    }
    if (best < 0) return null;
    const s = this.sightings[best]!;
    return {
      key: `sighting:${s.id}`,
      latlng: L.latLng(s.lat, s.lon),
      content: () => this.summary(s),
      click: () => {
        this.onSelect?.(s.id);
        this.openDetails(s);
      },
    };
  }

  private time(at: string): HTMLElement {
    return h('time', { datetime: at, title: formatUtc(at) }, formatLocal(at, this.language));
  }

  private summary(s: MapSighting): HTMLElement {
    const t = this.t;
    return h(
      'div',
      { class: 'anpr-tip' },
      s.plate ? h('strong', { class: 'anpr-plate' }, s.plate) : null,
      facts([
        [
          t('map.sighting.time', { zone: zoneLabel(displayZone(), this.language) }),
          this.time(s.at),
        ],
        [t('map.sighting.camera'), s.camera ?? s.unitId],
        s.direction ? [t('map.sighting.direction'), s.direction] : null,
        [t('map.sighting.confidence'), formatPercent(s.confidence, this.language)],
      ]),
    );
  }

  /** Details in a popup: unlike a tooltip it can be hovered (UTC title) and read by keyboard. */
  private openDetails(s: MapSighting): void {
    const t = this.t;
    const alternatives = s.alternatives?.length
      ? h(
          'ul',
          { class: 'anpr-alternatives' },
          ...s.alternatives.map((a) =>
            h(
              'li',
              null,
              h('span', { class: 'anpr-plate' }, a.plate),
              ` ${formatPercent(a.confidence, this.language)}`,
            ),
          ),
        )
      : t('map.sighting.none');
    const content = h(
      'div',
      { class: 'anpr-tip' },
      s.plate ? h('strong', { class: 'anpr-plate' }, s.plate) : null,
      facts([
        [
          t('map.sighting.time', { zone: zoneLabel(displayZone(), this.language) }),
          this.time(s.at),
        ],
        [t('map.sighting.utc'), formatUtc(s.at)],
        [t('map.sighting.camera'), s.camera ? `${s.camera} (${s.unitId})` : s.unitId],
        s.direction ? [t('map.sighting.direction'), s.direction] : null,
        [t('map.sighting.confidence'), formatPercent(s.confidence, this.language)],
        [t('map.sighting.alternatives'), alternatives],
      ]),
    );
    this.popup ??= L.popup({ className: 'anpr-map-popup', maxWidth: 340, offset: [0, -4] });
    this.popup.setLatLng([s.lat, s.lon]).setContent(content).openOn(this._map);
  }
}
