import type { Read } from './read.ts';

/**
 * The columns of a read that the platform's `reads` table and a case
 * store's share, with the same names and encoding (times in epoch ms UTC,
 * lists and vehicle as JSON text, booleans as 0/1). One mapping to a `Read`
 * for both, so the two stores cannot drift apart in how they decode a read.
 */
export interface ReadColumns {
  id: string;
  plate: string;
  plate_raw: string;
  plate_key: string;
  country: string | null;
  captured_at: number;
  lat: number;
  lon: number;
  heading: number | null;
  unit_speed: number | null;
  unit_id: string;
  unit_type: Read['unitType'];
  lane: number | null;
  direction: string | null;
  operator: Read['operator'];
  source: string;
  confidence: number;
  alternatives: string;
  vehicle: string | null;
  images: string;
  hit: number;
  hit_category: number | null;
  /** The hotlist of the hit (#14); absent in stores made before it. */
  hit_list_id?: string | null;
}

export function readFromColumns(r: ReadColumns): Read {
  return {
    id: r.id,
    plateRaw: r.plate_raw,
    plate: r.plate,
    country: r.country,
    capturedAt: new Date(r.captured_at).toISOString(),
    lat: r.lat,
    lon: r.lon,
    heading: r.heading,
    unitSpeedKmh: r.unit_speed,
    unitId: r.unit_id,
    unitType: r.unit_type,
    lane: r.lane,
    direction: r.direction,
    operator: r.operator,
    source: r.source,
    confidence: r.confidence,
    alternatives: JSON.parse(r.alternatives) as Read['alternatives'],
    vehicle: r.vehicle === null ? null : (JSON.parse(r.vehicle) as Read['vehicle']),
    images: JSON.parse(r.images) as string[],
    hit: r.hit === 1,
    hitCategory: r.hit_category,
    // Only when known: reads without one stay exactly as they were on the wire.
    ...(r.hit_list_id ? { hitListId: r.hit_list_id } : {}),
  };
}
