import { describe, expect, it } from 'vitest';
import {
  Area,
  areaBoundingBox,
  bearingDegrees,
  boundingBox,
  haversineMeters,
  pointInArea,
  pointInCircle,
  pointInPolygon,
  requiredSpeedKmh,
} from './geo.ts';

const brusselsGrandPlace = { lat: 50.8467, lon: 4.3525 };
const antwerpCentral = { lat: 51.2172, lon: 4.4211 };

describe('distances and bearings', () => {
  it('measures Brussels to Antwerp at about 41.6 km', () => {
    const d = haversineMeters(brusselsGrandPlace, antwerpCentral);
    expect(d).toBeGreaterThan(41_000);
    expect(d).toBeLessThan(42_000);
    expect(haversineMeters(brusselsGrandPlace, brusselsGrandPlace)).toBe(0);
  });

  it('gives compass bearings', () => {
    expect(bearingDegrees({ lat: 50, lon: 4 }, { lat: 51, lon: 4 })).toBeCloseTo(0, 6);
    expect(bearingDegrees({ lat: 0, lon: 4 }, { lat: 0, lon: 5 })).toBeCloseTo(90, 6);
    expect(bearingDegrees({ lat: 51, lon: 4 }, { lat: 50, lon: 4 })).toBeCloseTo(180, 6);
    expect(bearingDegrees({ lat: 0, lon: 5 }, { lat: 0, lon: 4 })).toBeCloseTo(270, 6);
  });
});

describe('containment', () => {
  it('tests circles by great-circle distance', () => {
    const c = { ...brusselsGrandPlace, radiusM: 500 };
    expect(pointInCircle({ lat: 50.8467, lon: 4.357 }, c)).toBe(true); // ~310 m east
    expect(pointInCircle({ lat: 50.8467, lon: 4.362 }, c)).toBe(false); // ~670 m east
  });

  it('tests polygons, open or closed, including concave ones', () => {
    // A "U" shape: the notch at the top middle is outside.
    const u = [
      { lat: 0, lon: 0 },
      { lat: 0, lon: 3 },
      { lat: 3, lon: 3 },
      { lat: 3, lon: 2 },
      { lat: 1, lon: 2 },
      { lat: 1, lon: 1 },
      { lat: 3, lon: 1 },
      { lat: 3, lon: 0 },
    ];
    expect(pointInPolygon({ lat: 0.5, lon: 1.5 }, u)).toBe(true);
    expect(pointInPolygon({ lat: 2, lon: 1.5 }, u)).toBe(false);
    expect(pointInPolygon({ lat: 2, lon: 0.5 }, u)).toBe(true);
    expect(pointInPolygon({ lat: 2, lon: 0.5 }, [...u, u[0]!])).toBe(true);
    expect(pointInPolygon({ lat: 5, lon: 5 }, u)).toBe(false);
  });

  it('decides camera-set areas by camera id', () => {
    const area = Area.parse({ kind: 'cameras', cameraIds: ['BXL-001'] });
    expect(pointInArea({ lat: 0, lon: 0, unitId: 'BXL-001' }, area)).toBe(true);
    expect(pointInArea({ lat: 0, lon: 0, unitId: 'BXL-002' }, area)).toBe(false);
  });
});

describe('boxes', () => {
  it('bounds points, null for none', () => {
    expect(boundingBox([])).toBeNull();
    expect(boundingBox([brusselsGrandPlace, antwerpCentral])).toEqual({
      minLat: 50.8467,
      minLon: 4.3525,
      maxLat: 51.2172,
      maxLon: 4.4211,
    });
  });

  it('bounds a circle so that every point in it falls in the box', () => {
    const circle = Area.parse({ kind: 'circle', ...brusselsGrandPlace, radiusM: 1000 });
    const box = areaBoundingBox(circle)!;
    for (let deg = 0; deg < 360; deg += 15) {
      const rad = (deg * Math.PI) / 180;
      const p = { lat: 50.8467 + 0.00898 * Math.cos(rad), lon: 4.3525 + 0.01418 * Math.sin(rad) };
      if (!pointInArea(p, circle)) continue;
      expect(p.lat).toBeGreaterThanOrEqual(box.minLat);
      expect(p.lat).toBeLessThanOrEqual(box.maxLat);
      expect(p.lon).toBeGreaterThanOrEqual(box.minLon);
      expect(p.lon).toBeLessThanOrEqual(box.maxLon);
    }
  });
});

describe('requiredSpeedKmh', () => {
  it('computes the speed needed between two sightings', () => {
    const a = { ...brusselsGrandPlace, at: new Date('2026-03-01T10:00:00Z') };
    const b = { ...antwerpCentral, at: new Date('2026-03-01T10:30:00Z') };
    expect(requiredSpeedKmh(a, b)).toBeCloseTo((haversineMeters(a, b) / 1800) * 3.6, 6);
    expect(requiredSpeedKmh(b, a)).toBe(requiredSpeedKmh(a, b));
  });

  it('is Infinity for two places at the same instant, 0 for the same place', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    expect(requiredSpeedKmh({ ...brusselsGrandPlace, at }, { ...antwerpCentral, at })).toBe(
      Infinity,
    );
    expect(requiredSpeedKmh({ ...brusselsGrandPlace, at }, { ...brusselsGrandPlace, at })).toBe(0);
  });
});

describe('Area schema', () => {
  it('accepts the three kinds and rejects bad shapes', () => {
    expect(Area.safeParse({ kind: 'circle', lat: 50, lon: 4, radiusM: 300 }).success).toBe(true);
    expect(Area.safeParse({ kind: 'circle', lat: 91, lon: 4, radiusM: 300 }).success).toBe(false);
    expect(Area.safeParse({ kind: 'circle', lat: 50, lon: 4, radiusM: 0 }).success).toBe(false);
    const tri = [
      { lat: 0, lon: 0 },
      { lat: 0, lon: 1 },
      { lat: 1, lon: 0 },
    ];
    expect(Area.safeParse({ kind: 'polygon', points: tri }).success).toBe(true);
    expect(Area.safeParse({ kind: 'polygon', points: tri.slice(0, 2) }).success).toBe(false);
    const many = Array.from({ length: 501 }, (_, i) => ({ lat: 0, lon: i / 1000 }));
    expect(Area.safeParse({ kind: 'polygon', points: many }).success).toBe(false);
    expect(Area.safeParse({ kind: 'cameras', cameraIds: [] }).success).toBe(false);
    expect(Area.safeParse({ kind: 'square' }).success).toBe(false);
  });
});
