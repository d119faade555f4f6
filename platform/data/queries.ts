import { z } from 'zod';
import { Purpose } from '../../common/case.ts';
import { Area, haversineMeters } from '../../common/geo.ts';
import { normalisePlate, normaliseWildcard } from '../../common/plates.ts';
import {
  consultationDecision,
  maxExtendedAccessStart,
  normalWindowStart,
  type PolicyPack,
} from '../../common/policy.ts';
import { Timestamp, type Read } from '../../common/read.ts';
import type { Db } from '../store/sqlite.ts';
import { parseInput } from './actor.ts';
import {
  approvalCovers,
  authoriseQuery,
  GateTally,
  legalGate,
  loadApprovals,
  type ExtendedAccessUse,
  type QueryContext,
  type Withheld,
} from './access.ts';
import { DataError } from './errors.ts';
import { fetchReads, type Candidate } from './rows.ts';
import { scanScope, type PlateCriterion, type ReadScope } from './scope.ts';
import { toMs } from './sql.ts';

/**
 * Consultation queries: plate history (exact, wildcard, OCR-fuzzy) and area
 * ("stakeout"), each behind the case checks and the per-read legal gate, and
 * the count-only estimate a prosecutor sees for an extended-access request.
 */

/** Size limits of a single query (design choices against fishing expeditions, not law). */
export interface DataLimits {
  /** Longest time window of an area query. */
  maxAreaSpanMs: number;
  maxRadiusM: number;
  /** Largest bounding box of a polygon, km². */
  maxPolygonKm2: number;
  maxCameras: number;
  /** Reads a query may find before it must be narrowed (counted before the gate). */
  maxCandidates: number;
  maxPageSize: number;
  /** Literal (non-wildcard) characters a wildcard pattern must keep. */
  minWildcardLiterals: number;
  maxSubstitutions: number;
  maxPullPlates: number;
  /** Reads a pull may cover. */
  maxPullReads: number;
}

export const DEFAULT_LIMITS: DataLimits = {
  maxAreaSpanMs: 31 * 86_400_000,
  maxRadiusM: 5_000,
  maxPolygonKm2: 100,
  maxCameras: 50,
  maxCandidates: 200_000,
  maxPageSize: 1_000,
  minWildcardLiterals: 3,
  maxSubstitutions: 2,
  maxPullPlates: 50,
  maxPullReads: 2_000_000,
};

export interface QueryResult {
  reads: Read[];
  /** Visible reads in scope (all pages). */
  total: number;
  offset: number;
  limit: number;
  withheld: Withheld;
  extendedAccess: ExtendedAccessUse;
}

// ---------------------------------------------------------------------------
// Parameter checks shared with pulls
// ---------------------------------------------------------------------------

export function timeRange(
  from: string | undefined,
  to: string | undefined,
): { from: number | null; to: number | null } {
  const f = from === undefined ? null : toMs(from);
  const t = to === undefined ? null : toMs(to);
  if (f !== null && t !== null && t < f)
    throw new DataError('invalid', '"to" must not be before "from".');
  return { from: f, to: t };
}

export function checkArea(area: Area, limits: DataLimits): void {
  switch (area.kind) {
    case 'circle':
      if (area.radiusM > limits.maxRadiusM) {
        throw new DataError(
          'too-large',
          `The radius may be at most ${limits.maxRadiusM / 1000} km (asked: ${(area.radiusM / 1000).toFixed(1)} km).`,
        );
      }
      return;
    case 'polygon': {
      const lats = area.points.map((p) => p.lat);
      const lons = area.points.map((p) => p.lon);
      const minLat = Math.min(...lats);
      const maxLat = Math.max(...lats);
      const midLat = (minLat + maxLat) / 2;
      const heightM = haversineMeters({ lat: minLat, lon: 0 }, { lat: maxLat, lon: 0 });
      const widthM = haversineMeters(
        { lat: midLat, lon: Math.min(...lons) },
        { lat: midLat, lon: Math.max(...lons) },
      );
      const km2 = (heightM * widthM) / 1e6;
      if (km2 > limits.maxPolygonKm2) {
        throw new DataError(
          'too-large',
          `The area's bounding box may be at most ${limits.maxPolygonKm2} km² (drawn: ${km2.toFixed(0)} km²).`,
        );
      }
      return;
    }
    case 'cameras':
      if (area.cameraIds.length > limits.maxCameras) {
        throw new DataError(
          'too-large',
          `At most ${limits.maxCameras} cameras per query (asked: ${area.cameraIds.length}).`,
        );
      }
  }
}

export function checkAreaSpan(from: number, to: number, limits: DataLimits): void {
  if (to - from > limits.maxAreaSpanMs) {
    const days = Math.round(limits.maxAreaSpanMs / 86_400_000);
    throw new DataError(
      'too-large',
      `An area query may cover at most ${days} days; narrow the time window.`,
    );
  }
}

/** Plate text from the search box: `?`/`*` make it a wildcard pattern. */
export function plateCriterion(text: string, limits: DataLimits): PlateCriterion {
  if (!/[?*]/.test(text)) return { kind: 'exact', plate: text };
  const literals = normaliseWildcard(text).replace(/[?*]/g, '').length;
  if (literals < limits.minWildcardLiterals) {
    throw new DataError(
      'too-large',
      `A wildcard pattern must keep at least ${limits.minWildcardLiterals} known characters.`,
    );
  }
  return { kind: 'wildcard', pattern: text };
}

export function collectCandidates(db: Db, scope: ReadScope, max: number): Candidate[] {
  const out: Candidate[] = [];
  for (const c of scanScope(db, scope)) {
    out.push(c);
    if (out.length > max) {
      throw new DataError(
        'too-large',
        `The query finds more than ${max.toLocaleString('en')} reads; narrow the period, area or pattern.`,
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------

export const PlateHistoryParams = z.object({
  plate: z.string().trim().min(1).max(64),
  match: z.enum(['exact', 'wildcard', 'fuzzy']).default('exact'),
  /** Look-alike substitutions a fuzzy match may make (0/O, 1/I, 8/B ...). */
  maxSubstitutions: z.number().int().min(1).max(6).default(1),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  limit: z.number().int().min(1).max(10_000).default(100),
  offset: z.number().int().min(0).default(0),
});
export type PlateHistoryParams = z.input<typeof PlateHistoryParams>;

export function plateHistory(
  db: Db,
  pack: PolicyPack,
  q: QueryContext,
  params: PlateHistoryParams,
  limits: DataLimits = DEFAULT_LIMITS,
): QueryResult {
  const c = authoriseQuery(db, q, pack);
  const p = parseInput(PlateHistoryParams, params, 'plate-history parameters');
  const range = timeRange(p.from, p.to);
  checkPage(p.limit, limits);
  let criterion: PlateCriterion;
  if (p.match === 'exact') criterion = { kind: 'exact', plate: p.plate };
  else if (p.match === 'wildcard') {
    criterion = plateCriterion(
      p.plate.includes('?') || p.plate.includes('*') ? p.plate : p.plate + '*',
      limits,
    );
  } else {
    if (p.maxSubstitutions > limits.maxSubstitutions) {
      throw new DataError(
        'too-large',
        `A fuzzy search may allow at most ${limits.maxSubstitutions} look-alike substitutions.`,
      );
    }
    criterion = { kind: 'fuzzy', plate: p.plate, maxSubstitutions: p.maxSubstitutions };
  }
  const candidates = collectCandidates(
    db,
    { plates: [criterion], from: range.from, to: range.to },
    limits.maxCandidates,
  );
  return gateAndPage(db, pack, q, c.id, candidates, 'desc', p.offset, p.limit);
}

export const AreaQueryParams = z.object({
  area: Area,
  from: Timestamp,
  to: Timestamp,
  limit: z.number().int().min(1).max(10_000).default(500),
  offset: z.number().int().min(0).default(0),
});
export type AreaQueryParams = z.input<typeof AreaQueryParams>;

/** "Which vehicles passed here then": reads whose own position lies in the area (or of the listed cameras). */
export function areaQuery(
  db: Db,
  pack: PolicyPack,
  q: QueryContext,
  params: AreaQueryParams,
  limits: DataLimits = DEFAULT_LIMITS,
): QueryResult {
  const c = authoriseQuery(db, q, pack);
  const p = parseInput(AreaQueryParams, params, 'area-query parameters');
  const range = timeRange(p.from, p.to);
  checkPage(p.limit, limits);
  checkArea(p.area, limits);
  checkAreaSpan(range.from!, range.to!, limits);
  const candidates = collectCandidates(
    db,
    { area: p.area, from: range.from, to: range.to },
    limits.maxCandidates,
  );
  return gateAndPage(db, pack, q, c.id, candidates, 'asc', p.offset, p.limit);
}

function checkPage(limit: number, limits: DataLimits): void {
  if (limit > limits.maxPageSize)
    throw new DataError('too-large', `At most ${limits.maxPageSize} reads per page.`);
}

function gateAndPage(
  db: Db,
  pack: PolicyPack,
  q: QueryContext,
  caseId: string,
  candidates: Candidate[],
  order: 'asc' | 'desc',
  offset: number,
  limit: number,
): QueryResult {
  const gate = legalGate(pack, q.now, q.purpose, loadApprovals(db, caseId));
  const tally = new GateTally();
  const visible: Candidate[] = [];
  for (const c of candidates) {
    const v = gate.judge(c);
    tally.add(v);
    if (v.visible) visible.push(c);
  }
  const sign = order === 'asc' ? 1 : -1;
  visible.sort(
    (a, b) => sign * (a.captured_at - b.captured_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
  const page = visible.slice(offset, offset + limit);
  return {
    reads: fetchReads(
      db,
      page.map((c) => c.rid),
    ),
    total: visible.length,
    offset,
    limit,
    withheld: tally.withheld(pack, gate, q.purpose),
    extendedAccess: tally.extendedAccess(),
  };
}

// ---------------------------------------------------------------------------
// Extended-access estimate
// ---------------------------------------------------------------------------

export const UnlockScope = z
  .object({
    purpose: Purpose.default('judicial'),
    plates: z.array(z.string().min(1).max(64)).max(1000).default([]),
    area: Area.nullable().default(null),
    periodFrom: Timestamp,
    periodTo: Timestamp,
  })
  .refine((s) => s.plates.length > 0 || s.area !== null, { message: 'give plates or an area' });
export type UnlockScope = z.input<typeof UnlockScope>;

export interface UnlockEstimate {
  /** Reads the scope would make visible that the normal window does not already show. */
  count: number;
  /** Capture times before this need the approval (normal window start at `now`). */
  normalWindowStart: string;
  /** The furthest back an approval can reach at `now`. */
  maxLookbackStart: string;
}

/**
 * How many reads an extended-access request (or a narrowed version of it)
 * would unlock, as a count only: the prosecutor decides on the size of the
 * intrusion without seeing the reads.
 */
export function estimateUnlock(
  db: Db,
  pack: PolicyPack,
  scope: UnlockScope,
  now: Date,
): UnlockEstimate {
  const s = parseInput(UnlockScope, scope, 'extended-access scope');
  const from = toMs(s.periodFrom);
  const to = toMs(s.periodTo);
  const plates = s.plates.map(normalisePlate);
  const approval = {
    plates: plates.length > 0 ? new Set(plates) : null,
    area: s.area,
    periodFrom: new Date(from),
    periodTo: new Date(to),
    // Judged as if granted now and valid: the estimate is about scope, not expiry.
    expiresAt: new Date(now.getTime() + 1),
  };
  const nowMs = now.getTime();
  let count = 0;
  const readScope: ReadScope =
    plates.length > 0
      ? { plates: plates.map((plate) => ({ kind: 'exact' as const, plate })), from, to }
      : { area: s.area, from, to };
  for (const c of scanScope(db, readScope)) {
    if (c.retention_until < nowMs || !approvalCovers(approval, c)) continue;
    const d = consultationDecision(pack, {
      now,
      purpose: s.purpose,
      capturedAt: new Date(c.captured_at),
      approval,
    });
    if (d.allowed && d.basis === 'extended-access') count++;
  }
  return {
    count,
    normalWindowStart: normalWindowStart(pack, now, s.purpose).toISOString(),
    maxLookbackStart: maxExtendedAccessStart(pack, now).toISOString(),
  };
}
