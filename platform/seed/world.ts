/**
 * The internal model behind a synthetic world: the road graph, the camera
 * network, the vehicle population and how a vehicle drives a trip past the
 * cameras. Reads are rendered from the passes this module produces.
 */
import { cameraSilent, type CameraNet } from './cameras.ts';
import { belgianTowns, haversineKm, offsetKm, townRadiusKm, type Town } from './geo.ts';
import { drawPlate } from './plates.ts';
import { pickCumulative, type Rng } from './prng.ts';
import { BORDER_TOWNS, roadPath, type RoadGraph } from './roads.ts';
import { HOUR } from './time.ts';

export type VehicleKind = 'commuter' | 'local' | 'occasional' | 'truck' | 'visitor' | 'scripted';

export interface Vehicle {
  plate: string;
  display: string;
  country: string;
  make: string;
  model: string;
  colour: string;
  kind: VehicleKind;
  home: number;
  homeLat: number;
  homeLon: number;
  homeCams: number[];
  work: number;
  workLat: number;
  workLon: number;
  workCams: number[];
  /** Local hour the vehicle usually leaves (commuters) or starts work (trucks). */
  departH: number;
  stayH: number;
  /** Cruise speed on motorways, km/h. */
  cruise: number;
  /** Scripted scenario vehicles are always read, and read right, so ground truth matches the reads. */
  clean: boolean;
}

export interface WorldModel {
  seed: number;
  startMs: number;
  endMs: number;
  towns: Town[];
  graph: RoadGraph;
  net: CameraNet;
  /** Town -> nearest graph node. */
  townHub: Int32Array;
  townRadius: Float64Array;
  /** Camera is within 25 km of a big city (rush-hour slowdowns). */
  camNearCity: Uint8Array;
  vehicles: Vehicle[];
  /** Every plate carried by a vehicle or listed on a hotlist (misreads never produce one). */
  knownPlates: Set<string>;
  /** Hotlisted plate -> Danish category 1..13. */
  hot: Map<string, number>;
  /** Scripted passes sorted by time. */
  scripted: PassList;
  townByName: Map<string, number>;
  /** Towns where trucks load and unload, with weights. */
  freightTowns: number[];
  freightCum: Float64Array;
  townPopCum: Float64Array;
}

export interface PassList {
  t: Float64Array;
  cam: Int32Array;
  veh: Int32Array;
}

export type Sink = (t: number, cam: number, veh: number) => void;

export interface Place {
  town: number;
  lat: number;
  lon: number;
  /** Cameras passed near this end of the trip, in the order met when leaving it. */
  cams: readonly number[];
}

const TOWN_KMH = 32;
const TOWN_DETOUR = 1.4;
const LOCAL_KMH = 68;
const LOCAL_DETOUR = 1.3;
const MOTORWAY_DETOUR = 1.05;
/** Below this chord distance a trip stays on local roads. */
const LOCAL_TRIP_KM = 15;

export const CAR_MODELS: ReadonlyArray<readonly [string, string, number]> = [
  ['Volkswagen', 'Golf', 8],
  ['Volkswagen', 'Polo', 5],
  ['Renault', 'Clio', 6],
  ['Peugeot', '208', 6],
  ['Peugeot', '3008', 5],
  ['BMW', '3 Series', 6],
  ['BMW', 'X1', 4],
  ['Mercedes-Benz', 'A-Class', 4],
  ['Mercedes-Benz', 'C-Class', 4],
  ['Audi', 'A3', 4],
  ['Audi', 'A4', 4],
  ['Toyota', 'Yaris', 5],
  ['Toyota', 'C-HR', 3],
  ['Skoda', 'Octavia', 5],
  ['Citroën', 'C3', 4],
  ['Opel', 'Corsa', 4],
  ['Ford', 'Focus', 4],
  ['Volvo', 'XC40', 3],
  ['Tesla', 'Model 3', 2],
  ['Kia', 'Niro', 3],
  ['Dacia', 'Sandero', 4],
  ['Hyundai', 'Tucson', 3],
];
export const TRUCK_MODELS: ReadonlyArray<readonly [string, string, number]> = [
  ['DAF', 'XF', 6],
  ['Scania', 'R 450', 5],
  ['Volvo', 'FH', 5],
  ['Mercedes-Benz', 'Actros', 5],
  ['MAN', 'TGX', 4],
  ['Iveco', 'S-Way', 2],
  ['Renault Trucks', 'T', 2],
];
const COLOURS: ReadonlyArray<readonly [string, number]> = [
  ['grey', 25],
  ['black', 20],
  ['white', 20],
  ['blue', 12],
  ['silver', 10],
  ['red', 7],
  ['green', 2],
  ['brown', 2],
  ['yellow', 1],
  ['orange', 1],
];

function weighted<T extends readonly unknown[]>(rng: Rng, items: ReadonlyArray<T>): T {
  let total = 0;
  for (const it of items) total += it[it.length - 1] as number;
  let x = rng.next() * total;
  for (const it of items) {
    x -= it[it.length - 1] as number;
    if (x < 0) return it;
  }
  return items[items.length - 1] as T;
}

const CAR_COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['BE', 920],
  ['NL', 30],
  ['FR', 25],
  ['DE', 15],
  ['LU', 7],
  ['DK', 3],
];
const TRUCK_COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['BE', 40],
  ['NL', 15],
  ['DE', 10],
  ['FR', 10],
  ['PL', 12],
  ['RO', 5],
  ['LT', 5],
  ['LU', 2],
  ['DK', 1],
];
const FREIGHT: ReadonlyArray<readonly [string, number]> = [
  ['Antwerpen', 10],
  ['Gent', 4],
  ['Zeebrugge', 4],
  ['Liège', 3],
  ['Charleroi', 2],
  ['Brussels', 2],
  ['Genk', 2],
  ['Kortrijk', 2],
  ['Geel', 1],
  ['Lokeren', 1],
  ['Mouscron', 1],
  ['Namur', 1],
  ['Hasselt', 1],
  ['Tournai', 1],
  ['Mechelen', 1],
  ['Aalst', 1],
  ['Nivelles', 1],
  ['Hoogstraten', 2],
  ['Arendonk', 1],
  ['Menen', 2],
  ['Eupen', 2],
  ['Arlon', 2],
  ['Hensies', 1],
  ['Maasmechelen', 1],
];

export function createModelBase(
  seed: number,
  startMs: number,
  endMs: number,
  graph: RoadGraph,
  net: CameraNet,
): WorldModel {
  const towns = belgianTowns();
  const townHub = new Int32Array(towns.length);
  towns.forEach((t, i) => {
    let best = 0;
    let bestD = Infinity;
    graph.nodes.forEach((nd, j) => {
      const d = haversineKm(t.lat, t.lon, nd.lat, nd.lon);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    });
    townHub[i] = best;
  });
  const townByName = new Map<string, number>();
  towns.forEach((t, i) => {
    if (!townByName.has(t.name)) townByName.set(t.name, i);
  });
  const big = ['Brussels', 'Antwerpen', 'Gent', 'Liège'].map(
    (n) => towns[townByName.get(n) as number] as Town,
  );
  const camNearCity = new Uint8Array(net.cameras.length);
  for (let c = 0; c < net.motorwayCount; c++) {
    const la = net.lat[c] as number;
    const lo = net.lon[c] as number;
    camNearCity[c] = big.some((b) => haversineKm(la, lo, b.lat, b.lon) < 25) ? 1 : 0;
  }
  const freightTowns = FREIGHT.map(([n]) => townByName.get(n)).filter(
    (x): x is number => x !== undefined,
  );
  let acc = 0;
  const freightCum = Float64Array.from(
    FREIGHT.filter(([n]) => townByName.has(n)),
    ([, w]) => (acc += w),
  );
  acc = 0;
  const townPopCum = Float64Array.from(towns, (t) => (acc += t.population));
  return {
    seed,
    startMs,
    endMs,
    towns,
    graph,
    net,
    townHub,
    townRadius: Float64Array.from(towns, townRadiusKm),
    camNearCity,
    vehicles: [],
    knownPlates: new Set(),
    hot: new Map(),
    scripted: { t: new Float64Array(0), cam: new Int32Array(0), veh: new Int32Array(0) },
    townByName,
    freightTowns,
    freightCum,
    townPopCum,
  };
}

export function townIndex(m: WorldModel, name: string): number {
  const i = m.townByName.get(name);
  if (i === undefined) throw new Error(`unknown town ${name}`);
  return i;
}

/** A random point in a town and the 1-2 town cameras nearest to it among a few candidates. */
export function pointInTown(
  m: WorldModel,
  rng: Rng,
  town: number,
  camCount = 1 + rng.int(2),
): { lat: number; lon: number; cams: number[] } {
  const t = m.towns[town] as Town;
  const r = (m.townRadius[town] as number) * Math.sqrt(rng.next());
  const a = rng.next() * 2 * Math.PI;
  const [lat, lon] = offsetKm(t.lat, t.lon, r * Math.cos(a), r * Math.sin(a));
  const pool = m.net.townCams[town];
  const cams: number[] = [];
  if (pool && pool.length) {
    const cands = new Set<number>();
    for (let i = 0; i < Math.min(8, pool.length); i++)
      cands.add(pool[rng.int(pool.length)] as number);
    const sorted = [...cands].sort(
      (x, y) =>
        haversineKm(lat, lon, m.net.lat[x] as number, m.net.lon[x] as number) -
          haversineKm(lat, lon, m.net.lat[y] as number, m.net.lon[y] as number) || x - y,
    );
    cams.push(...sorted.slice(0, Math.min(camCount, sorted.length)));
  }
  return { lat, lon, cams };
}

export function newVehicle(
  rng: Rng,
  m: WorldModel,
  kind: VehicleKind,
  country: string,
  truck = false,
): Vehicle {
  let p = drawPlate(rng, country);
  while (m.knownPlates.has(p.plate)) p = drawPlate(rng, country);
  m.knownPlates.add(p.plate);
  const [make, model] = weighted(rng, truck ? TRUCK_MODELS : CAR_MODELS);
  const [colour] = weighted(rng, COLOURS);
  return {
    plate: p.plate,
    display: p.display,
    country,
    make,
    model,
    colour: truck && rng.chance(0.5) ? 'white' : colour,
    kind,
    home: 0,
    homeLat: 0,
    homeLon: 0,
    homeCams: [],
    work: 0,
    workLat: 0,
    workLon: 0,
    workCams: [],
    departH: 7,
    stayH: 8,
    cruise: truck ? rng.range(80, 88) : rng.range(98, 128),
    clean: false,
  };
}

/** A destination town drawn by population with exponential distance decay. */
export function gravityTown(m: WorldModel, rng: Rng, from: number, scaleKm: number): number {
  const f = m.towns[from];
  if (!f) return from;
  for (let k = 0; k < 200; k++) {
    const j = pickCumulative(rng, m.townPopCum);
    const t = m.towns[j];
    if (!t) continue;
    const dLat = (t.lat - f.lat) * 111.3;
    const dLon = (t.lon - f.lon) * 71;
    if (rng.next() < Math.exp(-Math.sqrt(dLat * dLat + dLon * dLon) / scaleKm)) return j;
  }
  return from;
}

function setHome(m: WorldModel, rng: Rng, v: Vehicle, town: number): void {
  const p = pointInTown(m, rng, town);
  v.home = town;
  v.homeLat = p.lat;
  v.homeLon = p.lon;
  v.homeCams = p.cams;
}

function setWork(m: WorldModel, rng: Rng, v: Vehicle, town: number): void {
  const p = pointInTown(m, rng, town);
  v.work = town;
  v.workLat = p.lat;
  v.workLon = p.lon;
  v.workCams = p.cams;
}

/** The background population: commuters, locals, weekend drivers, trucks, foreign visitors. */
export function populate(m: WorldModel, rng: Rng, count: number): void {
  for (let i = 0; i < count; i++) {
    const u = rng.next();
    const kind: VehicleKind =
      u < 0.36
        ? 'commuter'
        : u < 0.7
          ? 'local'
          : u < 0.84
            ? 'occasional'
            : u < 0.95
              ? 'truck'
              : 'visitor';
    let v: Vehicle;
    if (kind === 'truck') {
      const [country] = weighted(rng, TRUCK_COUNTRIES);
      v = newVehicle(rng, m, kind, country, true);
      const base = BORDER_TOWNS[country]
        ? townIndex(m, rng.pick(BORDER_TOWNS[country] as readonly string[]))
        : country === 'BE'
          ? (m.freightTowns[pickCumulative(rng, m.freightCum)] as number)
          : townIndex(m, rng.pick(['Eupen', 'Hoogstraten', 'Arendonk', 'Saint-Vith']));
      setHome(m, rng, v, base);
      v.departH = rng.chance(0.35) ? rng.range(0, 6) : rng.range(4, 20);
    } else if (kind === 'visitor') {
      const [country] = weighted(
        rng,
        CAR_COUNTRIES.filter(([c]) => c !== 'BE'),
      );
      v = newVehicle(rng, m, kind, country);
      const border = BORDER_TOWNS[country] ?? BORDER_TOWNS['DE'] ?? [];
      setHome(m, rng, v, townIndex(m, rng.pick(border)));
      setWork(m, rng, v, gravityTown(m, rng, v.home, 60));
      v.departH = rng.range(8, 14);
      v.stayH = rng.range(2, 8);
    } else {
      const [country] = weighted(rng, CAR_COUNTRIES);
      v = newVehicle(rng, m, kind, country);
      // Foreign-registered cars living here (expats, lease cars) drive like residents.
      setHome(m, rng, v, pickCumulative(rng, m.townPopCum));
      if (kind === 'commuter') {
        setWork(m, rng, v, rng.chance(0.3) ? v.home : gravityTown(m, rng, v.home, 18));
        v.departH = rng.range(6.25, 8.75);
        v.stayH = rng.range(8, 9.5);
      } else {
        v.departH = rng.range(8, 14);
        v.stayH = rng.range(2, 8);
      }
    }
    m.vehicles.push(v);
  }
}

/**
 * Drives one trip, reporting each camera pass to the sink; returns the arrival time.
 * Every leg's time is its road distance over a speed no higher than the vehicle's
 * cruise speed, so the straight-line speed between two passes stays below it.
 */
export function drive(
  m: WorldModel,
  rng: Rng,
  veh: number,
  from: Place,
  to: Place,
  depart: number,
  sink: Sink,
  opts: { cruise: number; rushDay?: number | null } = { cruise: 110 },
): number {
  const net = m.net;
  let lat = from.lat;
  let lon = from.lon;
  let t = depart;
  const move = (la: number, lo: number, kmh: number, detour: number): void => {
    t += ((haversineKm(lat, lon, la, lo) * detour) / kmh) * HOUR;
    lat = la;
    lon = lo;
  };
  const pass = (cam: number, kmh: number, detour: number): void => {
    move(net.lat[cam] as number, net.lon[cam] as number, kmh, detour);
    t += rng.next() * 4000;
    sink(Math.round(t), cam, veh);
  };
  for (const c of from.cams) {
    pass(c, TOWN_KMH, TOWN_DETOUR);
    t += rng.next() * 20_000;
  }
  const a = m.towns[from.town] as Town;
  const b = m.towns[to.town] as Town;
  if (from.town !== to.town) {
    const hubA = m.townHub[from.town] as number;
    const hubB = m.townHub[to.town] as number;
    if (hubA === hubB || haversineKm(a.lat, a.lon, b.lat, b.lon) < LOCAL_TRIP_KM) {
      move(b.lat, b.lon, LOCAL_KMH, LOCAL_DETOUR);
    } else {
      const g = m.graph;
      const n = g.nodes.length;
      const ha = g.nodes[hubA] as Town;
      move(ha.lat, ha.lon, LOCAL_KMH, LOCAL_DETOUR);
      const path = roadPath(g, hubA, hubB);
      const rushMidnight = opts.rushDay ?? null;
      for (let i = 0; i + 1 < path.length; i++) {
        const u = path[i] as number;
        const w = path[i + 1] as number;
        const cams = net.edgeCams.get(u * n + w);
        if (cams) {
          for (const c of cams) {
            let kmh = opts.cruise;
            if (rushMidnight !== null && m.camNearCity[c]) {
              const h = (t - rushMidnight) / HOUR;
              if ((h > 7 && h < 9.5) || (h > 16 && h < 18.75)) kmh *= 0.55;
            }
            pass(c, kmh, MOTORWAY_DETOUR);
          }
        }
        const nd = g.nodes[w] as Town;
        move(nd.lat, nd.lon, opts.cruise, MOTORWAY_DETOUR);
      }
      move(b.lat, b.lon, LOCAL_KMH, LOCAL_DETOUR);
    }
  }
  // Destination cameras are met in reverse of their leaving order.
  for (let i = to.cams.length - 1; i >= 0; i--) {
    pass(to.cams[i] as number, TOWN_KMH, TOWN_DETOUR);
    t += rng.next() * 20_000;
  }
  move(to.lat, to.lon, TOWN_KMH, TOWN_DETOUR);
  return Math.round(t);
}

export function homePlace(v: Vehicle): Place {
  return { town: v.home, lat: v.homeLat, lon: v.homeLon, cams: v.homeCams };
}
export function workPlace(v: Vehicle): Place {
  return { town: v.work, lat: v.workLat, lon: v.workLon, cams: v.workCams };
}

/** Passes a scripted vehicle would produce that the cameras actually record. */
export function recorded(m: WorldModel, t: number, cam: number): boolean {
  return t >= m.startMs && t <= m.endMs && !cameraSilent(m.net, cam, t);
}
