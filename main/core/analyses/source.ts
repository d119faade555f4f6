/**
 * The read access paths the route analyses need, as a small synchronous
 * interface. Analyses run next to the case store (inside the storage worker),
 * so every method is synchronous and each one maps onto one index of the case
 * store's `reads` table:
 *
 *   (plate, captured_at)     byPlate, byPlateLike, plateStats, scanByPlate
 *   (plate_key, captured_at) byPlateKey
 *   (unit_id, captured_at)   atUnits, units
 *   (captured_at)            inBox
 *
 * Two implementations give identical answers (tested with the same cases):
 * sqlite-source.ts over the encrypted case store and memory-source.ts.
 *
 * Orders are total, so results never depend on insertion order: time-ordered
 * methods sort by (capturedAt, id), plate-ordered ones by (plate, capturedAt, id),
 * strings compared by code unit (= SQLite BINARY for the plate alphabet).
 */
import type { BoundingBox } from '../../../common/geo.ts';

/** A read reduced to what the analyses and their result rows need. */
export interface SourceRead {
  id: string;
  /** Normalised plate (common/plates.ts), or an opaque pseudonym as stored. */
  plate: string;
  /** Epoch milliseconds, UTC. */
  capturedAt: number;
  lat: number;
  lon: number;
  unitId: string;
  direction: string | null;
  confidence: number;
  /** Other OCR candidates; only filled by the plate lookups (byPlate, byPlateLike, byPlateKey). */
  alternatives?: Array<{ plate: string; confidence: number }>;
}

/** Inclusive bounds in epoch milliseconds; a missing bound is open. */
export interface TimeRange {
  from?: number;
  to?: number;
}

export interface PlateStats {
  count: number;
  first: SourceRead;
  last: SourceRead;
}

export interface UnitInfo {
  unitId: string;
  unitType: string;
  /** Position of the unit's earliest read (a fixed camera's site; a mobile unit's first position). */
  lat: number;
  lon: number;
  direction: string | null;
}

export interface AnalysisSource {
  /** Reads of one normalised plate, by (capturedAt, id). */
  byPlate(plate: string, range?: TimeRange): SourceRead[];
  /**
   * Reads whose plate matches an SQL LIKE pattern (ASCII case-insensitive, as
   * SQLite's LIKE), by (plate, capturedAt, id), at most `limit`.
   */
  byPlateLike(like: string, escape: string, range?: TimeRange, limit?: number): SourceRead[];
  /** Reads whose look-alike key equals `key`, by (plate, capturedAt, id). */
  byPlateKey(key: string, range?: TimeRange): SourceRead[];
  /** Count, first and last read of one plate; null when it has none in the range. */
  plateStats(plate: string, range?: TimeRange): PlateStats | null;
  /** Reads of the given units in [from, to] (that `accept`, when given), by (capturedAt, id), at most `limit`. */
  atUnits(
    unitIds: readonly string[],
    from: number,
    to: number,
    limit?: number,
    accept?: (read: SourceRead) => boolean,
  ): SourceRead[];
  /**
   * Reads whose own position lies in the box (and that `accept`, when given),
   * in [from, to], by (capturedAt, id), at most `limit`. `accept` is applied
   * while reading, so an exact shape inside the box does not cost memory for
   * the reads it rejects, and `limit` counts accepted reads.
   */
  inBox(
    box: BoundingBox,
    from: number,
    to: number,
    limit?: number,
    accept?: (read: SourceRead) => boolean,
  ): SourceRead[];
  /**
   * Every read in the range, by (plate, capturedAt, id), streamed: memory stays
   * bounded whatever the size of the case. Consume it fully or break out of the loop.
   */
  scanByPlate(range?: TimeRange): Iterable<SourceRead>;
  /** Distinct units of the case, by unitId. */
  units(): UnitInfo[];
}

export function compareByTime(a: SourceRead, b: SourceRead): number {
  return a.capturedAt - b.capturedAt || compareStrings(a.id, b.id);
}

export function compareByPlate(a: SourceRead, b: SourceRead): number {
  return compareStrings(a.plate, b.plate) || compareByTime(a, b);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
