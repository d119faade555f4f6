/** The map's public surface for the rest of the renderer. */
export { MapView, type MapViewProps } from './MapView.tsx';
export { CameraLayer, type CameraLayerProps } from './CameraLayer.tsx';
export { CoverageGapLayer, type CoverageGapLayerProps } from './CoverageGapLayer.tsx';
export { RouteLayer, useRouteColours, type RouteLayerProps } from './RouteLayer.tsx';
export { SightingLayer, type SightingLayerProps } from './SightingLayer.tsx';
export { DensityLayer, type DensityLayerProps } from './DensityLayer.tsx';
export { HitLayer, type HitLayerProps } from './HitLayer.tsx';
export { Legend, type LegendProps } from './Legend.tsx';
export type { DensityCount } from './density-canvas.ts';
export type { LegendEntry } from './legend-context.ts';
export { boundsOf, BELGIUM } from './fit.ts';
export {
  cameraStatusAt,
  coverageGaps,
  overlaps,
  type CameraStatus,
  type CameraOutage,
  type TimeWindow,
} from './outage.ts';
export { routeSegments, type RouteInput, type RouteSighting, type Segment } from './route.ts';
export { sightingFromRead, routesFromReads } from './sighting.ts';
export type { MapHotlistHit, MapSighting } from './types.ts';
export { mapMessages } from './messages.ts';
