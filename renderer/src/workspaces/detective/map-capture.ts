/**
 * The map as the officer sees it, as one image for the PDF evidence report:
 * every canvas of the map (basemap, cameras, gaps, routes, sightings) drawn
 * in pane order onto one canvas. Tiles of an agency server are included when
 * the browser allows reading them back (same origin or CORS); otherwise the
 * picture shows the offline basemap under the data.
 */
import type L from 'leaflet';

export interface MapImage {
  mime: 'image/jpeg';
  base64: string;
}

function paneZ(el: Element, container: Element): number {
  for (let p: Element | null = el; p && p !== container; p = p.parentElement) {
    const z = Number(getComputedStyle(p).zIndex);
    if (p.classList.contains('leaflet-pane') && Number.isFinite(z)) return z;
  }
  return 0;
}

/** A JPEG of the map no larger than `maxChars` of base64 (it travels in one API call). */
export function captureMap(map: L.Map, background: string, maxChars = 650_000): MapImage | null {
  const container = map.getContainer();
  const box = container.getBoundingClientRect();
  if (box.width < 10 || box.height < 10) return null;
  const readable = (el: Element) => {
    if (!(el instanceof HTMLImageElement)) return true;
    try {
      return new URL(el.src).origin === window.location.origin || el.crossOrigin !== null;
    } catch {
      return false;
    }
  };
  const layers = [...container.querySelectorAll('canvas, img.leaflet-tile')]
    .filter(readable)
    .map((el, order) => ({ el, order, z: paneZ(el, container) }))
    .sort((a, b) => a.z - b.z || a.order - b.order);
  for (const scale of [2, 1.5, 1]) {
    const out = document.createElement('canvas');
    out.width = Math.round(box.width * scale);
    out.height = Math.round(box.height * scale);
    const ctx = out.getContext('2d');
    if (!ctx) return null;
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.scale(scale, scale);
    for (const { el } of layers) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      try {
        ctx.drawImage(
          el as HTMLCanvasElement | HTMLImageElement,
          r.left - box.left,
          r.top - box.top,
          r.width,
          r.height,
        );
      } catch {
        // An image the browser will not let us read back: left out.
      }
    }
    let url: string;
    try {
      url = out.toDataURL('image/jpeg', 0.86);
    } catch {
      return null; // tainted by a cross-origin tile: no image rather than a broken export
    }
    const base64 = url.slice(url.indexOf(',') + 1);
    if (base64.length <= maxChars) return { mime: 'image/jpeg', base64 };
  }
  return null;
}
