/**
 * Synthetic reads for the benchmark and for the source parity test: fixed
 * cameras spread over Belgium, vehicles with a home camera and a very uneven
 * activity (a few drive every day, most rarely), trips that walk from camera
 * to neighbouring camera at road speeds, rush-hour peaks. Deterministic for a
 * given seed. Planted vehicles (a target, its follower, a cloned plate) give
 * the benchmark known work to do.
 */
import { haversineMeters } from '../../../common/geo.ts';
import { seededRandom } from '../../../common/random.ts';
import { lookalikeKey } from '../../../common/plates.ts';
import type { MemoryRead } from './memory-source.ts';

export interface SyntheticOptions {
  reads: number;
  cameras?: number;
  vehicles?: number;
  days?: number;
  /** Epoch ms of the first day, UTC midnight. */
  start?: number;
  seed?: number;
  /** Sightings of the planted target (0: none). */
  targetSightings?: number;
}

export interface SyntheticCamera {
  unitId: string;
  lat: number;
  lon: number;
  direction: string;
}

/** Plates of the planted vehicles: letters first, so never one of the generated plates. */
export const PLANTED = { target: 'TGT0001', follower: 'FLW0001', clone: 'CLN0001' } as const;

export const prng = seededRandom;

export function syntheticCameras(n: number, rand: () => number): SyntheticCamera[] {
  const dirs = ['N', 'E', 'S', 'W'];
  return Array.from({ length: n }, (_, i) => ({
    unitId: `cam-${String(i).padStart(4, '0')}`,
    // Belgium's bounding box, roughly.
    lat: 49.6 + rand() * 1.8,
    lon: 2.6 + rand() * 3.7,
    direction: dirs[i % 4]!,
  }));
}

/** Trips of one vehicle a day fall in these two-hour slots from 06:00 UTC. */
const SLOTS = 8;
/** Reads per trip: 2..8 cameras. */
const MEAN_STEPS = 5;

/** Knuth's method; fine for the small means used here. */
function poisson(mean: number, r: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = r(); p > limit; p *= r()) k++;
  return k;
}

const PLATE_SPACE = 9 * 26 ** 3 * 1000;
/** Prime, coprime with PLATE_SPACE: i → i·M mod PLATE_SPACE is a bijection that scatters plates. */
const SCATTER = 1_000_003;

/** Current Belgian format `1ABC234`, distinct for every i < PLATE_SPACE. */
export function syntheticPlate(i: number): string {
  let j = (i * SCATTER) % PLATE_SPACE;
  const d = 1 + (j % 9);
  j = Math.floor(j / 9);
  const digits = String(j % 1000).padStart(3, '0');
  j = Math.floor(j / 1000);
  const l3 = String.fromCharCode(65 + (j % 26));
  j = Math.floor(j / 26);
  const l2 = String.fromCharCode(65 + (j % 26));
  const l1 = String.fromCharCode(65 + Math.floor(j / 26));
  return `${d}${l1}${l2}${l3}${digits}`;
}

export function syntheticId(n: number): string {
  // Increasing ids keep the UNIQUE index append-only while loading.
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

export interface SyntheticData {
  cameras: SyntheticCamera[];
  /** Yields exactly `reads` reads (planted ones included), in no particular order. */
  reads(): Generator<MemoryRead>;
  /** Plates of generated (not planted) vehicles, by decreasing activity. */
  plates: (n: number) => string[];
  vehicles: number;
  start: number;
  end: number;
}

export function syntheticData(options: SyntheticOptions): SyntheticData {
  const seed = options.seed ?? 1;
  const total = options.reads;
  const rand = prng(seed);
  const nCameras = options.cameras ?? 500;
  const nVehicles = options.vehicles ?? Math.max(10, Math.round(total / 50));
  const days = options.days ?? 30;
  const start = options.start ?? Date.UTC(2025, 2, 1);
  const end = start + days * 86_400_000;
  const targetSightings = Math.min(options.targetSightings ?? 0, Math.floor(total / 3));

  const cameras = syntheticCameras(nCameras, rand);
  // Each camera's 5 nearest cameras: the road network a trip walks along.
  const neighbours = cameras.map((c, i) =>
    cameras
      .map((o, j) => ({ j, d: i === j ? Infinity : haversineMeters(c, o) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 5)
      .map((x) => x.j),
  );
  // Uneven activity: vehicle v makes on average λ_v = scale·(v + 500)^-0.5 trips a
  // day, so the busiest vehicles (vans, taxis) drive ~15× more than the median
  // one; scale is chosen so that one pass over the days yields about `reads`.
  const weight = (v: number) => (v + 500) ** -0.5;
  let weights = 0;
  for (let v = 0; v < nVehicles; v++) weights += weight(v);
  const scale = total / (days * MEAN_STEPS * weights);
  const home = Int32Array.from({ length: nVehicles }, () => Math.floor(rand() * nCameras));

  function* reads(): Generator<MemoryRead> {
    const r = prng(seed + 1);
    let n = 0;
    const make = (plate: string, cam: SyntheticCamera, at: number): MemoryRead => ({
      id: syntheticId(n++),
      plate,
      plateKey: lookalikeKey(plate),
      capturedAt: Math.round(at),
      lat: cam.lat,
      lon: cam.lon,
      unitId: cam.unitId,
      direction: cam.direction,
      confidence: 0.8 + r() * 0.2,
    });

    // Planted: a target on regular trips, a follower 5-40 s behind it on 60 % of
    // its sightings, and a plate read at both ends of the country 10 minutes apart.
    if (targetSightings > 0) {
      let left = targetSightings;
      let followerLeft = total - targetSightings - 2;
      for (let trip = 0; left > 0; trip++) {
        // Trips on successive days, a second (third...) one 4 hours later: no overlaps.
        const day = trip % days;
        let at =
          start +
          day * 86_400_000 +
          (7 + 4 * Math.floor(trip / days)) * 3_600_000 +
          r() * 1_800_000;
        let cam = Math.floor(r() * nCameras);
        for (let step = 0; step < 10 && left > 0; step++, left--) {
          yield make(PLANTED.target, cameras[cam]!, at);
          if (r() < 0.6 && followerLeft-- > 0) {
            yield make(PLANTED.follower, cameras[cam]!, at + 5000 + r() * 35_000);
          }
          const next = neighbours[cam]![Math.floor(r() * 5)]!;
          at += (haversineMeters(cameras[cam]!, cameras[next]!) / (60 + r() * 50)) * 3600;
          cam = next;
        }
      }
      const west = cameras.reduce((a, b) => (b.lon < a.lon ? b : a));
      const east = cameras.reduce((a, b) => (b.lon > a.lon ? b : a));
      const t = start + Math.floor(days / 2) * 86_400_000 + 8 * 3_600_000;
      yield make(PLANTED.clone, west, t);
      yield make(PLANTED.clone, east, t + 600_000);
    }

    // Day by day (so the table is roughly in time order, as pulls by period
    // leave it); a vehicle's trips of one day sit in successive two-hour slots
    // and each starts where the previous ended: its reads are physically
    // consistent, so impossible journeys come only from the planted clone.
    while (n < total) {
      for (let day = 0; day < days && n < total; day++) {
        for (let v = 0; v < nVehicles && n < total; v++) {
          const trips = Math.min(poisson(scale * weight(v), r), SLOTS);
          if (trips === 0) continue;
          const plate = syntheticPlate(v);
          let cam = home[v]!;
          let free = 0;
          const firstSlot = Math.floor(r() * (SLOTS - trips + 1));
          for (let trip = 0; trip < trips && n < total; trip++) {
            const slotStart = start + day * 86_400_000 + (6 + 2 * (firstSlot + trip)) * 3_600_000;
            let at = Math.max(slotStart + r() * 1_800_000, free + 600_000);
            const steps = 2 + Math.floor(r() * 7);
            for (let step = 0; step < steps && n < total; step++) {
              yield make(plate, cameras[cam]!, at);
              if (step === steps - 1) break;
              const next = neighbours[cam]![Math.floor(r() * 5)]!;
              at +=
                (haversineMeters(cameras[cam]!, cameras[next]!) / (50 + r() * 70)) * 3600 +
                r() * 60_000;
              cam = next;
            }
            free = at;
          }
        }
      }
    }
  }

  return {
    cameras,
    reads,
    plates: (n) => Array.from({ length: Math.min(n, nVehicles) }, (_, v) => syntheticPlate(v)),
    vehicles: nVehicles,
    start,
    end,
  };
}
