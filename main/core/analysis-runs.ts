/**
 * From an analysis' raw result (main/core/analyses, plates in clear) to the
 * view the renderer gets: plates of bystanders replaced by an opaque vehicle
 * key and a masked display, every referenced read listed once, times as ISO
 * strings. Pure: the key secret and the target list are passed in.
 */
import { createHmac } from 'node:crypto';
import type {
  AnalysisDetail,
  AnalysisKind,
  AnalysisRun,
  AnalysisView,
  VehicleRef,
  ViewSighting,
} from '../../common/api/detective-contract.ts';
import { maskPlate, normalisePlate } from '../../common/plates.ts';
import type {
  ConvoyResult,
  FirstLastSeenResult,
  ImpossibleJourneysResult,
  LocateResult,
  MultiPlaceResult,
  PlateSearchResult,
  Sighting,
  StakeoutResult,
} from './analyses/index.ts';

/** Analyses whose other vehicles are bystanders: their plates stay masked until opened. */
export const MASKING_KINDS: ReadonlySet<AnalysisKind> = new Set([
  'stakeout',
  'multiPlace',
  'convoy',
]);

export interface Masker {
  isTarget(plate: string): boolean;
  /** The plate for a target, else `v:` and a keyed hash (stable within this workstation run). */
  keyOf(plate: string): string;
  displayOf(plate: string): string;
}

/**
 * Keys are an HMAC under a per-process secret, so the renderer can group a
 * bystander's reads without learning the plate, and cannot guess a plate by
 * hashing candidates itself.
 */
export function createMasker(secret: Buffer, targets: Iterable<string>): Masker {
  const set = new Set([...targets].map(normalisePlate));
  const isTarget = (plate: string) => set.has(plate);
  return {
    isTarget,
    keyOf: (plate) =>
      isTarget(plate)
        ? plate
        : `v:${createHmac('sha256', secret).update(plate).digest('base64url').slice(0, 16)}`,
    displayOf: (plate) => (isTarget(plate) ? plate : maskPlate(plate)),
  };
}

/** Masks nothing: for analyses whose every plate the officer named or searched for. */
export const CLEAR: Masker = {
  isTarget: () => true,
  keyOf: (plate) => plate,
  displayOf: (plate) => plate,
};

const iso = (ms: number) => new Date(ms).toISOString();

class Collector {
  readonly vehicles = new Map<string, VehicleRef>();
  readonly sightings = new Map<string, ViewSighting>();
  private readonly masker: Masker;

  constructor(masker: Masker) {
    this.masker = masker;
  }

  vehicle(plate: string, ref: string | null = null): string {
    const key = this.masker.keyOf(plate);
    const known = this.vehicles.get(key);
    if (!known) {
      this.vehicles.set(key, {
        vehicle: key,
        display: this.masker.displayOf(plate),
        masked: !this.masker.isTarget(plate),
        ref,
      });
    } else if (known.ref === null && ref !== null) known.ref = ref;
    return key;
  }

  sighting(s: Sighting): string {
    const vehicle = this.vehicle(s.plate, s.id);
    if (!this.sightings.has(s.id)) {
      this.sightings.set(s.id, {
        id: s.id,
        vehicle,
        capturedAt: iso(s.capturedAt),
        lat: s.lat,
        lon: s.lon,
        unitId: s.unitId,
        direction: s.direction,
        confidence: s.confidence,
      });
    }
    return s.id;
  }
}

/** Result rows that count as "found" for the audit entry and the run list. */
export function resultCount(kind: AnalysisKind, result: unknown): number {
  switch (kind) {
    case 'plateSearch':
      return (result as PlateSearchResult).rows.length;
    case 'stakeout':
      return (result as StakeoutResult).vehicles.length;
    case 'multiPlace':
      return (result as MultiPlaceResult).vehicles.length;
    case 'convoy':
      return (result as ConvoyResult).vehicles.length;
    case 'locate':
      return (result as LocateResult).summary.reads;
    case 'impossibleJourneys':
      return (result as ImpossibleJourneysResult).pairs.length;
    case 'firstLastSeen':
      return (result as FirstLastSeenResult).summary.seen;
  }
}

/** The view of a raw result. `masker` decides which plates stay hidden. */
export function analysisView(run: AnalysisRun, result: unknown, masker: Masker): AnalysisView {
  const c = new Collector(MASKING_KINDS.has(run.kind) ? masker : CLEAR);
  let detail: AnalysisDetail;
  switch (run.kind) {
    case 'plateSearch': {
      const r = result as PlateSearchResult;
      for (const row of r.rows) c.sighting(row);
      detail = {
        kind: 'plateSearch',
        plates: r.plates.map((p) => ({
          vehicle: c.vehicle(p.plate),
          distance: p.distance,
          count: p.count,
          firstAt: iso(p.firstAt),
          lastAt: iso(p.lastAt),
        })),
      };
      break;
    }
    case 'stakeout': {
      const r = result as StakeoutResult;
      detail = {
        kind: 'stakeout',
        rows: r.vehicles.map((v) => {
          for (const s of v.sightings) c.sighting(s);
          return {
            vehicle: c.vehicle(v.plate, v.sightings[0]?.id ?? null),
            bystander: v.bystander,
            count: v.count,
            firstAt: iso(v.firstAt),
            lastAt: iso(v.lastAt),
          };
        }),
      };
      break;
    }
    case 'multiPlace': {
      const r = result as MultiPlaceResult;
      detail = {
        kind: 'multiPlace',
        places: r.summary.places.map((p) => ({
          label: p.label,
          reads: p.reads,
          vehicles: p.vehicles,
        })),
        rows: r.vehicles.map((v) => {
          for (const place of v.places) for (const s of place.sightings) c.sighting(s);
          return {
            vehicle: c.vehicle(v.plate, v.places[0]?.sightings[0]?.id ?? null),
            bystander: v.bystander,
            places: v.places.map((p) => ({ firstAt: iso(p.firstAt), count: p.count })),
          };
        }),
      };
      break;
    }
    case 'convoy': {
      const r = result as ConvoyResult;
      const target = normalisePlate(String(run.params.plate ?? ''));
      detail = {
        kind: 'convoy',
        target: c.vehicle(target),
        rows: r.vehicles.map((v) => ({
          vehicle: c.vehicle(v.plate, v.shared[0]?.other.id ?? null),
          cameras: v.cameras,
          pairs: v.pairs,
          meanAbsDeltaS: v.meanAbsDeltaS,
          lookalikeOfTarget: v.lookalikeOfTarget,
          shared: v.shared.map((p) => ({
            target: c.sighting(p.target),
            other: c.sighting(p.other),
            unitId: p.target.unitId,
            deltaS: p.deltaS,
          })),
        })),
      };
      break;
    }
    case 'locate': {
      const r = result as LocateResult;
      detail = {
        kind: 'locate',
        vehicle: c.vehicle(r.plate),
        timeZone: r.timeZone,
        byHour: r.byHour,
        byWeekday: r.byWeekday,
        byWeekdayHour: r.byWeekdayHour,
        byCamera: r.byCamera.map((x) => ({
          ...x,
          firstAt: iso(x.firstAt),
          lastAt: iso(x.lastAt),
        })),
        topPlaces: r.topPlaces,
      };
      break;
    }
    case 'impossibleJourneys': {
      const r = result as ImpossibleJourneysResult;
      detail = {
        kind: 'impossibleJourneys',
        rows: r.pairs.map((p) => ({
          vehicle: c.vehicle(p.plate, p.from.id),
          from: c.sighting(p.from),
          to: c.sighting(p.to),
          distanceM: p.distanceM,
          seconds: p.seconds,
          speedKmh: p.speedKmh,
        })),
      };
      break;
    }
    case 'firstLastSeen': {
      const r = result as FirstLastSeenResult;
      detail = {
        kind: 'firstLastSeen',
        rows: r.rows.map((row) => ({
          vehicle: c.vehicle(row.plate, row.first?.id ?? null),
          count: row.count,
          first: row.first ? c.sighting(row.first) : null,
          last: row.last ? c.sighting(row.last) : null,
        })),
      };
      break;
    }
  }
  const sightings = [...c.sightings.values()].sort(
    (a, b) => a.capturedAt.localeCompare(b.capturedAt) || (a.id < b.id ? -1 : 1),
  );
  return { run, detail, vehicles: [...c.vehicles.values()], sightings };
}
