/**
 * The synthetic camera network: federal motorway sites along the corridors
 * (one camera per carriageway) and local/regional town cameras spread by
 * population, all inside Belgium's outline, with rollout dates and outages.
 */
import type { Camera, Operator, UnitType } from '../../common/read.ts';
import {
  bearingDeg,
  belgianTowns,
  cardinal,
  haversineKm,
  insideBelgium,
  offsetKm,
  slug,
  townRadiusKm,
  type Town,
} from './geo.ts';
import type { Rng } from './prng.ts';
import { CORRIDORS, type RoadGraph } from './roads.ts';
import { DAY_MS, HOUR } from './time.ts';

export interface CameraNet {
  cameras: Camera[];
  lat: Float64Array;
  lon: Float64Array;
  /** Vendor that produced the camera's reads (Read.source). */
  source: string[];
  /** 1 when the camera's vendor reports make/model/colour. */
  reportsVehicle: Uint8Array;
  connectedMs: Float64Array;
  /** Outage windows per camera as [from, to] ms pairs (empty for most). */
  outages: Array<Float64Array | null>;
  /** Cameras of each town (index into belgianTowns()). */
  townCams: Int32Array[];
  /** Camera -> town index (-1 for motorway cameras). */
  townOf: Int32Array;
  /** Motorway cameras met when driving a directed edge, in driving order; key from * n + to. */
  edgeCams: Map<number, Int32Array>;
  motorwayCount: number;
}

const MOTORWAY_SOURCES = ['Jenoptik', 'Kapsch', 'Vitronic'] as const;
const TOWN_SOURCES = ['Hikvision', 'Genetec AutoVu', 'Tattile', 'ARH', 'Neology', 'Dahua'] as const;
const REPORTS_VEHICLE = new Set(['Jenoptik', 'Vitronic', 'Genetec AutoVu', 'Tattile']);

const STREETS_NL = [
  'Stationsstraat',
  'Kerkstraat',
  'Grote Markt',
  'Nieuwstraat',
  'Industrieweg',
  'Kapelstraat',
  'Dorpsstraat',
  'Molenstraat',
  'Schoolstraat',
  'Leopoldlaan',
  'Koning Albertlaan',
  'Ring',
  'Vaartstraat',
  'Kasteelstraat',
  'Nijverheidsstraat',
  'Brugstraat',
];
const STREETS_FR = [
  'Rue de la Station',
  "Rue de l'Église",
  'Grand-Place',
  'Place communale',
  'Rue du Moulin',
  'Avenue Reine Astrid',
  'Rue Haute',
  'Rue de la Gare',
  'Boulevard Roi Albert',
  'Rue du Centre',
  'Rue des Écoles',
  'Avenue de la Libération',
  'Rue du Parc',
  'Quai de la Sambre',
];
const STREETS_BRU = [
  'Avenue Louise / Louizalaan',
  'Boulevard Léopold II / Leopold II-laan',
  'Chaussée de Ninove / Ninoofsesteenweg',
  'Boulevard du Midi / Zuidlaan',
  'Chaussée de Wavre / Waversesteenweg',
  'Avenue de Tervueren / Tervurenlaan',
  'Boulevard Reyers / Reyerslaan',
  'Chaussée de Haecht / Haachtsesteenweg',
  'Boulevard Général Jacques / Generaal Jacqueslaan',
  'Rue de la Loi / Wetstraat',
  'Avenue de la Couronne / Kroonlaan',
  "Chaussée d'Anvers / Antwerpsesteenweg",
  'Boulevard Industriel / Industrielaan',
  'Avenue Van Praet / Van Praetlaan',
  'Chaussée de Mons / Bergensesteenweg',
  'Boulevard Lambermont / Lambermontlaan',
];

const LOCAL_PREFIX: Record<Town['region'], string> = { VLG: 'LPZ', WAL: 'ZP', BRU: 'ZP' };
const REGIONAL_PREFIX: Record<Town['region'], string> = { VLG: 'AWV', WAL: 'SPW', BRU: 'BM' };

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function laneCount(rng: Rng, road: string, nearCity: boolean): number {
  if (road === 'R0') return 3 + rng.int(2);
  if (nearCity) return 3 + (rng.chance(0.3) ? 1 : 0);
  return rng.chance(0.8) ? 2 : 3;
}

export interface CameraNetOptions {
  total: number;
  startMs: number;
  endMs: number;
}

export function buildCameraNet(rng: Rng, graph: RoadGraph, opts: CameraNetOptions): CameraNet {
  const towns = belgianTowns();
  const cameras: Camera[] = [];
  const source: string[] = [];
  const connected: number[] = [];
  const townOf: number[] = [];
  const edgeCams = new Map<number, Int32Array>();
  const n = graph.nodes.length;
  const endMs = opts.endMs;

  const connectedSince = (minDays: number, maxDays: number): number =>
    Math.floor((endMs - rng.range(minDays, maxDays) * DAY_MS) / 60_000) * 60_000;

  // ~12 % of the network on motorways: the site spacing follows from the corridor length.
  const totalKm = graph.edges.reduce((s, e) => s + e.lengthKm, 0);
  const sites = Math.max(4, Math.round((opts.total * 0.12) / 2));
  const spacing = Math.max(2, totalKm / sites);
  const corridorEnds = new Map(CORRIDORS.map((c) => [c.road, c]));
  const bigCities = ['Brussels', 'Antwerpen', 'Gent', 'Liège', 'Charleroi'].map(
    (name) => towns.find((t) => t.name === name) as Town,
  );

  for (const e of graph.edges) {
    const a = graph.nodes[e.from] as Town;
    const b = graph.nodes[e.to] as Town;
    const corridor = corridorEnds.get(e.road);
    const first = corridor?.towns[0] ?? a.name;
    const last = corridor?.towns[corridor.towns.length - 1] ?? b.name;
    const headingFwd = bearingDeg(a.lat, a.lon, b.lat, b.lon);
    const headingBack = bearingDeg(b.lat, b.lon, a.lat, a.lon);
    const fwd: number[] = [];
    const back: number[] = [];
    let k = Math.ceil((e.kmFrom + 0.8) / spacing) * spacing;
    for (; k < e.kmFrom + e.lengthKm - 0.8; k += spacing) {
      const f = (k - e.kmFrom) / e.lengthKm;
      const lat = a.lat + (b.lat - a.lat) * f;
      const lon = a.lon + (b.lon - a.lon) * f;
      if (!insideBelgium(lon, lat)) continue;
      const km = Math.round(k);
      const nearCity = bigCities.some((c) => haversineKm(lat, lon, c.lat, c.lon) < 20);
      const lanes = laneCount(rng, e.road, nearCity);
      const since = connectedSince(60, 900);
      const site = `${e.road} km ${km} ${a.name}–${b.name}`;
      const vendor = rng.pick(MOTORWAY_SOURCES);
      for (const dirFwd of [true, false]) {
        const heading = (Math.round((dirFwd ? headingFwd : headingBack) * 10) / 10) % 360;
        const ringLabel = dirFwd ? 'outer ring' : 'inner ring';
        const direction = e.road === 'R0' ? ringLabel : `towards ${dirFwd ? last : first}`;
        const idx = cameras.length;
        cameras.push({
          id: `${e.road}-km${String(km).padStart(3, '0')}-${cardinal(heading)}`,
          site,
          lat: round6(lat),
          lon: round6(lon),
          road: e.road,
          direction,
          heading,
          lanes,
          operator: 'federal',
          unitType: 'fixed',
          connectedSince: iso(since),
          outages: [],
        });
        source.push(vendor);
        connected.push(since);
        townOf.push(-1);
        (dirFwd ? fwd : back).push(idx);
      }
    }
    edgeCams.set(e.from * n + e.to, Int32Array.from(fwd));
    edgeCams.set(e.to * n + e.from, Int32Array.from(back.reverse()));
  }
  const motorwayCount = cameras.length;

  // Town cameras, allocated by population with the largest-remainder method.
  const townTotal = Math.max(0, opts.total - motorwayCount);
  const popSum = towns.reduce((s, t) => s + t.population, 0);
  const alloc = towns.map((t) => (townTotal * t.population) / popSum);
  const counts = alloc.map(Math.floor);
  let left = townTotal - counts.reduce((s, c) => s + c, 0);
  const order = alloc
    .map((a, i) => [a - Math.floor(a), i] as const)
    .sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const counters = new Map<string, number>();
  const townCams: number[][] = towns.map(() => []);
  towns.forEach((t, ti) => {
    const count = counts[ti] ?? 0;
    const r = townRadiusKm(t);
    const neighbours = towns
      .filter((o) => o !== t && o.population > 8000)
      .map((o) => [haversineKm(t.lat, t.lon, o.lat, o.lon), o.name] as const)
      .sort((x, y) => x[0] - y[0])
      .slice(0, 4)
      .map((x) => x[1]);
    for (let c = 0; c < count; c++) {
      let lat = t.lat;
      let lon = t.lon;
      for (let tries = 0; tries < 30; tries++) {
        const ang = rng.next() * 2 * Math.PI;
        const dist = r * Math.pow(rng.next(), 0.7);
        const [la, lo] = offsetKm(t.lat, t.lon, dist * Math.cos(ang), dist * Math.sin(ang));
        if (insideBelgium(lo, la)) {
          lat = la;
          lon = lo;
          break;
        }
      }
      const mobile = rng.chance(0.015);
      const operator: Operator = mobile
        ? 'local'
        : rng.chance(t.region === 'BRU' ? 0.4 : 0.25)
          ? 'regional'
          : 'local';
      const unitType: UnitType = mobile ? 'mobile-unmanned' : 'fixed';
      const prefix = mobile
        ? 'MOB'
        : operator === 'regional'
          ? REGIONAL_PREFIX[t.region]
          : LOCAL_PREFIX[t.region];
      const key = `${prefix}-${slug(t.name)}`;
      const seq = (counters.get(key) ?? 0) + 1;
      counters.set(key, seq);
      const heading = Math.floor(rng.next() * 3600) / 10;
      const toCentre = bearingDeg(lat, lon, t.lat, t.lon);
      const diff = Math.abs(((heading - toCentre + 540) % 360) - 180);
      const street = streetName(rng, t, neighbours);
      const since = t.name === 'Brussels' ? connectedSince(150, 400) : connectedSince(20, 1000);
      const idx = cameras.length;
      cameras.push({
        id: `${key}-${String(seq).padStart(3, '0')}`,
        site: `${t.name} – ${street}`,
        lat: round6(lat),
        lon: round6(lon),
        road: null,
        direction: diff < 90 ? 'inbound' : 'outbound',
        heading,
        lanes: operator === 'regional' ? 2 : 1 + (rng.chance(0.3) ? 1 : 0),
        operator,
        unitType,
        connectedSince: iso(since),
        outages: [],
      });
      source.push(rng.pick(TOWN_SOURCES));
      connected.push(since);
      townOf.push(ti);
      townCams[ti]?.push(idx);
    }
  });

  // Outages: a few % of cameras are down for hours to days during the period.
  const outages: Array<Float64Array | null> = cameras.map(() => null);
  const span = opts.endMs - opts.startMs;
  cameras.forEach((cam, i) => {
    if (!rng.chance(0.035)) return;
    const windows: number[] = [];
    const count = rng.chance(0.3) ? 2 : 1;
    for (let w = 0; w < count; w++) {
      const from = Math.floor((opts.startMs + rng.next() * span) / 60_000) * 60_000;
      const u = rng.next();
      const hours = u < 0.6 ? rng.range(2, 12) : u < 0.9 ? rng.range(12, 48) : rng.range(48, 120);
      const to = Math.min(opts.endMs, Math.floor((from + hours * HOUR) / 60_000) * 60_000);
      if (to <= from) continue;
      windows.push(from, to);
      cam.outages.push({ from: iso(from), to: iso(to) });
    }
    if (windows.length) outages[i] = Float64Array.from(windows);
  });

  return {
    cameras,
    lat: Float64Array.from(cameras, (c) => c.lat),
    lon: Float64Array.from(cameras, (c) => c.lon),
    source,
    reportsVehicle: Uint8Array.from(source, (s) => (REPORTS_VEHICLE.has(s) ? 1 : 0)),
    connectedMs: Float64Array.from(connected),
    outages,
    townCams: townCams.map((l) => Int32Array.from(l)),
    townOf: Int32Array.from(townOf),
    edgeCams,
    motorwayCount,
  };
}

function streetName(rng: Rng, t: Town, neighbours: readonly string[]): string {
  if (t.region === 'BRU') return rng.pick(STREETS_BRU);
  const toward = neighbours.length && rng.chance(0.3) ? rng.pick(neighbours) : null;
  if (t.region === 'WAL') return toward ? `Chaussée de ${toward}` : rng.pick(STREETS_FR);
  return toward ? `Steenweg op ${toward}` : rng.pick(STREETS_NL);
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** True when the camera produced no reads at that instant (not yet connected, or down). */
export function cameraSilent(net: CameraNet, cam: number, t: number): boolean {
  if (t < (net.connectedMs[cam] as number)) return true;
  const w = net.outages[cam];
  if (!w) return false;
  for (let i = 0; i < w.length; i += 2)
    if (t >= (w[i] as number) && t < (w[i + 1] as number)) return true;
  return false;
}
