/**
 * Names on the offline basemap: countries at low zoom, towns by importance,
 * motorway shields along the corridors. Drawn on canvas with a halo so they
 * read over any data, and placed through a collision grid so they never
 * overlap (important names first).
 */
import type L from 'leaflet';
import { CanvasLayer, type DrawView } from './canvas-layer.ts';
import type { CountryLabel, Corridor, Town } from './basemap-data.ts';
import { CollisionGrid, townMinZoom } from './labels.ts';
import { OBSTACLES_EVENT, obstaclesOf, type Disc } from './obstacles.ts';
import { worldX, worldY } from './mercator.ts';
import { PANES } from './panes.ts';
import type { MapTheme } from './theme.ts';

interface PreparedTown extends Town {
  wx: number;
  wy: number;
  minZoom: number;
}

interface PreparedCountry extends CountryLabel {
  wx: number;
  wy: number;
}

interface PreparedCorridor {
  ref: string;
  w: Float64Array;
}

export class BasemapLabels extends CanvasLayer {
  private towns: PreparedTown[] = [];
  private countries: PreparedCountry[] = [];
  private corridors: PreparedCorridor[] = [];
  private theme: MapTheme;
  private language = 'en';
  private names: Intl.DisplayNames | null = null;
  private readonly widths = new Map<string, number>();

  constructor(theme: MapTheme) {
    super({ pane: PANES.labels.name, zIndex: PANES.labels.zIndex, padding: 0.1 });
    this.theme = theme;
  }

  setData(towns: Town[], countries: CountryLabel[], corridors: Corridor[]): this {
    this.towns = towns
      .map((t) => ({
        ...t,
        wx: worldX(t.lon),
        wy: worldY(t.lat),
        minZoom: townMinZoom(t.pop, t.capital),
      }))
      .sort(
        (a, b) => a.minZoom - b.minZoom || Number(b.capital) - Number(a.capital) || b.pop - a.pop,
      );
    this.countries = countries.map((c) => ({ ...c, wx: worldX(c.lon), wy: worldY(c.lat) }));
    this.corridors = corridors.map((c) => {
      const w = new Float64Array(c.points.length * 2);
      c.points.forEach((p, i) => {
        w[2 * i] = worldX(p.lon);
        w[2 * i + 1] = worldY(p.lat);
      });
      return { ref: c.ref, w };
    });
    return this.redraw();
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    // Markers moved: place the names around them again.
    return { ...super.getEvents(), [OBSTACLES_EVENT]: this.redraw };
  }

  setTheme(theme: MapTheme): this {
    this.theme = theme;
    this.widths.clear();
    return this.redraw();
  }

  setLanguage(language: string): this {
    if (language !== this.language) {
      this.language = language;
      this.names = null;
      this.redraw();
    }
    return this;
  }

  private countryName(c: CountryLabel): string {
    if (!c.a2) return c.name;
    try {
      this.names ??= new Intl.DisplayNames([this.language], { type: 'region' });
      return this.names.of(c.a2) ?? c.name;
    } catch {
      return c.name;
    }
  }

  private measure(ctx: CanvasRenderingContext2D, font: string, text: string): number {
    const key = `${font}|${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = ctx.measureText(text).width;
      this.widths.set(key, w);
    }
    return w;
  }

  protected draw(view: DrawView): void {
    const { ctx, zoom, scale, ox, oy, width, height } = view;
    const theme = this.theme;
    const grid = new CollisionGrid(64);
    const inView = (x: number, y: number, m = 40) =>
      x > -m && y > -m && x < width + m && y < height + m;
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';

    // Shields first: along a motorway they are what the officer navigates by.
    if (zoom >= 8) this.drawShields(view, grid);

    // Country names, while countries are what one sees.
    if (zoom <= 7) {
      const font = `600 ${zoom <= 4 ? 11 : 13}px ${theme.font}`;
      ctx.font = font;
      ctx.letterSpacing = '1.5px';
      for (const c of this.countries) {
        if (zoom < c.minZoom) continue;
        const x = c.wx * scale - ox;
        const y = c.wy * scale - oy;
        if (!inView(x, y, 200)) continue;
        const text = this.countryName(c).toLocaleUpperCase(this.language);
        const w = this.measure(ctx, font + 'ls', text);
        if (!grid.place({ x0: x - w / 2 - 4, y0: y - 9, x1: x + w / 2 + 4, y1: y + 9 })) continue;
        ctx.textAlign = 'center';
        ctx.strokeStyle = theme.halo;
        ctx.lineWidth = 3;
        ctx.strokeText(text, x, y);
        ctx.fillStyle = theme.textMuted;
        ctx.fillText(text, x, y);
      }
      ctx.letterSpacing = '0px';
    }

    // Camera clusters: names go beside them, never over the counts.
    const o = this.canvasOrigin;
    const discs: Disc[] = obstaclesOf(this._map).map((d) => ({
      x: d.x - o.x,
      y: d.y - o.y,
      r: d.r,
    }));
    for (const d of discs) grid.add({ x0: d.x - d.r, y0: d.y - d.r, x1: d.x + d.r, y1: d.y + d.r });

    ctx.textAlign = 'left';
    for (const t of this.towns) {
      if (t.minZoom > zoom) break;
      const x = t.wx * scale - ox;
      const y = t.wy * scale - oy;
      if (!inView(x, y)) continue;
      const major = t.capital || t.pop >= 150_000;
      const size = major ? 13 : t.pop >= 50_000 ? 12 : 11;
      const font = `${major ? 600 : t.pop >= 50_000 ? 500 : 400} ${size}px ${theme.font}`;
      ctx.font = font;
      const w = this.measure(ctx, font, t.name);
      const r = major ? 3.5 : t.pop >= 50_000 ? 2.8 : 2.2;
      // A town under a camera cluster is marked by the cluster: its name goes beside the disc.
      const under =
        t.pop >= 20_000 ? discs.find((d) => Math.hypot(d.x - x, d.y - y) <= d.r) : undefined;
      const dot = { x0: x - r - 1, y0: y - r - 1, x1: x + r + 1, y1: y + r + 1 };
      if (!under && grid.collides(dot)) continue;
      const cx = under?.x ?? x;
      const cy = under?.y ?? y;
      const gap = under ? under.r + 3 : r + 3;
      // Right of the dot, else left, else above, else below: the first free spot wins.
      const spots = [
        {
          x0: cx + gap,
          y0: cy - size / 2 - 2,
          x1: cx + gap + w,
          y1: cy + size / 2 + 2,
          tx: cx + gap,
          ty: cy,
        },
        {
          x0: cx - gap - w,
          y0: cy - size / 2 - 2,
          x1: cx - gap,
          y1: cy + size / 2 + 2,
          tx: cx - gap - w,
          ty: cy,
        },
        {
          x0: cx - w / 2,
          y0: cy - gap - size - 2,
          x1: cx + w / 2,
          y1: cy - gap + 1,
          tx: cx - w / 2,
          ty: cy - gap - size / 2,
        },
        {
          x0: cx - w / 2,
          y0: cy + gap - 1,
          x1: cx + w / 2,
          y1: cy + gap + size + 2,
          tx: cx - w / 2,
          ty: cy + gap + size / 2,
        },
      ];
      const spot = spots.find((s) => !grid.collides(s));
      if (!spot) continue;
      grid.add(spot);
      ctx.lineWidth = 3;
      ctx.strokeStyle = theme.halo;
      if (!under) {
        grid.add(dot);
        ctx.beginPath();
        ctx.arc(x, y, r, 0, Math.PI * 2);
        ctx.fillStyle = theme.text;
        ctx.fill();
        ctx.lineWidth = 1.5;
        ctx.stroke();
        ctx.lineWidth = 3;
      }
      ctx.strokeText(t.name, spot.tx, spot.ty);
      ctx.fillStyle = major || t.pop >= 50_000 ? theme.text : theme.textMuted;
      ctx.fillText(t.name, spot.tx, spot.ty);
    }
  }

  /** Route numbers on the corridors: European routes green, national ones blue, as on Belgian signs. */
  private drawShields(view: DrawView, grid: CollisionGrid): void {
    const { ctx, scale, ox, oy, width, height } = view;
    const font = `700 10px ${this.theme.font}`;
    ctx.font = font;
    ctx.textAlign = 'center';
    const spacing = 420;
    for (const c of this.corridors) {
      let carried = spacing / 2;
      for (let i = 0; i + 1 < c.w.length / 2; i++) {
        const x0 = c.w[2 * i]! * scale - ox;
        const y0 = c.w[2 * i + 1]! * scale - oy;
        const x1 = c.w[2 * i + 2]! * scale - ox;
        const y1 = c.w[2 * i + 3]! * scale - oy;
        const len = Math.hypot(x1 - x0, y1 - y0);
        let at = carried;
        while (at < len) {
          const x = x0 + ((x1 - x0) * at) / len;
          const y = y0 + ((y1 - y0) * at) / len;
          at += spacing;
          if (x < 0 || y < 0 || x > width || y > height) continue;
          const w = this.measure(ctx, font, c.ref) + 8;
          const box = { x0: x - w / 2, y0: y - 8, x1: x + w / 2, y1: y + 8 };
          if (!grid.place(box)) continue;
          ctx.beginPath();
          ctx.roundRect(x - w / 2, y - 7, w, 14, 3);
          ctx.fillStyle = c.ref.startsWith('E') ? '#1b7a3e' : '#1f4fa8';
          ctx.fill();
          ctx.lineWidth = 1.5;
          ctx.strokeStyle = '#ffffff';
          ctx.stroke();
          ctx.fillStyle = '#ffffff';
          ctx.fillText(c.ref, x, y + 0.5);
        }
        carried = at - len;
      }
    }
  }
}
