/**
 * Drawing the place of a stakeout on the map: a circle (click the centre, then
 * the edge), a polygon (click the corners, click the first one or press Enter
 * to close), or cameras (click them on the camera layer). The same area can be
 * typed in the analysis form, so nothing here needs a mouse.
 */
import type L from 'leaflet';
import { useEffect, useState } from 'react';
import { Circle, CircleMarker, Polygon, Polyline, useMap, useMapEvents } from 'react-leaflet';
import { haversineMeters, type Area, type LatLon } from '../../../../common/geo.ts';
import type { Camera } from '../../../../common/read.ts';

export type DrawMode = 'none' | 'circle' | 'polygon' | 'cameras';

const STYLE = { color: '#e8590c', weight: 2, fillOpacity: 0.12, dashArray: '6 4' };

export function DrawLayer({
  mode,
  area,
  onArea,
  cameraById,
}: {
  mode: DrawMode;
  area: Area | null;
  onArea: (area: Area | null) => void;
  cameraById: ReadonlyMap<string, Camera>;
}) {
  const map = useMap();
  const [centre, setCentre] = useState<LatLon | null>(null);
  const [points, setPoints] = useState<LatLon[]>([]);
  const [cursor, setCursor] = useState<LatLon | null>(null);

  useEffect(() => {
    setCentre(null);
    setPoints([]);
    setCursor(null);
    const el = map.getContainer();
    el.classList.toggle('draw-active', mode === 'circle' || mode === 'polygon');
    // Double-click must close a polygon, not zoom.
    if (mode === 'polygon') map.doubleClickZoom.disable();
    else map.doubleClickZoom.enable();
    return () => {
      el.classList.remove('draw-active');
      map.doubleClickZoom.enable();
    };
  }, [mode, map]);

  const finishPolygon = (pts: LatLon[]) => {
    if (pts.length >= 3) onArea({ kind: 'polygon', points: pts });
    setPoints([]);
  };

  useMapEvents({
    click(e) {
      const p = { lat: e.latlng.lat, lon: e.latlng.lng };
      if (mode === 'circle') {
        if (!centre) setCentre(p);
        else {
          onArea({
            kind: 'circle',
            lat: centre.lat,
            lon: centre.lon,
            radiusM: Math.max(50, Math.round(haversineMeters(centre, p))),
          });
          setCentre(null);
        }
      } else if (mode === 'polygon') {
        const first = points[0];
        if (first && points.length >= 3) {
          const a = map.latLngToContainerPoint([first.lat, first.lon]);
          if (a.distanceTo(e.containerPoint) < 10) return finishPolygon(points);
        }
        setPoints([...points, p]);
      }
    },
    dblclick() {
      if (mode === 'polygon') finishPolygon(points);
    },
    mousemove(e) {
      if (mode === 'circle' || mode === 'polygon')
        setCursor({ lat: e.latlng.lat, lon: e.latlng.lng });
    },
    keydown(e) {
      const key = (e.originalEvent as KeyboardEvent).key;
      if (mode === 'polygon' && key === 'Enter') finishPolygon(points);
      if (key === 'Escape') {
        setCentre(null);
        setPoints([]);
      }
    },
  });

  const ll = (p: LatLon): L.LatLngExpression => [p.lat, p.lon];
  return (
    <>
      {area?.kind === 'circle' && (
        <Circle center={[area.lat, area.lon]} radius={area.radiusM} pathOptions={STYLE} />
      )}
      {area?.kind === 'polygon' && <Polygon positions={area.points.map(ll)} pathOptions={STYLE} />}
      {area?.kind === 'cameras' &&
        area.cameraIds.map((id) => {
          const cam = cameraById.get(id);
          return cam ? (
            <CircleMarker
              key={id}
              center={[cam.lat, cam.lon]}
              radius={11}
              pathOptions={{ ...STYLE, dashArray: undefined, fillOpacity: 0.25 }}
            />
          ) : null;
        })}
      {mode === 'circle' && centre && cursor && (
        <Circle
          center={ll(centre)}
          radius={Math.max(50, haversineMeters(centre, cursor))}
          pathOptions={STYLE}
        />
      )}
      {mode === 'polygon' && points.length > 0 && (
        <Polyline
          positions={[...points, ...(cursor ? [cursor] : [])].map(ll)}
          pathOptions={STYLE}
        />
      )}
    </>
  );
}
