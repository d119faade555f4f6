/**
 * AnalysisSource over an array of reads: the reference the SQLite source is
 * tested against, and a convenient source for small in-memory data. Linear
 * scans; not meant for large cases.
 */
import { type BoundingBox } from '../../../common/geo.ts';
import { lookalikeKey } from '../../../common/plates.ts';
import {
  compareByPlate,
  compareByTime,
  compareStrings,
  type AnalysisSource,
  type SourceRead,
  type TimeRange,
  type UnitInfo,
} from './source.ts';

export interface MemoryRead extends SourceRead {
  /** Defaults to lookalikeKey(plate), as the case store computes it. */
  plateKey?: string;
  /** Defaults to 'fixed'. */
  unitType?: string;
}

export function memorySource(rows: readonly MemoryRead[]): AnalysisSource {
  const byPlateOrder = [...rows].sort(compareByPlate);
  const byTimeOrder = [...rows].sort(compareByTime);
  const keyOf = (r: MemoryRead) => r.plateKey ?? lookalikeKey(r.plate);

  const inRange = (r: SourceRead, range: TimeRange | undefined) =>
    (range?.from === undefined || r.capturedAt >= range.from) &&
    (range?.to === undefined || r.capturedAt <= range.to);

  const withAlternatives = (r: MemoryRead): SourceRead => ({
    ...compact(r),
    alternatives: r.alternatives ?? [],
  });

  return {
    byPlate(plate, range) {
      return byTimeOrder
        .filter((r) => r.plate === plate && inRange(r, range))
        .map(withAlternatives);
    },
    byPlateLike(like, escape, range, limit = Infinity) {
      const matches = likeMatcher(like, escape);
      return byPlateOrder
        .filter((r) => matches(r.plate) && inRange(r, range))
        .slice(0, limit)
        .map(withAlternatives);
    },
    byPlateKey(key, range) {
      return byPlateOrder
        .filter((r) => keyOf(r) === key && inRange(r, range))
        .map(withAlternatives);
    },
    plateStats(plate, range) {
      const reads = byTimeOrder.filter((r) => r.plate === plate && inRange(r, range));
      if (reads.length === 0) return null;
      return { count: reads.length, first: compact(reads[0]!), last: compact(reads.at(-1)!) };
    },
    atUnits(unitIds, from, to, limit = Infinity, accept) {
      const units = new Set(unitIds);
      return byTimeOrder
        .filter((r) => units.has(r.unitId) && r.capturedAt >= from && r.capturedAt <= to)
        .map(compact)
        .filter((r) => accept === undefined || accept(r))
        .slice(0, limit);
    },
    inBox(box: BoundingBox, from, to, limit = Infinity, accept) {
      return byTimeOrder
        .filter(
          (r) =>
            r.capturedAt >= from &&
            r.capturedAt <= to &&
            r.lat >= box.minLat &&
            r.lat <= box.maxLat &&
            r.lon >= box.minLon &&
            r.lon <= box.maxLon,
        )
        .map(compact)
        .filter((r) => accept === undefined || accept(r))
        .slice(0, limit);
    },
    *scanByPlate(range) {
      for (const r of byPlateOrder) if (inRange(r, range)) yield compact(r);
    },
    units() {
      const first = new Map<string, MemoryRead>();
      for (const r of byTimeOrder) if (!first.has(r.unitId)) first.set(r.unitId, r);
      return [...first.values()]
        .map((r): UnitInfo => ({
          unitId: r.unitId,
          unitType: r.unitType ?? 'fixed',
          lat: r.lat,
          lon: r.lon,
          direction: r.direction,
        }))
        .sort((a, b) => compareStrings(a.unitId, b.unitId));
    },
  };
}

/** The SQLite source's row shape: no alternatives, no extra fields. */
function compact(r: MemoryRead): SourceRead {
  return {
    id: r.id,
    plate: r.plate,
    capturedAt: r.capturedAt,
    lat: r.lat,
    lon: r.lon,
    unitId: r.unitId,
    direction: r.direction,
    confidence: r.confidence,
  };
}

/** SQLite's LIKE: `%` any run, `_` one character, ASCII letters case-insensitive only. */
export function likeMatcher(like: string, escape: string): (value: string) => boolean {
  let source = '^';
  for (let i = 0; i < like.length; i++) {
    let c = like[i]!;
    if (c === escape && i + 1 < like.length) c = like[++i]!;
    else if (c === '%') {
      source += '[^]*';
      continue;
    } else if (c === '_') {
      source += '.';
      continue;
    }
    source += asciiUpper(c).replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  const re = new RegExp(source + '$', 'su');
  return (value) => re.test(asciiUpper(value));
}

function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}
