/** Canvas drawing of cameras: status-coloured dots, clustered into counted discs at low zoom. */
import L from 'leaflet';
import type { Camera } from '../../../common/read.ts';
import { CanvasLayer, type DrawView } from './canvas-layer.ts';
import { clusterPoints, type Cluster } from './cluster.ts';
import { facts, h, swatch } from './dom.ts';
import type { Hit } from './hover.ts';
import { lonFromWorldX, latFromWorldY, projectAll, worldSize } from './mercator.ts';
import type { CameraStatus } from './outage.ts';
import { clearObstacles, setObstacles } from './obstacles.ts';
import { PANES } from './panes.ts';
import type { MapTheme } from './theme.ts';
import type { Translate } from './types.ts';

/** From this zoom on every camera is drawn on its own. */
export const CLUSTER_UNTIL_ZOOM = 13;
const STATUSES: CameraStatus[] = ['up', 'down', 'unknown'];

interface Drawn {
  x: number;
  y: number;
  r: number;
  cluster: Cluster;
}

export class CameraCanvas extends CanvasLayer {
  private cameras: ReadonlyArray<Camera> = [];
  private world: Float64Array = new Float64Array(0);
  /** Index into STATUSES per camera. */
  private status = new Uint8Array(0);
  private readonly clusters = new Map<number, Cluster[]>();
  private drawn: Drawn[] = [];
  private theme: MapTheme;
  private t: Translate = (k) => k;
  private onSelect: ((cameraId: string) => void) | undefined;

  constructor(theme: MapTheme) {
    super({ pane: PANES.cameras.name, zIndex: PANES.cameras.zIndex });
    this.theme = theme;
  }

  setData(cameras: ReadonlyArray<Camera>, statusOf: (id: string) => CameraStatus): this {
    this.cameras = cameras;
    this.world = projectAll(cameras);
    this.status = Uint8Array.from(cameras, (c) => STATUSES.indexOf(statusOf(c.id)));
    this.clusters.clear();
    return this.redraw();
  }

  setTheme(theme: MapTheme): this {
    this.theme = theme;
    return this.redraw();
  }

  setInteraction(t: Translate, onSelect: ((cameraId: string) => void) | undefined): this {
    this.t = t;
    this.onSelect = onSelect;
    return this;
  }

  private clustersAt(zoom: number): Cluster[] {
    const z = Math.round(zoom);
    let c = this.clusters.get(z);
    if (!c) {
      c =
        z > CLUSTER_UNTIL_ZOOM
          ? Array.from({ length: this.cameras.length }, (_, i) => ({
              x: this.world[2 * i]! * worldSize(z),
              y: this.world[2 * i + 1]! * worldSize(z),
              members: [i],
            }))
          : clusterPoints(this.world, { zoom: z, cellPx: 56 });
      this.clusters.set(z, c);
    }
    return c;
  }

  private colourOf(status: number): string {
    const s = STATUSES[status];
    return s === 'up' ? this.theme.up : s === 'down' ? this.theme.down : this.theme.unknown;
  }

  protected draw(view: DrawView): void {
    const { ctx, zoom, ox, oy, width, height } = view;
    const theme = this.theme;
    const scale = view.scale / worldSize(Math.round(zoom));
    const clusters = this.clustersAt(zoom);
    this.drawn = [];
    const singles: Drawn[] = [];
    const groups: Drawn[] = [];
    for (const c of clusters) {
      const x = c.x * scale - ox;
      const y = c.y * scale - oy;
      const r =
        c.members.length === 1
          ? zoom >= 12
            ? 5.5
            : 4.5
          : Math.min(19, 8.5 + 1.7 * Math.log2(c.members.length));
      if (x < -r || y < -r || x > width + r || y > height + r) continue;
      (c.members.length === 1 ? singles : groups).push({ x, y, r, cluster: c });
    }

    // Singles: a dot in the status colour; from zoom 12 a wedge shows where the camera looks.
    for (const d of singles) {
      const i = d.cluster.members[0]!;
      const colour = this.colourOf(this.status[i]!);
      const heading = this.cameras[i]!.heading;
      if (zoom >= 12 && heading !== null) {
        const a = ((heading - 90) * Math.PI) / 180;
        ctx.beginPath();
        ctx.moveTo(d.x, d.y);
        ctx.arc(d.x, d.y, d.r + 9, a - 0.45, a + 0.45);
        ctx.closePath();
        ctx.fillStyle = colour;
        ctx.globalAlpha = 0.35;
        ctx.fill();
        ctx.globalAlpha = 1;
      }
      ctx.beginPath();
      ctx.arc(d.x, d.y, d.r, 0, Math.PI * 2);
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = theme.surface;
      ctx.stroke();
    }

    // Groups: a disc with the count, ringed by arcs in proportion to each status.
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const d of groups) {
      const counts = [0, 0, 0];
      for (const m of d.cluster.members) counts[this.status[m]!]!++;
      ctx.beginPath();
      ctx.arc(d.x, d.y, d.r, 0, Math.PI * 2);
      ctx.fillStyle = theme.surface;
      ctx.globalAlpha = 0.94;
      ctx.fill();
      ctx.globalAlpha = 1;
      let start = -Math.PI / 2;
      const total = d.cluster.members.length;
      for (let s = 0; s < 3; s++) {
        if (!counts[s]) continue;
        const end = start + (counts[s]! / total) * Math.PI * 2;
        ctx.beginPath();
        ctx.arc(d.x, d.y, d.r - 1.5, start, end);
        ctx.lineWidth = 3;
        ctx.strokeStyle = this.colourOf(s);
        ctx.stroke();
        start = end;
      }
      ctx.font = `700 ${total >= 100 ? 9 : 10}px ${theme.font}`;
      ctx.fillStyle = theme.text;
      ctx.fillText(String(total), d.x, d.y + 0.5);
    }
    this.drawn = [...singles, ...groups];
    const o = this.canvasOrigin;
    setObstacles(
      this._map,
      'cameras',
      groups.map((d) => ({ x: d.x + o.x, y: d.y + o.y, r: d.r })),
    );
  }

  override onRemove(map: L.Map): this {
    clearObstacles(map, 'cameras');
    return super.onRemove(map);
  }

  override hitTest(x: number, y: number): Hit | null {
    for (let i = this.drawn.length - 1; i >= 0; i--) {
      const d = this.drawn[i]!;
      if (Math.hypot(d.x - x, d.y - y) > d.r + 3) continue;
      return d.cluster.members.length === 1 ? this.single(d) : this.group(d);
    }
    return null;
  }

  private single(d: Drawn): Hit {
    const i = d.cluster.members[0]!;
    const c = this.cameras[i]!;
    const status = STATUSES[this.status[i]!]!;
    const t = this.t;
    const onSelect = this.onSelect;
    return {
      key: `camera:${c.id}`,
      latlng: L.latLng(c.lat, c.lon),
      content: () =>
        h(
          'div',
          { class: 'anpr-tip' },
          h('strong', null, c.site),
          facts([
            c.road ? [t('map.camera.road'), c.road] : null,
            c.direction ? [t('map.camera.direction'), c.direction] : null,
            [t('map.camera.operator'), t(`map.camera.operators.${c.operator}`)],
            [
              t('map.camera.status'),
              h('span', null, swatch(this.colourOf(this.status[i]!)), t(`map.camera.${status}`)),
            ],
          ]),
        ),
      ...(onSelect ? { click: () => onSelect(c.id) } : {}),
    };
  }

  private group(d: Drawn): Hit {
    const counts = [0, 0, 0];
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const m of d.cluster.members) {
      counts[this.status[m]!]!++;
      minX = Math.min(minX, this.world[2 * m]!);
      maxX = Math.max(maxX, this.world[2 * m]!);
      minY = Math.min(minY, this.world[2 * m + 1]!);
      maxY = Math.max(maxY, this.world[2 * m + 1]!);
    }
    const t = this.t;
    const n = d.cluster.members.length;
    const bounds = L.latLngBounds(
      [latFromWorldY(maxY), lonFromWorldX(minX)],
      [latFromWorldY(minY), lonFromWorldX(maxX)],
    );
    return {
      key: `cluster:${d.cluster.members[0]}:${n}`,
      latlng: this.canvasToLatLng(d.x, d.y - d.r + 6),
      content: () =>
        h(
          'div',
          { class: 'anpr-tip' },
          h('strong', null, t('map.camera.cluster', { count: n })),
          h(
            'div',
            null,
            t('map.camera.clusterDetail', { up: counts[0], down: counts[1], unknown: counts[2] }),
          ),
          h('div', { class: 'anpr-tip-hint' }, t('map.camera.zoomIn')),
        ),
      click: () => {
        const map = this._map;
        const target = Math.min(
          map.getBoundsZoom(bounds, false, L.point(60, 60)),
          CLUSTER_UNTIL_ZOOM + 1,
        );
        map.setView(bounds.getCenter(), Math.max(target, map.getZoom() + 1));
      },
    };
  }
}
