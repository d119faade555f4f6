import { beforeAll, describe, expect, it } from 'vitest';
import { normalisePlate } from '../../common/plates.ts';
import { Read } from '../../common/read.ts';
import { haversineKm } from './geo.ts';
import { CORRIDORS } from './roads.ts';
import { buildWorld, generateReads, type SeedWorld, type Sighting } from './index.ts';
import { localDay, localDayNumber, localHour } from './time.ts';

const END = new Date('2026-03-02T09:30:00Z');
const DAY = 86_400_000;

/** The fields the checks need, kept small so a whole (small) stream fits. */
interface Seen {
  plate: string;
  t: number;
  cam: string;
  lat: number;
  lon: number;
  hit: boolean;
  cat: number | null;
  make: string | null;
  colour: string | null;
  alternatives: string[];
  confidence: number;
}

let world: SeedWorld;
let seen: Seen[];
let sample: Read[];
let byKey: Set<string>;

function key(plate: string, cam: string, at: string): string {
  return `${plate}|${cam}|${at}`;
}

function byPlate(plate: string): Seen[] {
  return seen.filter((s) => s.plate === plate);
}

function requiredKmh(a: Seen, b: Seen): number {
  const km = haversineKm(a.lat, a.lon, b.lat, b.lon);
  const h = (b.t - a.t) / 3_600_000;
  return h > 0 ? km / h : km > 0.05 ? Infinity : 0;
}

beforeAll(() => {
  // 40 days so the one-month rule has something to bite on; few vehicles to stay quick.
  world = buildWorld({ seed: 2026, days: 40, end: END, vehicles: 800 });
  seen = [];
  sample = [];
  byKey = new Set();
  let n = 0;
  for (const batch of generateReads(world, 5000)) {
    for (const r of batch) {
      if (n++ % 97 === 0) sample.push(r);
      seen.push({
        plate: r.plate,
        t: Date.parse(r.capturedAt),
        cam: r.unitId,
        lat: r.lat,
        lon: r.lon,
        hit: r.hit,
        cat: r.hitCategory,
        make: r.vehicle?.make ?? null,
        colour: r.vehicle?.colour ?? null,
        alternatives: r.alternatives.map((a) => a.plate),
        confidence: r.confidence,
      });
      byKey.add(key(r.plate, r.unitId, r.capturedAt));
    }
  }
});

describe('synthetic Belgium: reads', () => {
  it('streams schema-valid reads in capture order inside the period', () => {
    expect(seen.length).toBeGreaterThan(50_000);
    for (const r of sample) {
      const parsed = Read.safeParse(r);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(normalisePlate(r.plateRaw)).toBe(r.plate);
    }
    const from = END.getTime() - 40 * DAY;
    const outside = seen.filter((s) => s.t < from || s.t > END.getTime());
    expect(outside).toEqual([]);
    const unordered = seen.filter((s, i) => i > 0 && s.t < seen[i - 1]!.t);
    expect(unordered).toEqual([]);
    expect(new Set(sample.map((r) => r.id)).size).toBe(sample.length);
  });

  it('records nothing from a camera in outage or not yet connected', () => {
    const cams = new Map(world.cameras.map((c) => [c.id, c]));
    let checkedOutageCams = 0;
    for (const c of world.cameras) if (c.outages.length) checkedOutageCams++;
    expect(checkedOutageCams).toBeGreaterThan(0);
    const silent = seen.filter((s) => {
      const c = cams.get(s.cam)!;
      return (
        s.t < Date.parse(c.connectedSince) ||
        c.outages.some((o) => s.t >= Date.parse(o.from) && s.t < Date.parse(o.to))
      );
    });
    expect(silent.map((s) => `${s.cam} ${new Date(s.t).toISOString()}`)).toEqual([]);
  });

  it('has OCR faults: look-alike misreads with lowered confidence and the true plate among the alternatives', () => {
    const truePlates = new Set(world.model.vehicles.map((v) => v.plate));
    const misreads = seen.filter((s) => !truePlates.has(s.plate));
    expect(misreads.length / seen.length).toBeGreaterThan(0.01);
    expect(misreads.length / seen.length).toBeLessThan(0.08);
    for (const s of misreads) {
      expect(s.confidence).toBeLessThan(0.8);
      const truth = s.alternatives.find((a) => truePlates.has(a));
      expect(truth).toBeDefined();
      const diff = [...s.plate].filter((ch, i) => ch !== truth![i]);
      expect(diff.length).toBe(1);
      expect(/[0ODQ1I2Z5S8B6G]/.test(diff[0]!)).toBe(true);
    }
  });

  it('contains every ground-truth sighting as a read', () => {
    const gt = world.groundTruth;
    const check = (plate: string, list: Sighting[]) => {
      for (const s of list)
        expect(byKey.has(key(plate, s.cameraId, s.at)), `${s.cameraId} ${s.at}`).toBe(true);
    };
    check(gt.clonedPlate.plate, gt.clonedPlate.sightings);
    for (const h of gt.hotlistHits) check(h.vehicle.plate, h.sightings);
    for (const t of gt.stakeout.targets) check(t.vehicle.plate, t.sightings);
    for (const o of gt.repeatRoute.occurrences) check(gt.repeatRoute.vehicle.plate, o.sightings);
    check(gt.oldReads!.vehicle.plate, [...gt.oldReads!.older, ...gt.oldReads!.newer]);
    for (const c of gt.convoy.coSightings) {
      expect(byKey.has(key(gt.convoy.target.plate, c.cameraId, c.targetAt))).toBe(true);
      expect(byKey.has(key(gt.convoy.follower.plate, c.cameraId, c.followerAt))).toBe(true);
    }
  });

  it('has a convoy: the follower within 60 s of the target at 6+ cameras, the decoy at exactly 2', () => {
    const gt = world.groundTruth.convoy;
    const target = byPlate(gt.target.plate);
    const together = (other: Seen[]) => {
      const cams = new Set<string>();
      for (const a of target)
        if (other.some((b) => b.cam === a.cam && Math.abs(b.t - a.t) <= 60_000)) cams.add(a.cam);
      return cams;
    };
    const follower = together(byPlate(gt.follower.plate));
    expect(follower.size).toBeGreaterThanOrEqual(6);
    expect(follower.size).toBe(gt.distinctCameras);
    // Over several days.
    const days = new Set(target.map((s) => localDayNumber(s.t)));
    expect(days.size).toBeGreaterThanOrEqual(3);
    expect(together(byPlate(gt.decoy.vehicle.plate)).size).toBe(2);
    expect(gt.decoy.sharedCameras.length).toBe(2);
  });

  it('has a cloned plate: two different cars, and consecutive sightings needing more than 300 km/h', () => {
    const gt = world.groundTruth.clonedPlate;
    const reads = byPlate(gt.plate);
    const cars = new Set(reads.filter((r) => r.make).map((r) => `${r.make}/${r.colour}`));
    expect(cars.size).toBe(2);
    let max = 0;
    for (let i = 1; i < reads.length; i++)
      max = Math.max(max, requiredKmh(reads[i - 1]!, reads[i]!));
    expect(max).toBeGreaterThan(300);
    expect(gt.impossiblePair.requiredKmh).toBeGreaterThan(300);
  });

  it('marks hotlist reads with their category, and only those', () => {
    const hot = new Map<string, number>();
    for (const list of world.hotlists) for (const e of list.entries) hot.set(e.plate, e.category);
    const wrong = seen.filter((s) => {
      const cat = hot.get(s.plate) ?? null;
      return s.hit !== (cat !== null) || s.cat !== cat;
    });
    expect(wrong).toEqual([]);
    expect(seen.filter((s) => s.hit).length).toBeGreaterThan(0);
    const gt = world.groundTruth.hotlistHits;
    expect(new Set(gt.map((h) => h.category))).toEqual(
      new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
    );
    for (const h of gt) {
      const hits = byPlate(h.vehicle.plate).filter((s) => s.hit);
      expect(hits.length, `category ${h.category}`).toBeGreaterThan(0);
      expect(hits.every((s) => s.cat === h.category)).toBe(true);
      expect(h.reason.length).toBeGreaterThan(10);
    }
  });

  it('has a stakeout scene: every target passed the place within the hour', () => {
    const gt = world.groundTruth.stakeout;
    const from = Date.parse(gt.from);
    const to = Date.parse(gt.to);
    expect(to - from).toBe(3_600_000);
    const cams = new Set(gt.cameraIds);
    const cameraById = new Map(world.cameras.map((c) => [c.id, c]));
    for (const id of cams) {
      const c = cameraById.get(id)!;
      expect(haversineKm(c.lat, c.lon, gt.place.lat, gt.place.lon) * 1000).toBeLessThanOrEqual(
        gt.place.radiusM + 1,
      );
    }
    const present = new Set(
      seen.filter((s) => cams.has(s.cam) && s.t >= from && s.t <= to).map((s) => s.plate),
    );
    expect(gt.targets.length).toBeGreaterThanOrEqual(3);
    for (const t of gt.targets) {
      expect(present.has(t.vehicle.plate), t.vehicle.plate).toBe(true);
      expect(t.sightings.length).toBeGreaterThan(0);
    }
  });

  it('has a repeat route: same weekday and time every week', () => {
    const gt = world.groundTruth.repeatRoute;
    expect(gt.occurrences.length).toBeGreaterThanOrEqual(5);
    const firsts = gt.occurrences.map((o) => Date.parse(o.sightings[0]!.at));
    for (const t of firsts) expect(localDay(localDayNumber(t)).weekday).toBe(gt.weekday);
    const hours = firsts.map(localHour);
    expect(Math.max(...hours) - Math.min(...hours)).toBeLessThan(0.25);
    for (const o of gt.occurrences) expect(o.sightings[0]!.cameraId).toBe(gt.cameraIds[0]);
  });

  it('has old reads: the suspect seen both more and less than 30 days before the end', () => {
    const gt = world.groundTruth.oldReads!;
    const cutoff = END.getTime() - 30 * DAY;
    expect(Date.parse(gt.cutoff)).toBe(cutoff);
    const reads = byPlate(gt.vehicle.plate);
    expect(reads.some((r) => r.t < cutoff)).toBe(true);
    expect(reads.some((r) => r.t >= cutoff)).toBe(true);
  });

  it('passes motorway sites on the carriageway of its direction of travel', () => {
    const cams = new Map(world.cameras.map((c) => [c.id, c]));
    const forward = new Map(
      CORRIDORS.map((c) => [
        c.road,
        c.ring ? 'outer ring' : `towards ${c.towns[c.towns.length - 1]}`,
      ]),
    );
    const km = (id: string) => Number(/-km(\d+)-/.exec(id)![1]);
    const last = new Map<string, Seen>();
    let checked = 0;
    const against: string[] = [];
    for (const s of seen) {
      const c = cams.get(s.cam)!;
      const prev = last.get(s.plate);
      last.set(s.plate, s);
      if (!prev || c.road === null || c.road === 'R0') continue;
      const p = cams.get(prev.cam)!;
      // Consecutive sites of the same road: kilometres must grow on the forward carriageway and shrink on the other.
      if (p.road !== c.road || s.t - prev.t > 30 * 60_000 || km(p.id) === km(c.id)) continue;
      checked++;
      const goingForward = km(c.id) > km(p.id);
      if (p.direction !== c.direction || goingForward !== (c.direction === forward.get(c.road)))
        against.push(`${p.id} -> ${c.id}`);
    }
    expect(checked).toBeGreaterThan(1000);
    expect(against).toEqual([]);
  });

  it('keeps every other vehicle plausible: consecutive sightings never need more than 200 km/h', () => {
    const cloned = world.groundTruth.clonedPlate.plate;
    const truePlates = new Set(world.model.vehicles.map((v) => v.plate));
    const last = new Map<string, Seen>();
    let pairs = 0;
    let worst = 0;
    for (const s of seen) {
      if (s.plate === cloned || !truePlates.has(s.plate)) continue;
      const prev = last.get(s.plate);
      if (prev) {
        pairs++;
        worst = Math.max(worst, requiredKmh(prev, s));
      }
      last.set(s.plate, s);
    }
    expect(pairs).toBeGreaterThan(10_000);
    // The brief allows 200 km/h; the model keeps normal traffic under 160.
    expect(worst).toBeLessThan(160);
  });
});
