/**
 * Streams the reads of a world, day by day in capture order: the background
 * population is planned one local day at a time, merged with the scripted
 * passes, and rendered into schema-shaped reads with camera and OCR faults.
 * Only one day of passes is held in memory.
 */
import type { Read } from '../../common/read.ts';
import { cameraSilent } from './cameras.ts';
import { confusablePositions, confuseAt } from './plates.ts';
import { newPlanState, planDay } from './planner.ts';
import { createRng, uuidV4, type Rng } from './prng.ts';
import { localDay, localDayNumber } from './time.ts';
import type { Vehicle, WorldModel } from './world.ts';

/** Share of passes a camera fails to read at all. */
export const MISS_RATE = 0.05;
/** Share of reads with one look-alike character wrong. */
export const MISREAD_RATE = 0.04;
/** Vendors whose OCR output keeps the plate's separators. */
const KEEPS_SEPARATORS = new Set(['Jenoptik', 'ARH', 'Tattile']);

export const STREAM_TRIPS = 0x7121;
export const STREAM_RENDER = 0x4e4d;

class PassBuffer {
  t = new Float64Array(1 << 16);
  cam = new Int32Array(1 << 16);
  veh = new Int32Array(1 << 16);
  n = 0;

  push = (t: number, cam: number, veh: number): void => {
    if (this.n === this.t.length) this.grow();
    this.t[this.n] = t;
    this.cam[this.n] = cam;
    this.veh[this.n] = veh;
    this.n++;
  };

  private grow(): void {
    const size = this.t.length * 2;
    const t = new Float64Array(size);
    t.set(this.t);
    const cam = new Int32Array(size);
    cam.set(this.cam);
    const veh = new Int32Array(size);
    veh.set(this.veh);
    this.t = t;
    this.cam = cam;
    this.veh = veh;
  }

  /** Drops everything before `cutoff` (already emitted). */
  keepFrom(cutoff: number): void {
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      const t = this.t[r] as number;
      if (t >= cutoff) {
        this.t[w] = t;
        this.cam[w] = this.cam[r] as number;
        this.veh[w] = this.veh[r] as number;
        w++;
      }
    }
    this.n = w;
  }
}

/** Re-inserts the display separators of `display` around the characters of `plate`. */
function likeDisplay(display: string, plate: string): string {
  let out = '';
  let j = 0;
  for (const ch of display) {
    if (ch === ' ' || ch === '-') out += ch;
    else out += plate[j++] ?? '';
  }
  return out;
}

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let isoDay = -1;
let isoPrefix = '';

/** Same output as Date#toISOString for in-range instants, without a Date per read (reads come in time order). */
export function isoUtc(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  if (day !== isoDay) {
    isoDay = day;
    isoPrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
  }
  let r = ms - day * 86_400_000;
  const h = Math.floor(r / 3_600_000);
  r -= h * 3_600_000;
  const mi = Math.floor(r / 60_000);
  r -= mi * 60_000;
  const sec = Math.floor(r / 1000);
  return `${isoPrefix}${PAD2[h]}:${PAD2[mi]}:${PAD2[sec]}.${PAD3[r - sec * 1000]}Z`;
}

function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function renderRead(
  m: WorldModel,
  rr: Rng,
  t: number,
  cam: number,
  vi: number,
): Read | null {
  const net = m.net;
  if (cameraSilent(net, cam, t)) return null;
  const v = m.vehicles[vi] as Vehicle;
  const c = net.cameras[cam];
  if (!c) return null;
  const source = net.source[cam] as string;
  const seps = KEEPS_SEPARATORS.has(source);
  let plate = v.plate;
  let plateRaw = seps ? v.display : v.plate;
  let confidence: number;
  let alternatives: Read['alternatives'] = [];
  let country: string | null = v.country;
  let misread = false;
  if (!v.clean) {
    if (rr.next() < MISS_RATE) return null;
    if (rr.next() < MISREAD_RATE) {
      const pos = confusablePositions(v.plate);
      if (pos.length) {
        const wrong = confuseAt(rr, v.plate, pos[rr.int(pos.length)] as number);
        // A misread that lands on another real plate would fake a sighting of that vehicle.
        if (!m.knownPlates.has(wrong)) {
          misread = true;
          plate = wrong;
          plateRaw = seps ? likeDisplay(v.display, wrong) : wrong;
        }
      }
    }
    if (rr.next() < 0.02) country = null;
  }
  if (misread) {
    confidence = r3(rr.range(0.45, 0.78));
    alternatives = [{ plate: v.plate, confidence: r3(rr.range(0.12, Math.min(confidence, 0.44))) }];
  } else {
    confidence = r3(rr.range(0.86, 0.995));
    if (rr.next() < 0.15) {
      const pos = confusablePositions(v.plate);
      if (pos.length)
        alternatives = [
          {
            plate: confuseAt(rr, v.plate, pos[rr.int(pos.length)] as number),
            confidence: r3(rr.range(0.02, 0.2)),
          },
        ];
    }
  }
  const category = m.hot.get(plate) ?? null;
  return {
    id: uuidV4(rr),
    plateRaw,
    plate,
    country,
    capturedAt: isoUtc(t),
    lat: c.lat,
    lon: c.lon,
    heading: c.heading,
    unitSpeedKmh: null,
    unitId: c.id,
    unitType: c.unitType,
    lane: 1 + rr.int(c.lanes),
    direction: c.direction,
    operator: c.operator,
    source,
    confidence,
    alternatives,
    vehicle: net.reportsVehicle[cam] ? { make: v.make, model: v.model, colour: v.colour } : null,
    images: [],
    hit: category !== null,
    hitCategory: category,
  };
}

export function* streamReads(m: WorldModel, batchSize: number): Generator<Read[]> {
  if (!(batchSize >= 1)) throw new Error('batchSize must be at least 1');
  const tripRng = createRng(m.seed, STREAM_TRIPS);
  const rr = createRng(m.seed, STREAM_RENDER);
  const buf = new PassBuffer();
  const st = newPlanState(m);
  const sc = m.scripted;
  let sp = 0;
  const first = localDayNumber(m.startMs) - 1;
  const last = localDayNumber(m.endMs);
  let out: Read[] = [];
  for (let d = first; d <= last; d++) {
    planDay(m, tripRng, localDay(d), st, buf.push);
    // Trips planned for later days all start after the next local midnight.
    const cutoff = d === last ? Infinity : localDay(d + 1).midnightUtc;
    while (sp < sc.t.length && (sc.t[sp] as number) < cutoff) {
      buf.push(sc.t[sp] as number, sc.cam[sp] as number, sc.veh[sp] as number);
      sp++;
    }
    const ready: number[] = [];
    for (let i = 0; i < buf.n; i++) if ((buf.t[i] as number) < cutoff) ready.push(i);
    const bt = buf.t;
    ready.sort((a, b) => (bt[a] as number) - (bt[b] as number) || a - b);
    for (const i of ready) {
      const t = buf.t[i] as number;
      if (t < m.startMs || t > m.endMs) continue;
      const read = renderRead(m, rr, t, buf.cam[i] as number, buf.veh[i] as number);
      if (!read) continue;
      out.push(read);
      if (out.length >= batchSize) {
        yield out;
        out = [];
      }
    }
    buf.keepFrom(cutoff);
  }
  if (out.length) yield out;
}
