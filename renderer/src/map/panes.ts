/**
 * Stacking of the map's panes. Leaflet's own: tiles 200, overlays 400,
 * markers 600, tooltips 650, popups 700. The offline basemap lies under the
 * tiles (an agency tile layer covers it when configured and reachable);
 * data layers lie over both, most specific on top.
 */
export const PANES = {
  basemap: { name: 'anpr-basemap', zIndex: 150 },
  density: { name: 'anpr-density', zIndex: 390 },
  cameras: { name: 'anpr-cameras', zIndex: 400 },
  /** Over the cameras: a down camera is tinted by its halo, and hovering it explains the gap. */
  gaps: { name: 'anpr-gaps', zIndex: 410 },
  /** Place names over cameras (a city's camera cluster sits on its name), under the case's own data. */
  labels: { name: 'anpr-labels', zIndex: 415 },
  routes: { name: 'anpr-routes', zIndex: 420 },
  sightings: { name: 'anpr-sightings', zIndex: 440 },
  /** Hotlist hits ring their read: over the sightings so the ring is never hidden under a dot. */
  hits: { name: 'anpr-hits', zIndex: 445 },
} as const;
