/**
 * Label placement for the basemap: which towns are named at which zoom, and a
 * collision grid so that labels never overlap (the larger place wins, because
 * labels are placed in order of importance).
 */

/** Zoom from which a town is drawn and named. */
export function townMinZoom(population: number, capital: boolean): number {
  if (capital) return population >= 200_000 ? 4 : 7;
  if (population >= 500_000) return 5;
  if (population >= 150_000) return 6;
  if (population >= 50_000) return 7;
  if (population >= 20_000) return 9;
  if (population >= 10_000) return 10;
  return 11;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Axis-aligned boxes in screen space, bucketed in a coarse grid for quick overlap tests. */
export class CollisionGrid {
  private readonly cells = new Map<number, Box[]>();
  private readonly cell: number;

  constructor(cellPx = 64) {
    this.cell = cellPx;
  }

  private keys(b: Box): number[] {
    const out: number[] = [];
    const c = this.cell;
    for (let x = Math.floor(b.x0 / c); x <= Math.floor(b.x1 / c); x++)
      for (let y = Math.floor(b.y0 / c); y <= Math.floor(b.y1 / c); y++) out.push(x * 100_003 + y);
    return out;
  }

  collides(b: Box): boolean {
    for (const k of this.keys(b)) {
      for (const o of this.cells.get(k) ?? []) {
        if (b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) return true;
      }
    }
    return false;
  }

  add(b: Box): void {
    for (const k of this.keys(b)) {
      const list = this.cells.get(k);
      if (list) list.push(b);
      else this.cells.set(k, [b]);
    }
  }

  /** Adds the box unless it overlaps one already placed; true when placed. */
  place(b: Box): boolean {
    if (this.collides(b)) return false;
    this.add(b);
    return true;
  }
}
