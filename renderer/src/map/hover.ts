/**
 * One hover/click arbiter per map for the canvas layers: the topmost layer
 * with something under the pointer shows the single tooltip and gets the
 * click, so overlapping layers never show two tooltips at once.
 */
import L from 'leaflet';

export interface Hit {
  /** Identity of what is under the pointer: the tooltip is rebuilt only when it changes. */
  key: string;
  /** Where the tooltip points. */
  latlng: L.LatLng;
  content: () => HTMLElement;
  click?: () => void;
}

interface HitTestable {
  readonly stackIndex: number;
  readonly isZooming: boolean;
  hitTest(x: number, y: number): Hit | null;
  toCanvasPoint(containerPoint: L.Point): L.Point;
}

const controllers = new WeakMap<L.Map, HoverController>();

export function hoverController(map: L.Map): HoverController {
  let c = controllers.get(map);
  if (!c) {
    c = new HoverController(map);
    controllers.set(map, c);
  }
  return c;
}

export class HoverController {
  private readonly layers = new Set<HitTestable>();
  private readonly tooltip: L.Tooltip;
  private current: Hit | null = null;
  /** The item just clicked: no tooltip for it until the pointer leaves it. */
  private suppressed: string | null = null;
  private pending: L.Point | null = null;
  private frame = 0;
  private readonly map: L.Map;

  constructor(map: L.Map) {
    this.map = map;
    this.tooltip = L.tooltip({
      className: 'anpr-map-tooltip',
      direction: 'top',
      offset: [0, -10],
      opacity: 1,
    });
    map.on('mousemove', (e: L.LeafletMouseEvent) => this.schedule(e.containerPoint));
    map.on('mouseout movestart zoomstart', () => this.clear());
    map.on('click', (e: L.LeafletMouseEvent) => {
      const hit = this.test(e.containerPoint);
      if (!hit?.click) return;
      hit.click();
      // A click usually opens details (popup, side panel): the summary tooltip would cover them.
      this.clear();
      this.suppressed = hit.key;
    });
  }

  register(layer: HitTestable): void {
    this.layers.add(layer);
  }

  unregister(layer: HitTestable): void {
    this.layers.delete(layer);
    this.clear();
  }

  /** The hit at a container point, topmost layer first. */
  test(containerPoint: L.Point): Hit | null {
    const ordered = [...this.layers].sort((a, b) => b.stackIndex - a.stackIndex);
    for (const layer of ordered) {
      if (layer.isZooming) return null;
      const p = layer.toCanvasPoint(containerPoint);
      const hit = layer.hitTest(p.x, p.y);
      if (hit) return hit;
    }
    return null;
  }

  private schedule(point: L.Point): void {
    this.pending = point;
    if (this.frame) return;
    // Mouse events come faster than frames; one hit test per frame is plenty.
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.pending) this.show(this.test(this.pending));
    });
  }

  private show(hit: Hit | null): void {
    const container = this.map.getContainer();
    container.classList.toggle('anpr-map-hover', !!hit?.click);
    if (!hit || hit.key === this.suppressed) {
      if (!hit) this.suppressed = null;
      this.clear();
      return;
    }
    this.suppressed = null;
    if (this.current?.key !== hit.key) this.tooltip.setContent(hit.content());
    this.tooltip.setLatLng(hit.latlng);
    if (!this.map.hasLayer(this.tooltip)) this.map.openTooltip(this.tooltip);
    this.current = hit;
  }

  private clear(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pending = null;
    this.current = null;
    this.map.getContainer().classList.remove('anpr-map-hover');
    if (this.map.hasLayer(this.tooltip)) this.map.closeTooltip(this.tooltip);
  }
}
