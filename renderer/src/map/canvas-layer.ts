/**
 * A Leaflet layer that draws itself on one <canvas>: the way this map shows
 * thousands of cameras and tens of thousands of sightings without one DOM node
 * or Leaflet object per item.
 *
 * Subclasses keep their data projected once into world units (mercator.ts)
 * and implement `draw(view)`, which maps world units to canvas pixels with one
 * multiply and one subtract. The canvas covers the viewport plus a margin, is
 * redrawn after each pan or zoom, and follows Leaflet's zoom animation with a
 * CSS transform, exactly like Leaflet's own canvas renderer.
 */
import L from 'leaflet';
import { worldSize } from './mercator.ts';
import { hoverController, type Hit } from './hover.ts';

export interface DrawView {
  ctx: CanvasRenderingContext2D;
  zoom: number;
  /** World size in pixels at this zoom. */
  scale: number;
  /** Canvas x = worldX * scale - ox (same for y). */
  ox: number;
  oy: number;
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
}

export interface CanvasLayerOptions {
  pane: string;
  /** Stacking of the pane (see panes.ts). */
  zIndex: number;
  /** Extra canvas around the viewport, as a fraction of its size, so a short pan shows no blank edge. */
  padding?: number;
}

/** Creates a map pane on first use: layers do not depend on mount order. */
export function ensurePane(map: L.Map, name: string, zIndex: number): HTMLElement {
  const existing = map.getPane(name);
  if (existing) return existing;
  const pane = map.createPane(name);
  pane.style.zIndex = String(zIndex);
  // Drawing only: pointer handling is done by the hover controller on the map.
  pane.style.pointerEvents = 'none';
  return pane;
}

interface LeafletMapInternals {
  _getNewPixelOrigin(center: L.LatLng, zoom: number): L.Point;
  _zoomAnimated: boolean;
}

export abstract class CanvasLayer extends L.Layer {
  protected canvas: HTMLCanvasElement | null = null;
  protected view: DrawView | null = null;
  private origin = L.point(0, 0);
  private center = L.latLng(0, 0);
  private zoom = 0;
  private frame = 0;
  private zooming = false;
  private readonly paneName: string;
  private readonly zIndex: number;
  private readonly padding: number;
  /** Milliseconds the last draw took (read by the benchmark and the demo). */
  lastDrawMs = 0;

  constructor(options: CanvasLayerOptions) {
    super();
    // L.Layer has no initialize(): options must be set explicitly or getPane() answers overlayPane.
    L.Util.setOptions(this, { pane: options.pane });
    this.paneName = options.pane;
    this.zIndex = options.zIndex;
    this.padding = options.padding ?? 0.2;
  }

  /** Draws the layer's content; the canvas is already cleared and scaled for the device pixel ratio. */
  protected abstract draw(view: DrawView): void;

  /** What lies under canvas point (x, y), for tooltips and clicks; null for nothing. */
  hitTest(_x: number, _y: number): Hit | null {
    return null;
  }

  /** Stacking order, so the topmost layer answers a hover first. */
  get stackIndex(): number {
    return this.zIndex;
  }

  override onAdd(map: L.Map): this {
    ensurePane(map, this.paneName, this.zIndex);
    const canvas = L.DomUtil.create('canvas', 'anpr-canvas-layer');
    if ((map as unknown as LeafletMapInternals)._zoomAnimated)
      canvas.classList.add('leaflet-zoom-animated');
    this.getPane()!.appendChild(canvas);
    this.canvas = canvas;
    hoverController(map).register(this);
    this.reset();
    return this;
  }

  override onRemove(map: L.Map): this {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    hoverController(map).unregister(this);
    this.canvas?.remove();
    this.canvas = null;
    this.view = null;
    return this;
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    const events: Record<string, L.LeafletEventHandlerFn> = {
      viewreset: this.reset,
      moveend: this.reset,
      resize: this.reset,
      zoom: this.onZoom,
      zoomend: this.onZoomEnd,
    };
    if ((this._map as unknown as LeafletMapInternals)._zoomAnimated)
      events.zoomanim = this.onAnimZoom as L.LeafletEventHandlerFn;
    return events;
  }

  /** Schedules a redraw on the next frame (coalesces several data updates). */
  redraw(): this {
    if (this._map && !this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.reset();
      });
    }
    return this;
  }

  /** Redraws synchronously (benchmarks; data updates use `redraw`). */
  redrawNow(): this {
    this.reset();
    return this;
  }

  /** Canvas-local point for a container point (mouse position). */
  toCanvasPoint(containerPoint: L.Point): L.Point {
    return this._map.containerPointToLayerPoint(containerPoint).subtract(this.origin);
  }

  /** Lat/lng of a canvas point. */
  canvasToLatLng(x: number, y: number): L.LatLng {
    return this._map.layerPointToLatLng(L.point(x, y).add(this.origin));
  }

  /** Layer point of the canvas's top-left corner (canvas + origin = layer point). */
  protected get canvasOrigin(): L.Point {
    return this.origin;
  }

  get isZooming(): boolean {
    return this.zooming;
  }

  private onZoom(): void {
    this.updateTransform(this._map.getCenter(), this._map.getZoom());
  }

  private onAnimZoom(e: L.ZoomAnimEvent): void {
    this.zooming = true;
    this.updateTransform(e.center, e.zoom);
  }

  private onZoomEnd(): void {
    this.zooming = false;
  }

  /** Scales and shifts the last drawing while Leaflet animates a zoom (as L.Renderer does). */
  private updateTransform(center: L.LatLng, zoom: number): void {
    if (!this.canvas || !this.view) return;
    const map = this._map;
    const scale = map.getZoomScale(zoom, this.zoom);
    const viewHalf = map.getSize().multiplyBy(0.5 + this.padding);
    const currentCenterPoint = map.project(this.center, zoom);
    const topLeftOffset = viewHalf
      .multiplyBy(-scale)
      .add(currentCenterPoint)
      .subtract((map as unknown as LeafletMapInternals)._getNewPixelOrigin(center, zoom));
    L.DomUtil.setTransform(this.canvas, topLeftOffset, scale);
  }

  /** Repositions the canvas over the current view and redraws everything. */
  protected reset(): void {
    const map = this._map;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    const t0 = performance.now();
    const size = map.getSize();
    const pad = size.multiplyBy(this.padding).round();
    const min = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
    const width = size.x + 2 * pad.x;
    const height = size.y + 2 * pad.y;
    this.origin = min;
    this.center = map.getCenter();
    this.zoom = map.getZoom();
    L.DomUtil.setPosition(canvas, min);

    const ratio = window.devicePixelRatio || 1;
    const pw = Math.round(width * ratio);
    const ph = Math.round(height * ratio);
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const pixelOrigin = map.getPixelOrigin();
    this.view = {
      ctx,
      zoom: this.zoom,
      scale: worldSize(this.zoom),
      ox: pixelOrigin.x + min.x,
      oy: pixelOrigin.y + min.y,
      width,
      height,
    };
    this.draw(this.view);
    // What the drawing was projected with, read-only on the element: with it a
    // place's canvas pixel is worldX(lon) * 256 * 2^zoom - ox (tests, diagnostics).
    canvas.dataset.zoom = String(this.zoom);
    canvas.dataset.ox = String(this.view.ox);
    canvas.dataset.oy = String(this.view.oy);
    this.lastDrawMs = performance.now() - t0;
    this.fire('drawn');
  }
}
