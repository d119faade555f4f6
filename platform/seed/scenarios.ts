/**
 * Planted scenarios: scripted vehicles whose movements make a case, and the
 * ground truth an analysis must find in the reads. Scripted vehicles are always
 * read and read right; passes a camera cannot record (outage, not connected
 * yet, outside the period) are dropped before the ground truth is written, so
 * every ground-truth sighting is a read in the stream.
 */
import { haversineKm } from './geo.ts';
import { CATEGORY_REASONS, hotlistForCategory, type HotlistEntry } from './hotlists.ts';
import { drawPlate } from './plates.ts';
import type { Rng } from './prng.ts';
import { DAY_MS, HOUR, localDay, localDayNumber, type LocalDay } from './time.ts';
import { CASE_IDS } from './cases.ts';
import {
  CAR_MODELS,
  drive,
  gravityTown,
  newVehicle,
  pointInTown,
  recorded,
  townIndex,
  type Place,
  type Vehicle,
  type WorldModel,
} from './world.ts';

export interface Sighting {
  cameraId: string;
  /** Exactly the `capturedAt` of the read. */
  at: string;
}

export interface VehicleRef {
  plate: string;
  country: string;
  make: string;
  model: string;
  colour: string;
}

export interface ConvoyTruth {
  caseId: string;
  target: VehicleRef;
  follower: VehicleRef;
  windowSeconds: number;
  coSightings: Array<{ cameraId: string; targetAt: string; followerAt: string }>;
  distinctCameras: number;
  /** Seen near the target at exactly two cameras: must not be reported as a convoy. */
  decoy: {
    vehicle: VehicleRef;
    sharedCameras: Array<{ cameraId: string; targetAt: string; decoyAt: string }>;
  };
}

export interface ClonedPlateTruth {
  caseId: string;
  plate: string;
  country: string;
  vehicles: Array<VehicleRef & { homeTown: string }>;
  sightings: Array<Sighting & { vehicle: number }>;
  impossiblePair: {
    first: Sighting;
    second: Sighting;
    distanceKm: number;
    minutes: number;
    requiredKmh: number;
  };
}

export interface RepeatRouteTruth {
  caseId: string;
  vehicle: VehicleRef;
  /** 0 = Sunday ... 6 = Saturday (Europe/Brussels). */
  weekday: number;
  weekdayName: string;
  /** Usual local departure time, HH:MM. */
  localTime: string;
  from: string;
  to: string;
  /** Cameras of the outbound route, in driving order. */
  cameraIds: string[];
  occurrences: Array<{ date: string; sightings: Sighting[] }>;
  /** Every read of the van, planted trips and return journeys alike, oldest first. */
  sightings: Sighting[];
}

export interface HotlistHitTruth {
  caseId: string;
  vehicle: VehicleRef;
  hotlistId: string;
  category: number;
  reason: string;
  sightings: Sighting[];
}

export interface StakeoutTruth {
  caseId: string;
  place: { name: string; lat: number; lon: number; radiusM: number };
  from: string;
  to: string;
  cameraIds: string[];
  targets: Array<{ vehicle: VehicleRef; sightings: Sighting[] }>;
}

export interface OldReadsTruth {
  caseId: string;
  vehicle: VehicleRef;
  /** end - 30 days: reads before it need the prosecutor's approval. */
  cutoff: string;
  older: Sighting[];
  newer: Sighting[];
}

export interface GroundTruth {
  seed: number;
  period: { from: string; to: string };
  counts: { cameras: number; vehicles: number };
  convoy: ConvoyTruth;
  clonedPlate: ClonedPlateTruth;
  repeatRoute: RepeatRouteTruth;
  hotlistHits: HotlistHitTruth[];
  stakeout: StakeoutTruth;
  /** Null when the period is too short to hold reads older than 30 days. */
  oldReads: OldReadsTruth | null;
  abuse: { username: string; plate: string; caseIds: string[] };
}

interface Pass {
  t: number;
  cam: number;
  veh: number;
}

interface Ctx {
  m: WorldModel;
  rng: Rng;
  passes: Pass[];
  days: LocalDay[];
  recent: LocalDay[];
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function ref(v: Vehicle): VehicleRef {
  return { plate: v.plate, country: v.country, make: v.make, model: v.model, colour: v.colour };
}

function addVehicle(
  c: Ctx,
  spec: {
    country: string;
    make: string;
    model: string;
    colour: string;
    home: string;
    plate?: { plate: string; display: string };
  },
): number {
  const v = newVehicle(c.rng, c.m, 'scripted', spec.country);
  if (spec.plate) {
    c.m.knownPlates.delete(v.plate);
    v.plate = spec.plate.plate;
    v.display = spec.plate.display;
  }
  v.make = spec.make;
  v.model = spec.model;
  v.colour = spec.colour;
  v.clean = true;
  const home = place(c, spec.home, 1);
  v.home = home.town;
  v.homeLat = home.lat;
  v.homeLon = home.lon;
  v.homeCams = [...home.cams];
  c.m.vehicles.push(v);
  return c.m.vehicles.length - 1;
}

function place(c: Ctx, town: string | number, cams = 1): Place {
  const ti = typeof town === 'number' ? town : townIndex(c.m, town);
  const p = pointInTown(c.m, c.rng, ti, cams);
  return { town: ti, lat: p.lat, lon: p.lon, cams: p.cams };
}

function home(c: Ctx, veh: number): Place {
  const v = c.m.vehicles[veh] as Vehicle;
  return { town: v.home, lat: v.homeLat, lon: v.homeLon, cams: v.homeCams };
}

/** Drives a trip without committing it. */
function trip(
  c: Ctx,
  veh: number,
  from: Place,
  to: Place,
  depart: number,
): { passes: Pass[]; arrival: number } {
  const passes: Pass[] = [];
  const v = c.m.vehicles[veh] as Vehicle;
  const arrival = drive(
    c.m,
    c.rng,
    veh,
    from,
    to,
    Math.round(depart),
    (t, cam, vi) => passes.push({ t, cam, veh: vi }),
    {
      cruise: v.cruise,
    },
  );
  return { passes, arrival };
}

function commit(c: Ctx, passes: readonly Pass[]): void {
  for (const p of passes) c.passes.push(p);
}

function at(day: LocalDay, hours: number): number {
  return day.midnightUtc + hours * HOUR;
}

function isRecorded(c: Ctx, p: Pass): boolean {
  return recorded(c.m, p.t, p.cam);
}

function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(items[Math.floor(((i + 0.5) * items.length) / n)] as T);
  return out;
}

export interface PlantResult {
  groundTruth: GroundTruth;
  hotlistEntries: Array<HotlistEntry & { hotlistId: string }>;
}

export function plantScenarios(m: WorldModel, rng: Rng, seed: number): PlantResult {
  const first = localDayNumber(m.startMs) + 1;
  const last = localDayNumber(m.endMs) - 1;
  const days: LocalDay[] = [];
  for (let d = first; d <= last; d++) days.push(localDay(d));
  if (days.length < 5)
    throw new Error('the period must span at least 7 days to plant the scenarios');
  const recent = days.filter((d) => d.midnightUtc >= m.endMs - 29 * DAY_MS);
  const c: Ctx = { m, rng, passes: [], days, recent };

  const convoyVeh = plantConvoy(c);
  const cloned = plantCloned(c);
  const repeat = plantRepeat(c);
  const hot = plantHotlist(c);
  const stake = plantStakeout(c);
  const old = plantOldReads(c);

  // Keep only what the cameras record, in time order: this is what the stream will contain.
  const kept = c.passes.filter((p) => isRecorded(c, p));
  kept.sort((a, b) => a.t - b.t || a.veh - b.veh || a.cam - b.cam);
  m.scripted = {
    t: Float64Array.from(kept, (p) => p.t),
    cam: Int32Array.from(kept, (p) => p.cam),
    veh: Int32Array.from(kept, (p) => p.veh),
  };
  const byVeh = new Map<number, Pass[]>();
  for (const p of kept) {
    let l = byVeh.get(p.veh);
    if (!l) byVeh.set(p.veh, (l = []));
    l.push(p);
  }
  const of = (veh: number): Pass[] => byVeh.get(veh) ?? [];
  const camId = (cam: number): string => m.net.cameras[cam]?.id ?? '?';
  const sighting = (p: Pass): Sighting => ({ cameraId: camId(p.cam), at: iso(p.t) });
  const V = (i: number): Vehicle => m.vehicles[i] as Vehicle;

  // Convoy: every target pass with a follower pass at the same camera within the window.
  const window = 60_000;
  const near = (a: Pass[], b: Pass[]): Array<[Pass, Pass]> => {
    const out: Array<[Pass, Pass]> = [];
    for (const p of a) {
      const q = b.find((x) => x.cam === p.cam && Math.abs(x.t - p.t) <= window);
      if (q) out.push([p, q]);
    }
    return out;
  };
  const co = near(of(convoyVeh.target), of(convoyVeh.follower));
  const dec = near(of(convoyVeh.target), of(convoyVeh.decoy));
  const convoy: ConvoyTruth = {
    caseId: CASE_IDS.convoy,
    target: ref(V(convoyVeh.target)),
    follower: ref(V(convoyVeh.follower)),
    windowSeconds: 60,
    coSightings: co.map(([p, q]) => ({
      cameraId: camId(p.cam),
      targetAt: iso(p.t),
      followerAt: iso(q.t),
    })),
    distinctCameras: new Set(co.map(([p]) => p.cam)).size,
    decoy: {
      vehicle: ref(V(convoyVeh.decoy)),
      sharedCameras: dec.map(([p, q]) => ({
        cameraId: camId(p.cam),
        targetAt: iso(p.t),
        decoyAt: iso(q.t),
      })),
    },
  };

  // Cloned plate: the two cars' sightings merged; the planted pair is the fastest consecutive one.
  const clonePasses = [...of(cloned.genuine), ...of(cloned.clone)].sort(
    (a, b) => a.t - b.t || a.veh - b.veh,
  );
  let bestPair: ClonedPlateTruth['impossiblePair'] | null = null;
  for (let i = 1; i < clonePasses.length; i++) {
    const a = clonePasses[i - 1] as Pass;
    const b = clonePasses[i] as Pass;
    const km = haversineKm(
      m.net.lat[a.cam] as number,
      m.net.lon[a.cam] as number,
      m.net.lat[b.cam] as number,
      m.net.lon[b.cam] as number,
    );
    const minutes = (b.t - a.t) / 60_000;
    const kmh = minutes > 0 ? km / (minutes / 60) : Infinity;
    if (!bestPair || kmh > bestPair.requiredKmh) {
      bestPair = {
        first: sighting(a),
        second: sighting(b),
        distanceKm: round1(km),
        minutes: round1(minutes),
        requiredKmh: Number.isFinite(kmh) ? Math.round(kmh) : 99_999,
      };
    }
  }
  const clonedTruth: ClonedPlateTruth = {
    caseId: CASE_IDS.cloned,
    plate: V(cloned.genuine).plate,
    country: V(cloned.genuine).country,
    vehicles: [cloned.genuine, cloned.clone].map((i) => ({
      ...ref(V(i)),
      homeTown: m.towns[V(i).home]?.name ?? '',
    })),
    sightings: clonePasses.map((p) => ({
      ...sighting(p),
      vehicle: p.veh === cloned.genuine ? 0 : 1,
    })),
    impossiblePair: bestPair ?? {
      first: { cameraId: '', at: '' },
      second: { cameraId: '', at: '' },
      distanceKm: 0,
      minutes: 0,
      requiredKmh: 0,
    },
  };

  const repeatPasses = of(repeat.veh);
  const repeatTruth: RepeatRouteTruth = {
    caseId: CASE_IDS.stakeout,
    vehicle: ref(V(repeat.veh)),
    weekday: repeat.weekday,
    weekdayName: WEEKDAYS[repeat.weekday] ?? '',
    localTime: repeat.localTime,
    from: repeat.from,
    to: repeat.to,
    cameraIds: repeat.routeCams.map(camId),
    occurrences: repeat.dates
      .map((d) => ({
        date: d.date,
        sightings: repeatPasses
          .filter((p) => p.t >= d.midnightUtc && p.t < d.midnightUtc + DAY_MS)
          .map(sighting),
      }))
      .filter((o) => o.sightings.length > 0),
    sightings: repeatPasses.map(sighting),
  };

  const hotlistHits: HotlistHitTruth[] = hot.map((h) => ({
    caseId: CASE_IDS.hotlist,
    vehicle: ref(V(h.veh)),
    hotlistId: hotlistForCategory(h.category),
    category: h.category,
    reason: CATEGORY_REASONS[h.category] ?? '',
    sightings: of(h.veh).map(sighting),
  }));

  const stakeSet = new Set(stake.cams);
  const stakeTruth: StakeoutTruth = {
    caseId: CASE_IDS.stakeout,
    place: stake.place,
    from: iso(stake.from),
    to: iso(stake.to),
    cameraIds: stake.cams.map(camId),
    targets: stake.targets.map((veh) => ({
      vehicle: ref(V(veh)),
      sightings: of(veh)
        .filter((p) => stakeSet.has(p.cam) && p.t >= stake.from && p.t <= stake.to)
        .map(sighting),
    })),
  };

  const cutoff = m.endMs - 30 * DAY_MS;
  const oldTruth: OldReadsTruth | null = old
    ? {
        caseId: CASE_IDS.oldReads,
        vehicle: ref(V(old)),
        cutoff: iso(cutoff),
        older: of(old)
          .filter((p) => p.t < cutoff)
          .map(sighting),
        newer: of(old)
          .filter((p) => p.t >= cutoff)
          .map(sighting),
      }
    : null;

  // The plate a misbehaving officer keeps looking up: an ordinary resident's car.
  const victim =
    m.vehicles.find((v) => v.kind === 'local' && v.country === 'BE' && v.homeCams.length > 0) ??
    (m.vehicles[0] as Vehicle);

  const hotlistEntries = buildHotlistEntries(c, hot);

  return {
    groundTruth: {
      seed,
      period: { from: iso(m.startMs), to: iso(m.endMs) },
      counts: { cameras: m.net.cameras.length, vehicles: m.vehicles.length },
      convoy,
      clonedPlate: clonedTruth,
      repeatRoute: repeatTruth,
      hotlistHits,
      stakeout: stakeTruth,
      oldReads: oldTruth,
      abuse: {
        username: 'abuser1',
        plate: victim.plate,
        caseIds: [CASE_IDS.cloned, CASE_IDS.stakeout, CASE_IDS.hotlist],
      },
    },
    hotlistEntries,
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function plantConvoy(c: Ctx): { target: number; follower: number; decoy: number } {
  const target = addVehicle(c, {
    country: 'BE',
    make: 'BMW',
    model: '5 Series',
    colour: 'black',
    home: 'Antwerpen',
  });
  const follower = addVehicle(c, {
    country: 'NL',
    make: 'Volkswagen',
    model: 'Passat',
    colour: 'grey',
    home: 'Antwerpen',
  });
  const weekdays = c.recent.filter((d) => d.weekday >= 1 && d.weekday <= 5);
  const chosen = spread(weekdays.length >= 4 ? weekdays : c.recent, 4);
  const dests = ['Liège', 'Brugge', 'Namur', 'Kortrijk'];
  const targetPasses: Pass[][] = [];
  chosen.forEach((day, k) => {
    const dest = place(c, dests[k % dests.length] as string, 1);
    const out = trip(c, target, home(c, target), dest, at(day, 9.5 + c.rng.next()));
    const back = trip(c, target, dest, home(c, target), out.arrival + c.rng.range(2, 4) * HOUR);
    for (const leg of [out, back]) {
      targetPasses.push(leg.passes);
      commit(c, leg.passes);
      // The follower keeps 12-40 s behind, a few seconds of play at each camera.
      const offset = c.rng.range(12_000, 40_000);
      commit(
        c,
        leg.passes.map((p) => ({
          t: Math.round(p.t + offset + c.rng.range(-3000, 3000)),
          cam: p.cam,
          veh: follower,
        })),
      );
    }
  });

  // Decoy: joins the target's first motorway run for exactly two consecutive sites.
  const targetCams = new Set(targetPasses.flat().map((p) => p.cam));
  const net = c.m.net;
  let decoyHome = 'Hasselt';
  const decoyPasses: Array<{ t: number; cam: number }> = [];
  const run = (targetPasses[0] ?? []).filter((p) => p.cam < net.motorwayCount);
  for (let k = Math.floor(run.length / 2); k + 1 < run.length && decoyPasses.length === 0; k++) {
    const a = run[k] as Pass;
    const b = run[k + 1] as Pass;
    if (!isRecorded(c, a) || !isRecorded(c, b)) continue;
    const nearestTownCam = (p: Pass, exclude: number): number => {
      let best = -1;
      let bestD = Infinity;
      for (let cam = net.motorwayCount; cam < net.cameras.length; cam++) {
        if (targetCams.has(cam) || cam === exclude) continue;
        const d = haversineKm(
          net.lat[p.cam] as number,
          net.lon[p.cam] as number,
          net.lat[cam] as number,
          net.lon[cam] as number,
        );
        if (d < bestD) {
          bestD = d;
          best = cam;
        }
      }
      return best;
    };
    const x = nearestTownCam(a, -1);
    const y = nearestTownCam(b, x);
    if (x < 0 || y < 0) continue;
    const lead = (cam: number, p: Pass): number =>
      ((haversineKm(
        net.lat[cam] as number,
        net.lon[cam] as number,
        net.lat[p.cam] as number,
        net.lon[p.cam] as number,
      ) *
        1.4) /
        45) *
        HOUR +
      90_000;
    const tx = Math.round(a.t + 35_000 - lead(x, a));
    const ty = Math.round(b.t + 35_000 + lead(y, b));
    const planned = [
      { t: tx, cam: x },
      { t: a.t + 35_000, cam: a.cam },
      { t: b.t + 35_000, cam: b.cam },
      { t: ty, cam: y },
    ];
    if (!planned.every((p) => recorded(c.m, p.t, p.cam))) continue;
    decoyPasses.push(...planned);
    decoyHome = c.m.towns[net.townOf[x] as number]?.name ?? decoyHome;
  }
  const decoy = addVehicle(c, {
    country: 'BE',
    make: 'Toyota',
    model: 'Corolla',
    colour: 'white',
    home: decoyHome,
  });
  commit(
    c,
    decoyPasses.map((p) => ({ ...p, veh: decoy })),
  );
  return { target, follower, decoy };
}

function plantCloned(c: Ctx): { genuine: number; clone: number } {
  const genuine = addVehicle(c, {
    country: 'BE',
    make: 'Volkswagen',
    model: 'Golf',
    colour: 'grey',
    home: 'Ostend',
  });
  const g = c.m.vehicles[genuine] as Vehicle;
  const clone = addVehicle(c, {
    country: 'BE',
    make: 'Audi',
    model: 'A4',
    colour: 'black',
    home: 'Seraing',
    plate: { plate: g.plate, display: g.display },
  });
  const work = place(c, 'Brugge', 1);
  const weekdays = c.days.filter((d) => d.weekday >= 1 && d.weekday <= 5);
  const candidates = c.recent.filter((d) => d.weekday >= 1 && d.weekday <= 5).reverse();
  let plantedDay: LocalDay | null = null;
  let planted: Pass[] = [];
  // The genuine car commutes Ostend-Brugge every working day.
  const lastPassOf: Map<number, Pass> = new Map();
  for (const day of weekdays) {
    const out = trip(c, genuine, home(c, genuine), work, at(day, 7.2 + c.rng.next() * 0.3));
    const back = trip(c, genuine, work, home(c, genuine), at(day, 16.6 + c.rng.next() * 0.5));
    commit(c, out.passes);
    commit(c, back.passes);
    const rec = back.passes.filter((p) => isRecorded(c, p));
    const lastRec = rec[rec.length - 1];
    if (lastRec) lastPassOf.set(day.dayNumber, lastRec);
  }
  // Planted: twenty minutes after the genuine car is seen home in Ostend, the clone is seen in the Liège area.
  for (const day of candidates) {
    const last = lastPassOf.get(day.dayNumber);
    if (!last) continue;
    const dest = place(c, c.rng.pick(['Verviers', 'Hasselt', 'Namur']), 1);
    const probe = trip(c, clone, home(c, clone), dest, 0);
    const firstPass = probe.passes[0];
    if (!firstPass) continue;
    const shift = last.t + 20 * 60_000 - firstPass.t;
    const shifted = probe.passes.map((p) => ({ ...p, t: p.t + shift }));
    if (!isRecorded(c, shifted[0] as Pass)) continue;
    const back = trip(
      c,
      clone,
      dest,
      home(c, clone),
      probe.arrival + shift + c.rng.range(1, 2) * HOUR,
    );
    planted = [...shifted, ...back.passes];
    plantedDay = day;
    break;
  }
  commit(c, planted);
  // The clone's own evening drives on other days.
  for (const day of spread(
    c.days.filter((d) => d !== plantedDay),
    6,
  )) {
    const dest = place(c, c.rng.pick(['Verviers', 'Hasselt', 'Namur', 'Huy', 'Tongeren']), 1);
    const out = trip(c, clone, home(c, clone), dest, at(day, 19 + c.rng.next() * 1.5));
    const back = trip(c, clone, dest, home(c, clone), out.arrival + c.rng.range(0.5, 1.5) * HOUR);
    commit(c, out.passes);
    commit(c, back.passes);
  }
  return { genuine, clone };
}

function plantRepeat(c: Ctx): {
  veh: number;
  weekday: number;
  localTime: string;
  from: string;
  to: string;
  routeCams: number[];
  dates: LocalDay[];
} {
  const veh = addVehicle(c, {
    country: 'BE',
    make: 'Renault',
    model: 'Kangoo',
    colour: 'blue',
    home: 'Herstal',
  });
  const weekday = 1 + c.rng.int(5);
  const startH = 21 + (c.rng.int(4) * 10) / 60;
  const dest = place(c, 'Namur', 1);
  const dates = c.days.filter((d) => d.weekday === weekday);
  let routeCams: number[] = [];
  for (const day of dates) {
    const out = trip(c, veh, home(c, veh), dest, at(day, startH + c.rng.range(-3, 3) / 60));
    const back = trip(c, veh, dest, home(c, veh), out.arrival + c.rng.range(40, 55) * 60_000);
    if (routeCams.length === 0) routeCams = out.passes.map((p) => p.cam);
    commit(c, out.passes);
    commit(c, back.passes);
  }
  const hh = String(Math.floor(startH)).padStart(2, '0');
  const mm = String(Math.round((startH % 1) * 60)).padStart(2, '0');
  return { veh, weekday, localTime: `${hh}:${mm}`, from: 'Herstal', to: 'Namur', routeCams, dates };
}

const HOTLIST_HOMES = [
  'Brussels',
  'Antwerpen',
  'Gent',
  'Charleroi',
  'Liège',
  'Brugge',
  'Namur',
  'Leuven',
  'Mons',
  'Mechelen',
  'Aalst',
  'Kortrijk',
  'Hasselt',
];
const HOTLIST_COUNTRY: Readonly<Record<number, string>> = { 10: 'NL', 11: 'FR', 12: 'DE' };

function plantHotlist(c: Ctx): Array<{ veh: number; category: number }> {
  const out: Array<{ veh: number; category: number }> = [];
  for (let category = 1; category <= 13; category++) {
    const [make, model] = c.rng.pick(CAR_MODELS);
    const veh = addVehicle(c, {
      country: HOTLIST_COUNTRY[category] ?? 'BE',
      make,
      model,
      colour: c.rng.pick(['black', 'grey', 'white', 'blue', 'red']),
      home: HOTLIST_HOMES[(category - 1) % HOTLIST_HOMES.length] as string,
    });
    const v = c.m.vehicles[veh] as Vehicle;
    const tripDays = [0, 1, 2].map(
      (i) => c.recent[(category * 5 + i * 7) % c.recent.length] as LocalDay,
    );
    for (const day of new Set(tripDays)) {
      const destTown = gravityTown(c.m, c.rng, v.home, 30);
      const dest = place(c, destTown, 1);
      const go = trip(c, veh, home(c, veh), dest, at(day, c.rng.range(8, 17)));
      const back = trip(c, veh, dest, home(c, veh), go.arrival + c.rng.range(0.5, 3) * HOUR);
      commit(c, go.passes);
      commit(c, back.passes);
    }
    out.push({ veh, category });
  }
  return out;
}

function plantStakeout(c: Ctx): {
  place: StakeoutTruth['place'];
  cams: number[];
  from: number;
  to: number;
  targets: number[];
} {
  const m = c.m;
  const net = m.net;
  const namur = townIndex(m, 'Namur');
  const pool = [...(net.townCams[namur] ?? [])].filter(
    (cam) => net.cameras[cam]?.unitType === 'fixed',
  );
  let radiusM = 600;
  const within = (centre: number, r: number): number[] =>
    pool.filter(
      (x) =>
        haversineKm(
          net.lat[centre] as number,
          net.lon[centre] as number,
          net.lat[x] as number,
          net.lon[x] as number,
        ) *
          1000 <=
        r,
    );
  let centre = pool[0] as number;
  let best = 0;
  for (const cam of pool) {
    const n = within(cam, radiusM).length;
    if (n > best) {
      best = n;
      centre = cam;
    }
  }
  if (best < 2) radiusM = 1000;
  const cams = within(centre, radiusM);
  const candidates = [...c.recent].reverse().slice(3);
  let day = candidates[0] ?? (c.days[c.days.length - 1] as LocalDay);
  for (const d of candidates) {
    const from = at(d, 2);
    let ok = true;
    for (let t = from; t <= from + HOUR && ok; t += 5 * 60_000)
      ok = cams.every((cam) => recorded(m, t, cam));
    if (ok) {
      day = d;
      break;
    }
  }
  const from = at(day, 2);
  const to = from + HOUR;
  const specs = [
    { country: 'BE', make: 'Audi', model: 'RS 6', colour: 'grey', home: 'Charleroi' },
    { country: 'BE', make: 'Volkswagen', model: 'Transporter', colour: 'white', home: 'Liège' },
    { country: 'FR', make: 'Peugeot', model: '508', colour: 'black', home: 'Brussels' },
  ];
  const targets: number[] = [];
  specs.forEach((spec, k) => {
    const veh = addVehicle(c, spec);
    const inCam = cams[k % cams.length] as number;
    const outCam = cams[(k + 1) % cams.length] as number;
    const arrivePlace: Place = {
      town: namur,
      lat: net.lat[inCam] as number,
      lon: net.lon[inCam] as number,
      cams: [inCam],
    };
    const leavePlace: Place = {
      town: namur,
      lat: net.lat[outCam] as number,
      lon: net.lon[outCam] as number,
      cams: [outCam],
    };
    const probe = trip(c, veh, home(c, veh), arrivePlace, 0);
    const lastPass = probe.passes[probe.passes.length - 1];
    if (!lastPass) return;
    const shift = from + (10 + 12 * k + c.rng.range(0, 5)) * 60_000 - lastPass.t;
    commit(
      c,
      probe.passes.map((p) => ({ ...p, t: Math.round(p.t + shift) })),
    );
    const back = trip(
      c,
      veh,
      leavePlace,
      home(c, veh),
      probe.arrival + shift + c.rng.range(3, 10) * 60_000,
    );
    commit(c, back.passes);
    targets.push(veh);
  });
  const site = net.cameras[centre]?.site ?? 'Namur';
  return {
    place: { name: site, lat: net.lat[centre] as number, lon: net.lon[centre] as number, radiusM },
    cams,
    from,
    to,
    targets,
  };
}

function plantOldReads(c: Ctx): number | null {
  const end = c.m.endMs;
  const older = c.days.filter(
    (d) => d.midnightUtc < end - 31 * DAY_MS && d.midnightUtc >= end - 44 * DAY_MS,
  );
  const newer = c.days.filter(
    (d) => d.midnightUtc >= end - 25 * DAY_MS && d.midnightUtc < end - 2 * DAY_MS,
  );
  if (older.length === 0 || newer.length === 0) return null;
  const veh = addVehicle(c, {
    country: 'BE',
    make: 'Opel',
    model: 'Astra',
    colour: 'red',
    home: 'Kortrijk',
  });
  for (const day of [...spread(older, 3), ...spread(newer, 3)]) {
    const dest = place(
      c,
      c.rng.pick(['Gent', 'Roeselare', 'Ieper', 'Brugge', 'Waregem', 'Tournai']),
      1,
    );
    const go = trip(c, veh, home(c, veh), dest, at(day, c.rng.range(10, 16)));
    const back = trip(c, veh, dest, home(c, veh), go.arrival + c.rng.range(1, 3) * HOUR);
    commit(c, go.passes);
    commit(c, back.passes);
  }
  return veh;
}

function buildHotlistEntries(
  c: Ctx,
  planted: Array<{ veh: number; category: number }>,
): Array<HotlistEntry & { hotlistId: string }> {
  const m = c.m;
  const entries: Array<HotlistEntry & { hotlistId: string }> = [];
  const add = (plate: string, country: string | null, category: number): void => {
    if (m.hot.has(plate)) return;
    m.hot.set(plate, category);
    entries.push({
      hotlistId: hotlistForCategory(category),
      plate,
      country,
      category,
      reason: CATEGORY_REASONS[category] ?? '',
      addedAt: iso(Math.floor((m.startMs - c.rng.range(1, 200) * DAY_MS) / 60_000) * 60_000),
    });
  };
  for (const p of planted) {
    const v = m.vehicles[p.veh] as Vehicle;
    add(v.plate, v.country, p.category);
  }
  // Background: a few ordinary vehicles are flagged too (mostly paperwork), and some flagged plates never show up.
  const weights: Array<[number, number]> = [
    [1, 30],
    [2, 30],
    [3, 12],
    [4, 5],
    [5, 5],
    [6, 8],
    [8, 2],
    [9, 5],
    [10, 2],
    [13, 1],
  ];
  const total = weights.reduce((s, w) => s + w[1], 0);
  const draw = (): number => {
    let x = c.rng.next() * total;
    for (const [cat, w] of weights) if ((x -= w) < 0) return cat;
    return 1;
  };
  for (const v of m.vehicles) {
    if (v.kind !== 'scripted' && c.rng.chance(0.003)) add(v.plate, v.country, draw());
  }
  for (let i = 0; i < 30; i++) {
    let p = drawPlate(c.rng, 'BE');
    while (m.knownPlates.has(p.plate)) p = drawPlate(c.rng, 'BE');
    m.knownPlates.add(p.plate);
    add(p.plate, 'BE', draw());
  }
  return entries;
}
