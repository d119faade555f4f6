import type L from 'leaflet';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area, BoundingBox } from '../../../../common/geo.ts';
import type { Camera } from '../../../../common/read.ts';
import type { MapBasemap } from '../../../../common/settings.ts';
import {
  CameraLayer,
  cameraStatusAt,
  CoverageGapLayer,
  DensityLayer,
  HitLayer,
  MapView,
  RouteLayer,
  SightingLayer,
  type CameraStatus,
  type DensityCount,
  type MapHotlistHit,
  type MapSighting,
  type RouteInput,
} from '../../map/index.ts';
import { DrawLayer, type DrawMode } from './DrawLayer.tsx';

export interface Layers {
  cameras: boolean;
  gaps: boolean;
  routes: boolean;
  sightings: boolean;
  density: boolean;
  hits: boolean;
}

export const LAYER_KEYS: ReadonlyArray<keyof Layers> = [
  'cameras',
  'gaps',
  'routes',
  'sightings',
  'density',
  'hits',
];

interface Props {
  cameras: readonly Camera[];
  cameraById: ReadonlyMap<string, Camera>;
  basemap: MapBasemap;
  layers: Layers;
  onLayers: (layers: Layers) => void;
  /** Coverage gaps are computed over this window. */
  window: { from: string; to: string } | null;
  /** Camera status is shown at this instant (the timeline's playhead). */
  statusAt: Date;
  routes: RouteInput[];
  upTo: Date | undefined;
  sightings: MapSighting[];
  selectedId: string | null;
  onSelectRead: (id: string) => void;
  density: DensityCount[];
  /** Hotlist hits among the case's reads (#14). */
  hits: MapHotlistHit[];
  fit: BoundingBox | null;
  drawMode: DrawMode;
  onDrawMode: (mode: DrawMode) => void;
  area: Area | null;
  onArea: (area: Area | null) => void;
  onCamera: (cameraId: string) => void;
  onMap: (map: L.Map) => void;
  /** Show the drawing tools (a place is being chosen for an analysis). */
  drawing: boolean;
}

/** The case map: cameras, coverage gaps, routes, sightings and density, plus the drawing tools. */
export function CaseMap(props: Props) {
  const { t } = useTranslation();
  const { layers, cameras } = props;
  const statusMs = props.statusAt.getTime();
  const status = useMemo(() => {
    const out: Record<string, CameraStatus> = {};
    const at = new Date(statusMs);
    for (const c of cameras) out[c.id] = cameraStatusAt(c, at);
    return out;
  }, [cameras, statusMs]);

  const toggle = (key: keyof Layers) => props.onLayers({ ...layers, [key]: !layers[key] });
  const modes: DrawMode[] = ['circle', 'polygon', 'cameras'];

  return (
    <div className="case-map" data-testid="case-map">
      <MapView fit={props.fit} basemap={props.basemap} onMap={props.onMap}>
        {layers.density && props.density.length > 0 && <DensityLayer counts={props.density} />}
        {layers.cameras && (
          <CameraLayer cameras={cameras} status={status} onSelect={props.onCamera} />
        )}
        {layers.gaps && props.window && (
          <CoverageGapLayer cameras={cameras} window={props.window} />
        )}
        {layers.routes && props.routes.length > 0 && (
          <RouteLayer routes={props.routes} upTo={props.upTo} />
        )}
        {layers.sightings && props.sightings.length > 0 && (
          <SightingLayer
            sightings={props.sightings}
            selectedId={props.selectedId}
            onSelect={props.onSelectRead}
          />
        )}
        {layers.hits && props.hits.length > 0 && (
          <HitLayer hits={props.hits} selectedId={props.selectedId} onSelect={props.onSelectRead} />
        )}
        <DrawLayer
          mode={props.drawMode}
          area={props.area}
          onArea={(a) => {
            props.onArea(a);
            if (a) props.onDrawMode('none');
          }}
          cameraById={props.cameraById}
        />
      </MapView>
      <div className="map-tools" role="toolbar" aria-label={t('detective.map.layers')}>
        {LAYER_KEYS.map((key) => (
          <button
            key={key}
            type="button"
            className="map-tool"
            aria-pressed={layers[key]}
            onClick={() => toggle(key)}
            data-testid={`layer-${key}`}
          >
            {t(`detective.map.layer.${key}`)}
          </button>
        ))}
      </div>
      {props.drawing && (
        <div className="map-tools map-draw" role="toolbar" aria-label={t('detective.map.draw')}>
          <span className="map-tools-label">{t('detective.map.draw')}</span>
          {modes.map((m) => (
            <button
              key={m}
              type="button"
              className="map-tool"
              aria-pressed={props.drawMode === m}
              onClick={() => props.onDrawMode(props.drawMode === m ? 'none' : m)}
              data-testid={`draw-${m}`}
            >
              {t(`detective.map.drawMode.${m}`)}
            </button>
          ))}
          {props.area && (
            <button type="button" className="map-tool" onClick={() => props.onArea(null)}>
              {t('detective.map.clear')}
            </button>
          )}
          {props.drawMode !== 'none' && (
            <span className="map-tools-hint" role="status">
              {t(`detective.map.hint.${props.drawMode}`)}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
