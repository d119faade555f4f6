/**
 * Grid clustering for camera markers: a few thousand cameras drawn one by one
 * at country zoom are an unreadable smear, so nearby ones are drawn as one
 * counted disc.
 *
 * Points are bucketed into square screen cells of `cellPx` pixels at the given
 * zoom; then any two clusters whose centres lie closer than `mergePx` are
 * merged, so a tight group that straddles a cell edge does not show as two
 * discs side by side. Deterministic for a given input order, O(n) apart from
 * the merge pass over neighbouring cells.
 */
import { worldSize } from './mercator.ts';

export interface Cluster {
  /** Centre (mean position) in screen pixels at the clustering zoom. */
  x: number;
  y: number;
  /** Indices into the input, ascending. */
  members: number[];
}

export interface ClusterOptions {
  zoom: number;
  /** Grid cell size in screen pixels. */
  cellPx?: number;
  /** Clusters whose centres are closer than this (pixels) are merged. Defaults to half a cell. */
  mergePx?: number;
}

/**
 * Clusters points given as interleaved world coordinates (see mercator.ts).
 * Every input index ends up in exactly one cluster.
 */
export function clusterPoints(world: ArrayLike<number>, options: ClusterOptions): Cluster[] {
  const cell = options.cellPx ?? 56;
  const mergePx = options.mergePx ?? cell / 2;
  const scale = worldSize(options.zoom);
  const n = Math.floor(world.length / 2);

  const cells = new Map<
    string,
    { sx: number; sy: number; members: number[]; cx: number; cy: number }
  >();
  for (let i = 0; i < n; i++) {
    const x = world[2 * i]! * scale;
    const y = world[2 * i + 1]! * scale;
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    const key = `${cx},${cy}`;
    let c = cells.get(key);
    if (!c) {
      c = { sx: 0, sy: 0, members: [], cx, cy };
      cells.set(key, c);
    }
    c.sx += x;
    c.sy += y;
    c.members.push(i);
  }

  interface Work {
    x: number;
    y: number;
    members: number[];
    cx: number;
    cy: number;
    alive: boolean;
  }
  const work: Work[] = [...cells.values()].map((c) => ({
    x: c.sx / c.members.length,
    y: c.sy / c.members.length,
    members: c.members,
    cx: c.cx,
    cy: c.cy,
    alive: true,
  }));
  const byCell = new Map<string, Work>();
  for (const w of work) byCell.set(`${w.cx},${w.cy}`, w);

  // Largest first, so small neighbours fold into big groups and not the reverse.
  const order = [...work].sort(
    (a, b) => b.members.length - a.members.length || a.members[0]! - b.members[0]!,
  );
  for (const w of order) {
    if (!w.alive) continue;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        if (dx === 0 && dy === 0) continue;
        const other = byCell.get(`${w.cx + dx},${w.cy + dy}`);
        if (!other || !other.alive || other === w) continue;
        if (Math.hypot(other.x - w.x, other.y - w.y) >= mergePx) continue;
        const total = w.members.length + other.members.length;
        w.x = (w.x * w.members.length + other.x * other.members.length) / total;
        w.y = (w.y * w.members.length + other.y * other.members.length) / total;
        w.members = w.members.concat(other.members);
        other.alive = false;
      }
    }
  }

  return work
    .filter((w) => w.alive)
    .map((w) => ({ x: w.x, y: w.y, members: w.members.sort((a, b) => a - b) }))
    .sort((a, b) => a.members[0]! - b.members[0]!);
}
