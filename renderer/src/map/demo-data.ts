/**
 * Synthetic, deterministic data for the map demo page and its benchmark:
 * cameras along the real motorway corridors and in the big cities, vehicles
 * driving between them, outages. Entirely made up (plates included); no real
 * read ever comes near the demo.
 */
import type { Camera } from '../../../common/read.ts';
import { seededRandom } from '../../../common/random.ts';
import { bearingDegrees, haversineMeters } from '../../../common/geo.ts';
import type { Corridor, Town } from './basemap-data.ts';
import type { CameraStatus, CameraOutage } from './outage.ts';
import type { RouteInput, RouteSighting } from './route.ts';
import type { MapSighting } from './types.ts';

function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function nearestTown(towns: Town[], lat: number, lon: number): Town | undefined {
  let best: Town | undefined;
  let bestD = Infinity;
  for (const t of towns) {
    if (t.cc !== 'BE') continue;
    const d = (t.lat - lat) ** 2 + ((t.lon - lon) * 0.64) ** 2;
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  return best;
}

export interface DemoData {
  cameras: Camera[];
  status: Record<string, CameraStatus>;
  outages: CameraOutage[];
  window: { from: string; to: string };
  routes: RouteInput[];
  sightings: MapSighting[];
}

const CONNECTED = '2025-01-01T00:00:00Z';

/** Cameras every `spacingKm` along each corridor, one per direction, plus city clusters. */
export function demoCameras(
  corridors: Corridor[],
  towns: Town[],
  options: { spacingKm: number; cityCameras: number; seed: number },
): Camera[] {
  const rand = seededRandom(options.seed);
  const cameras: Camera[] = [];
  let n = 0;
  for (const c of corridors) {
    const last = c.points[c.points.length - 1]!;
    const lastTown = nearestTown(towns, last.lat, last.lon)?.name ?? c.ref;
    const firstTown = nearestTown(towns, c.points[0]!.lat, c.points[0]!.lon)?.name ?? c.ref;
    for (let i = 0; i + 1 < c.points.length; i++) {
      const a = c.points[i]!;
      const b = c.points[i + 1]!;
      const km = haversineMeters(a, b) / 1000;
      const steps = Math.max(1, Math.round(km / options.spacingKm));
      const heading = bearingDegrees(a, b);
      for (let s = 0; s < steps; s++) {
        const f = (s + 0.5) / steps;
        const lat = a.lat + (b.lat - a.lat) * f;
        const lon = a.lon + (b.lon - a.lon) * f;
        const town = nearestTown(towns, lat, lon)?.name ?? c.ref;
        for (const [dir, towards, h] of [
          [0, lastTown, heading],
          [1, firstTown, (heading + 180) % 360],
        ] as const) {
          n++;
          cameras.push({
            id: `cam-${String(n).padStart(5, '0')}`,
            site: `${c.ref} ${town}`,
            lat: lat + (dir ? 0.0004 : -0.0004),
            lon: lon + (dir ? -0.0004 : 0.0004),
            road: c.ref,
            direction: `→ ${towards}`,
            heading: Math.floor(h) % 360,
            lanes: 3,
            operator: 'federal',
            unitType: 'fixed',
            connectedSince: CONNECTED,
            outages: [],
          });
        }
      }
    }
  }
  // Cities: mostly Brussels (the first 450 cameras of the national network), then the others.
  const cities = towns.filter((t) => t.cc === 'BE' && t.pop >= 60_000);
  for (let i = 0; i < options.cityCameras; i++) {
    const city =
      i < options.cityCameras * 0.45 ? cities[0]! : cities[1 + (i % (cities.length - 1))]!;
    const spread = city.pop > 500_000 ? 0.075 : 0.035;
    // Along radial avenues and a ring, as city cameras are: on the roads into town.
    const onRing = rand() < 0.3;
    const avenue = Math.floor(rand() * 10);
    const a = onRing
      ? rand() * Math.PI * 2
      : (avenue / 10) * Math.PI * 2 + (city.pop % 7) * 0.1 + (rand() - 0.5) * 0.08;
    const r = onRing ? spread * (0.55 + (rand() - 0.5) * 0.06) : spread * (0.08 + rand() * 0.92);
    const lat = city.lat + r * Math.sin(a) * 0.64;
    const lon = city.lon + r * Math.cos(a);
    n++;
    cameras.push({
      id: `cam-${String(n).padStart(5, '0')}`,
      site: `${nearestTown(towns, lat, lon)?.name ?? city.name} ${100 + (n % 900)}`,
      lat,
      lon,
      road: `N${1 + Math.floor(rand() * 99)}`,
      direction: null,
      heading: Math.floor(rand() * 360),
      lanes: 1 + Math.floor(rand() * 2),
      operator: rand() < 0.7 ? 'local' : 'regional',
      unitType: 'fixed',
      connectedSince: CONNECTED,
      outages: [],
    });
  }
  return cameras;
}

function cameraNear(cameras: Camera[], road: string, lat: number, lon: number): Camera {
  let best = cameras[0]!;
  let bestD = Infinity;
  for (const c of cameras) {
    if (c.road !== road) continue;
    const d = (c.lat - lat) ** 2 + ((c.lon - lon) * 0.64) ** 2;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** A trip along the named corridors' cameras, at a given speed, starting at `start`. */
function trip(
  cameras: Camera[],
  legs: Array<{ road: string; from: [number, number]; to: [number, number] }>,
  start: Date,
  kmh: number,
  rand: () => number,
  skip = 0.25,
): RouteSighting[] {
  const out: RouteSighting[] = [];
  let t = start.getTime();
  let prev: Camera | null = null;
  for (const leg of legs) {
    const on = cameras.filter((c) => c.road === leg.road);
    const a = cameraNear(on, leg.road, ...leg.from);
    const b = cameraNear(on, leg.road, ...leg.to);
    const dir = bearingDegrees(a, b);
    // Cameras on this leg, facing the way we drive, ordered by distance from the start.
    const along = on
      .filter((c) => {
        const da = haversineMeters(a, c);
        const db = haversineMeters(c, b);
        const ab = haversineMeters(a, b);
        const facing = c.heading === null || Math.abs(((c.heading - dir + 540) % 360) - 180) < 90;
        return da + db < ab * 1.08 + 2000 && facing;
      })
      .sort((x, y) => haversineMeters(a, x) - haversineMeters(a, y));
    for (const c of along) {
      if (prev) t += (haversineMeters(prev, c) / 1000 / kmh) * 3_600_000 * (0.9 + rand() * 0.25);
      prev = c;
      if (rand() < skip) continue; // not every camera reads every plate
      out.push({
        id: uuid(rand),
        lat: c.lat,
        lon: c.lon,
        at: new Date(Math.round(t / 1000) * 1000).toISOString(),
        unitId: c.id,
        direction: c.direction,
        confidence: Math.round((0.82 + rand() * 0.17) * 100) / 100,
      });
    }
  }
  return out;
}

const point = (corridors: Corridor[], ref: string, index: number): [number, number] => {
  const c = corridors.find((k) => k.ref === ref)!;
  const p = c.points[index < 0 ? c.points.length + index : index]!;
  return [p.lat, p.lon];
};

/** The scene of the screenshots: a morning in Belgium with three vehicles, one of them cloned. */
export function demoScene(corridors: Corridor[], towns: Town[]): DemoData {
  const rand = seededRandom(20250314);
  const cameras = demoCameras(corridors, towns, { spacingKm: 7, cityCameras: 900, seed: 7 });
  const window = { from: '2025-03-14T06:00:00+01:00', to: '2025-03-14T12:00:00+01:00' };
  const townAt = (name: string): [number, number] => {
    const t = towns.find((x) => x.name === name && x.cc === 'BE')!;
    return [t.lat, t.lon];
  };

  const status: Record<string, CameraStatus> = {};
  const outages: CameraOutage[] = [];
  cameras.forEach((c, i) => {
    const r = rand();
    status[c.id] = r < 0.05 ? 'down' : r < 0.08 ? 'unknown' : 'up';
    if (status[c.id] === 'down' && i % 3 === 0)
      outages.push({
        cameraId: c.id,
        from: '2025-03-14T05:10:00+01:00',
        to: '2025-03-14T09:40:00+01:00',
      });
  });

  const a = trip(
    cameras,
    [
      { road: 'E19', from: townAt('Antwerpen'), to: townAt('Vilvoorde') },
      { road: 'R0', from: townAt('Vilvoorde'), to: townAt('Overijse') },
      { road: 'E411', from: townAt('Overijse'), to: townAt('Namur') },
      { road: 'E42', from: townAt('Namur'), to: townAt('Liège') },
    ],
    new Date('2025-03-14T07:12:00+01:00'),
    104,
    rand,
  );
  const b = trip(
    cameras,
    [
      { road: 'E19', from: townAt('Antwerpen'), to: townAt('Vilvoorde') },
      { road: 'R0', from: townAt('Vilvoorde'), to: townAt('Overijse') },
      { road: 'E411', from: townAt('Overijse'), to: townAt('Namur') },
    ],
    new Date('2025-03-14T07:14:30+01:00'),
    101,
    rand,
    0.45,
  );
  const c = trip(
    cameras,
    [
      { road: 'E40', from: point(corridors, 'E40', 5), to: point(corridors, 'E40', 8) },
      { road: 'E17', from: townAt('Gent'), to: townAt('Kortrijk') },
    ],
    new Date('2025-03-14T08:05:00+01:00'),
    112,
    rand,
  );
  // The clone: the same plate read in Liège while the car is near Kortrijk.
  const clone = cameraNear(cameras, 'E40', ...townAt('Ans'));
  const mid = c[Math.floor(c.length * 0.6)]!;
  c.push({
    id: uuid(rand),
    lat: clone.lat,
    lon: clone.lon,
    at: new Date(Date.parse(mid.at) + 6 * 60_000).toISOString(),
    unitId: clone.id,
    direction: clone.direction,
    confidence: 0.91,
  });
  // Outages on the first vehicle's path, so the halo sits where a read is missing.
  for (const k of [3, 9]) {
    const cam = cameras.find((x) => x.id === a[k]?.unitId);
    if (cam) {
      status[cam.id] = 'down';
      outages.push({
        cameraId: cam.id,
        from: '2025-03-14T07:00:00+01:00',
        to: '2025-03-14T08:30:00+01:00',
      });
    }
  }

  const routes: RouteInput[] = [
    { plate: '1-ABC-123', sightings: a },
    { plate: '2-XYZ-987', sightings: b },
    { plate: '1-KLM-456', sightings: c },
  ];
  const siteOf = new Map(cameras.map((x) => [x.id, x.site]));
  for (const s of [...a, ...b, ...c]) s.camera = siteOf.get(s.unitId) ?? s.unitId;
  const sightings: MapSighting[] = a.map((s, i) => ({
    ...s,
    plate: '1-ABC-123',
    alternatives: i % 4 === 0 ? [{ plate: '1-A8C-123', confidence: 0.41 }] : [],
  }));
  return { cameras, status, outages, window, routes, sightings };
}

/** The benchmark's load: `cameraCount` cameras and one vehicle with `sightingCount` sightings. */
export function demoBench(
  corridors: Corridor[],
  towns: Town[],
  cameraCount: number,
  sightingCount: number,
): DemoData {
  const rand = seededRandom(5000);
  const corridorCameras = demoCameras(corridors, towns, {
    spacingKm: 2.2,
    cityCameras: 0,
    seed: 1,
  });
  const cameras = demoCameras(corridors, towns, {
    spacingKm: 2.2,
    cityCameras: Math.max(0, cameraCount - corridorCameras.length),
    seed: 1,
  }).slice(0, cameraCount);
  const status: Record<string, CameraStatus> = {};
  for (const c of cameras) status[c.id] = rand() < 0.06 ? 'down' : 'up';
  const outages = cameras
    .filter((c) => status[c.id] === 'down')
    .map((c) => ({ cameraId: c.id, from: '2025-02-01T00:00:00Z', to: '2025-02-02T00:00:00Z' }));

  // A month of driving: mostly short hops to a nearby camera, now and then a long trip.
  const sightings: RouteSighting[] = [];
  let i = 0;
  let t = Date.parse('2025-01-15T00:00:00Z');
  for (let k = 0; k < sightingCount; k++) {
    i =
      rand() < 0.97
        ? (i + 1 + Math.floor(rand() * 6)) % cameras.length
        : Math.floor(rand() * cameras.length);
    const c = cameras[i]!;
    t += 30_000 + Math.floor(rand() * 600_000);
    sightings.push({
      id: uuid(rand),
      lat: c.lat,
      lon: c.lon,
      at: new Date(t).toISOString(),
      unitId: c.id,
      direction: c.direction,
      confidence: 0.9,
    });
  }
  return {
    cameras,
    status,
    outages,
    window: { from: '2025-02-01T12:00:00Z', to: '2025-02-03T00:00:00Z' },
    routes: [{ plate: 'BENCH-1', sightings }],
    sightings: [],
  };
}
