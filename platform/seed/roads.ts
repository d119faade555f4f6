/**
 * Motorway corridors between real towns and the road graph vehicles drive on.
 * Corridors follow the real E-roads town by town; the geometry between two
 * towns is a straight chord, good enough at the scale of an ANPR site spacing.
 */
import { belgianTowns, haversineKm, type Town } from './geo.ts';

export interface Corridor {
  road: string;
  towns: readonly string[];
  ring?: boolean;
}

/** Where foreign traffic enters or leaves, by corridor end town. */
export const BORDER_TOWNS: Readonly<Record<string, readonly string[]>> = {
  NL: ['Hoogstraten', 'Arendonk', 'Maasmechelen', 'Knokke-Heist'],
  FR: ['Menen', 'Hensies', 'Veurne', 'Tournai'],
  DE: ['Eupen', 'Saint-Vith'],
  LU: ['Arlon'],
};

export const CORRIDORS: readonly Corridor[] = [
  {
    road: 'E40',
    towns: [
      'Ostend',
      'Jabbeke',
      'Brugge',
      'Aalter',
      'Gent',
      'Wetteren',
      'Aalst',
      'Dilbeek',
      'Brussels',
      'Zaventem',
      'Kortenberg',
      'Leuven',
      'Tienen',
      'Waremme',
      'Ans',
      'Liège',
      'Herstal',
      'Herve',
      'Welkenraedt',
      'Eupen',
    ],
  },
  {
    road: 'E19',
    towns: [
      'Hoogstraten',
      'Brecht',
      'Schoten',
      'Antwerpen',
      'Kontich',
      'Mechelen',
      'Vilvoorde',
      'Brussels',
      'Drogenbos',
      'Halle',
      'Tubize',
      'Nivelles',
      'Seneffe',
      'La Louvière',
      'Mons',
      'Hensies',
    ],
  },
  {
    road: 'E17',
    towns: [
      'Antwerpen',
      'Beveren',
      'Sint-Niklaas',
      'Lokeren',
      'Gent',
      'Deinze',
      'Waregem',
      'Kortrijk',
      'Menen',
    ],
  },
  {
    road: 'E313',
    towns: [
      'Antwerpen',
      'Ranst',
      'Herentals',
      'Geel',
      'Tessenderlo',
      'Lummen',
      'Hasselt',
      'Tongeren',
      'Liège',
    ],
  },
  {
    road: 'E34',
    towns: [
      'Knokke-Heist',
      'Maldegem',
      'Eeklo',
      'Zelzate',
      'Beveren',
      'Antwerpen',
      'Ranst',
      'Zoersel',
      'Turnhout',
      'Arendonk',
    ],
  },
  {
    road: 'E411',
    towns: [
      'Brussels',
      'Overijse',
      'Wavre',
      'Louvain-la-Neuve',
      'Namur',
      'Ciney',
      'Rochefort',
      'Neufchâteau',
      'Arlon',
    ],
  },
  {
    road: 'E42',
    towns: [
      'La Louvière',
      'Charleroi',
      'Namur',
      'Andenne',
      'Huy',
      'Liège',
      'Verviers',
      'Malmédy',
      'Saint-Vith',
    ],
  },
  { road: 'E403', towns: ['Brugge', 'Torhout', 'Roeselare', 'Kortrijk', 'Tournai'] },
  {
    road: 'E25',
    towns: ['Liège', 'Sprimont', 'Aywaille', 'Houffalize', 'Bastogne', 'Fauvillers', 'Arlon'],
  },
  {
    road: 'E314',
    towns: ['Leuven', 'Aarschot', 'Diest', 'Lummen', 'Houthalen', 'Genk', 'Maasmechelen'],
  },
  { road: 'E429', towns: ['Halle', 'Enghien', 'Ath', 'Tournai'] },
  { road: 'A12', towns: ['Brussels', 'Meise', 'Boom', 'Antwerpen'] },
  { road: 'A18', towns: ['Jabbeke', 'Veurne'] },
  { road: 'A19', towns: ['Kortrijk', 'Ieper'] },
  { road: 'A54', towns: ['Nivelles', 'Charleroi'] },
  {
    road: 'R0',
    towns: [
      'Zaventem',
      'Vilvoorde',
      'Grimbergen',
      'Wemmel',
      'Dilbeek',
      'Sint-Pieters-Leeuw',
      'Drogenbos',
      'Sint-Genesius-Rode',
      'Waterloo',
      'Overijse',
      'Wezembeek-Oppem',
      'Zaventem',
    ],
    ring: true,
  },
];

/** Road distance over chord distance between corridor towns. */
export const ROAD_FACTOR = 1.08;

export interface RoadEdge {
  from: number;
  to: number;
  road: string;
  /** Corridor kilometre at `from` (corridor order). */
  kmFrom: number;
  lengthKm: number;
}

export interface RoadGraph {
  /** Graph node -> town. */
  nodes: Town[];
  nodeIndex: Map<string, number>;
  edges: RoadEdge[];
  /** next[s * n + t]: the node after s on a shortest path to t (-1: unreachable). */
  next: Int32Array;
  dist: Float64Array;
}

export function findTown(name: string): Town {
  const t = belgianTowns().find((x) => x.name === name);
  if (!t) throw new Error(`corridor town not in GeoNames data: ${name}`);
  return t;
}

export function buildRoadGraph(corridors: readonly Corridor[] = CORRIDORS): RoadGraph {
  const nodes: Town[] = [];
  const nodeIndex = new Map<string, number>();
  const node = (name: string): number => {
    let i = nodeIndex.get(name);
    if (i === undefined) {
      i = nodes.length;
      nodes.push(findTown(name));
      nodeIndex.set(name, i);
    }
    return i;
  };
  const edges: RoadEdge[] = [];
  const seen = new Set<string>();
  for (const c of corridors) {
    let km = 0;
    for (let i = 0; i + 1 < c.towns.length; i++) {
      const u = node(c.towns[i] as string);
      const v = node(c.towns[i + 1] as string);
      const a = nodes[u] as Town;
      const b = nodes[v] as Town;
      const len = haversineKm(a.lat, a.lon, b.lat, b.lon) * ROAD_FACTOR;
      const key = u < v ? `${u}-${v}` : `${v}-${u}`;
      // Shared stretches (E17/E34 Antwerpen-Beveren) are one carriageway with one set of sites.
      if (!seen.has(key)) {
        seen.add(key);
        edges.push({ from: u, to: v, road: c.road, kmFrom: km, lengthKm: len });
      }
      km += len;
    }
  }
  const n = nodes.length;
  const adj: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  for (const e of edges) {
    adj[e.from]?.push([e.to, e.lengthKm]);
    adj[e.to]?.push([e.from, e.lengthKm]);
  }
  const next = new Int32Array(n * n).fill(-1);
  const dist = new Float64Array(n * n).fill(Infinity);
  // Dijkstra from every target t, recording for each s the neighbour towards t.
  for (let t = 0; t < n; t++) {
    const d = new Float64Array(n).fill(Infinity);
    const done = new Uint8Array(n);
    d[t] = 0;
    next[t * n + t] = t;
    for (;;) {
      let best = -1;
      for (let i = 0; i < n; i++)
        if (!done[i] && (best < 0 || (d[i] as number) < (d[best] as number))) best = i;
      if (best < 0 || d[best] === Infinity) break;
      done[best] = 1;
      for (const [w, len] of adj[best] ?? []) {
        const nd = (d[best] as number) + len;
        if (nd < (d[w] as number)) {
          d[w] = nd;
          next[w * n + t] = best;
        }
      }
    }
    for (let s = 0; s < n; s++) dist[s * n + t] = d[s] as number;
  }
  return { nodes, nodeIndex, edges, next, dist };
}

/** Node sequence from s to t along the shortest path (inclusive). */
export function roadPath(g: RoadGraph, s: number, t: number): number[] {
  const n = g.nodes.length;
  const path = [s];
  let cur = s;
  while (cur !== t) {
    const nx = g.next[cur * n + t] as number;
    if (nx < 0) return [];
    path.push(nx);
    cur = nx;
  }
  return path;
}
