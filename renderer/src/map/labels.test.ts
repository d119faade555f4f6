import { describe, expect, it } from 'vitest';
import { clipSegment } from './clip.ts';
import { densityRadius } from './density.ts';
import { CollisionGrid, townMinZoom } from './labels.ts';
import { latFromWorldY, lonFromWorldX, worldX, worldY } from './mercator.ts';

describe('town labels', () => {
  it('names bigger places from lower zooms', () => {
    expect(townMinZoom(1_019_022, true)).toBeLessThan(townMinZoom(459_805, false)); // Brussels < Antwerp
    expect(townMinZoom(459_805, false)).toBeLessThan(townMinZoom(92_892, false)); // Antwerp < Leuven
    expect(townMinZoom(92_892, false)).toBeLessThan(townMinZoom(12_000, false));
    expect(townMinZoom(12_000, false)).toBeLessThanOrEqual(townMinZoom(5_000, false));
  });

  it('never lets two labels overlap', () => {
    const grid = new CollisionGrid(64);
    expect(grid.place({ x0: 0, y0: 0, x1: 100, y1: 14 })).toBe(true);
    expect(grid.place({ x0: 90, y0: 10, x1: 150, y1: 24 })).toBe(false);
    expect(grid.place({ x0: 100, y0: 0, x1: 150, y1: 14 })).toBe(true); // touching is fine
    expect(grid.place({ x0: -300, y0: 200, x1: -200, y1: 214 })).toBe(true);
    expect(grid.collides({ x0: -250, y0: 205, x1: -240, y1: 210 })).toBe(true);
  });
});

describe('proportional circles', () => {
  it('scales area, not radius, with the count', () => {
    const r1 = densityRadius(25, 100);
    const r2 = densityRadius(100, 100);
    expect((r2 / r1) ** 2).toBeCloseTo(4, 6);
    expect(densityRadius(100, 100, 30)).toBe(30);
    expect(densityRadius(1, 1_000_000)).toBe(3); // still visible
    expect(densityRadius(0, 10)).toBe(0);
  });
});

describe('segment clipping', () => {
  it('keeps the visible part of a segment crossing the canvas', () => {
    expect(clipSegment(-100, 50, 300, 50, 0, 0, 200, 100)).toEqual([0.25, 0.75]);
    expect(clipSegment(10, 10, 20, 20, 0, 0, 200, 100)).toEqual([0, 1]);
  });
  it('drops a segment that misses the canvas', () => {
    expect(clipSegment(-100, -50, 300, -10, 0, 0, 200, 100)).toBeNull();
    expect(clipSegment(250, 0, 250, 100, 0, 0, 200, 100)).toBeNull();
  });
});

describe('mercator', () => {
  it('round-trips Belgian coordinates', () => {
    expect(latFromWorldY(worldY(50.8467))).toBeCloseTo(50.8467, 9);
    expect(lonFromWorldX(worldX(4.3525))).toBeCloseTo(4.3525, 9);
    expect(worldX(0)).toBe(0.5);
    expect(worldY(0)).toBeCloseTo(0.5, 12);
  });
});
