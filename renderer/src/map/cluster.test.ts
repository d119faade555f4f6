import { describe, expect, it } from 'vitest';
import { clusterPoints } from './cluster.ts';
import { projectAll, worldSize } from './mercator.ts';

/** World coordinates of points given in screen pixels at `zoom`. */
const px = (zoom: number, ...points: Array<[number, number]>) => {
  const s = worldSize(zoom);
  return Float64Array.from(points.flatMap(([x, y]) => [x / s, y / s]));
};

describe('clusterPoints', () => {
  it('puts every camera in exactly one cluster', () => {
    const cams = Array.from({ length: 500 }, (_, i) => ({
      lat: 50 + (i % 23) * 0.013,
      lon: 4 + (i % 31) * 0.021,
    }));
    for (const zoom of [5, 8, 11, 14]) {
      const clusters = clusterPoints(projectAll(cams), { zoom });
      const members = clusters.flatMap((c) => c.members).sort((a, b) => a - b);
      expect(members).toEqual(cams.map((_, i) => i));
    }
  });

  it('groups cameras that share a grid cell and keeps distant ones apart', () => {
    const clusters = clusterPoints(px(10, [10, 10], [20, 30], [500, 500]), {
      zoom: 10,
      cellPx: 56,
    });
    expect(clusters.map((c) => c.members)).toEqual([[0, 1], [2]]);
    expect(clusters[0]).toMatchObject({ x: 15, y: 20 });
  });

  it('merges a tight group split by a cell edge instead of showing two discs side by side', () => {
    // 55 and 57 fall into neighbouring 56-px cells, 2 px apart on screen.
    const clusters = clusterPoints(px(12, [55, 10], [57, 10], [57, 12]), { zoom: 12, cellPx: 56 });
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.members).toEqual([0, 1, 2]);
  });

  it('does not merge neighbouring cells whose groups are far apart', () => {
    const clusters = clusterPoints(px(12, [2, 10], [110, 10]), { zoom: 12, cellPx: 56 });
    expect(clusters).toHaveLength(2);
  });

  it('splits up as the officer zooms in', () => {
    const cams = [
      { lat: 50.85, lon: 4.35 },
      { lat: 50.851, lon: 4.352 },
      { lat: 50.9, lon: 4.45 },
    ];
    const world = projectAll(cams);
    expect(clusterPoints(world, { zoom: 7 })).toHaveLength(1);
    expect(clusterPoints(world, { zoom: 12 })).toHaveLength(2);
    expect(clusterPoints(world, { zoom: 18 })).toHaveLength(3);
  });

  it('is deterministic', () => {
    const cams = Array.from({ length: 200 }, (_, i) => ({
      lat: 50 + Math.sin(i) * 0.5,
      lon: 4 + Math.cos(i * 1.3),
    }));
    const world = projectAll(cams);
    expect(clusterPoints(world, { zoom: 9 })).toEqual(clusterPoints(world, { zoom: 9 }));
  });
});
