/**
 * Impossible journeys: consecutive sightings of one plate that no car could
 * connect (required average speed above a threshold): the classic sign of a
 * cloned or false plate, or of an OCR misread. Over one plate, or over the
 * whole case by streaming the reads in (plate, capturedAt) order: memory holds
 * one previous read and the best `limit` pairs, whatever the size of the case.
 */
import { z } from 'zod';
import { haversineMeters } from '../../../common/geo.ts';
import { normalisePlate } from '../../../common/plates.ts';
import { checkRange, OptionalRange, PlateInput, Sighting, toRange, toSighting } from './schemas.ts';
import { compareStrings, type AnalysisSource, type SourceRead } from './source.ts';

export const ImpossibleJourneysParams = z
  .object({
    /** One plate; absent: the whole case. */
    plate: PlateInput.optional(),
    ...OptionalRange,
    maxSpeedKmh: z.number().min(30).max(5000).default(250),
    /** Pairs closer than this are ignored: neighbouring cameras, position noise. */
    minDistanceM: z.number().min(0).max(100_000).default(2000),
    /** Two reads by the same unit this close in time are one passage (two lanes, a re-read). */
    sameSiteSeconds: z.number().min(0).max(600).default(10),
    /**
     * Added to every time difference before computing the speed, to absorb
     * camera clocks that are not synchronised. 0 = trust the clocks.
     */
    clockToleranceSeconds: z.number().min(0).max(600).default(0),
    /** Most pairs returned (the fastest). */
    limit: z.number().int().min(1).max(10_000).default(1000),
  })
  .superRefine(checkRange());
export type ImpossibleJourneysParams = z.input<typeof ImpossibleJourneysParams>;

export const ImpossibleJourney = z.object({
  plate: z.string(),
  from: Sighting,
  to: Sighting,
  distanceM: z.number().min(0),
  /** Time between the two reads (0: simultaneous). */
  seconds: z.number().min(0),
  /** Over max(seconds + tolerance, 1 s), so simultaneous reads stay finite. */
  speedKmh: z.number().min(0),
});
export type ImpossibleJourney = z.infer<typeof ImpossibleJourney>;

export const ImpossibleJourneysResult = z.object({
  /** Fastest first. */
  pairs: z.array(ImpossibleJourney),
  summary: z.object({
    readsScanned: z.number().int(),
    platesScanned: z.number().int(),
    pairsFound: z.number().int(),
    platesFlagged: z.number().int(),
    /** More pairs than `limit`: only the fastest are listed. */
    truncated: z.boolean(),
    maxSpeedKmh: z.number(),
  }),
});
export type ImpossibleJourneysResult = z.infer<typeof ImpossibleJourneysResult>;

export function impossibleJourneys(
  source: AnalysisSource,
  input: ImpossibleJourneysParams,
): ImpossibleJourneysResult {
  const p = ImpossibleJourneysParams.parse(input);
  const range = toRange(p);
  const reads: Iterable<SourceRead> =
    p.plate === undefined
      ? source.scanByPlate(range)
      : source.byPlate(normalisePlate(p.plate), range);
  const sameSiteMs = p.sameSiteSeconds * 1000;
  const toleranceS = p.clockToleranceSeconds;
  const best = new TopK(p.limit);

  let readsScanned = 0;
  let platesScanned = 0;
  let pairsFound = 0;
  let platesFlagged = 0;
  let prev: SourceRead | null = null;
  let flagged = false;
  for (const r of reads) {
    readsScanned++;
    if (prev === null || prev.plate !== r.plate) {
      platesScanned++;
      prev = r;
      flagged = false;
      continue;
    }
    const ms = r.capturedAt - prev.capturedAt;
    if (!(r.unitId === prev.unitId && ms <= sameSiteMs)) {
      const meters = haversineMeters(prev, r);
      if (meters >= p.minDistanceM) {
        const seconds = ms / 1000;
        const speedKmh = (meters / Math.max(seconds + toleranceS, 1)) * 3.6;
        if (speedKmh > p.maxSpeedKmh) {
          pairsFound++;
          if (!flagged) platesFlagged++;
          flagged = true;
          best.offer({ plate: r.plate, from: prev, to: r, distanceM: meters, seconds, speedKmh });
        }
      }
    }
    prev = r;
  }

  return {
    pairs: best
      .sorted()
      .map((x) => ({ ...x, from: toSighting(compact(x.from)), to: toSighting(compact(x.to)) })),
    summary: {
      readsScanned,
      platesScanned,
      pairsFound,
      platesFlagged,
      truncated: pairsFound > p.limit,
      maxSpeedKmh: p.maxSpeedKmh,
    },
  };
}

interface Candidate {
  plate: string;
  from: SourceRead;
  to: SourceRead;
  distanceM: number;
  seconds: number;
  speedKmh: number;
}

/** Fastest first; ties in a stable order (plate, then time). */
function better(a: Candidate, b: Candidate): number {
  return (
    b.speedKmh - a.speedKmh ||
    compareStrings(a.plate, b.plate) ||
    a.from.capturedAt - b.from.capturedAt ||
    compareStrings(a.from.id, b.from.id)
  );
}

/** The k best candidates in a binary heap whose root is the worst kept one. */
class TopK {
  private readonly heap: Candidate[] = [];
  private readonly k: number;

  constructor(k: number) {
    this.k = k;
  }

  offer(c: Candidate): void {
    const h = this.heap;
    if (h.length < this.k) {
      h.push(c);
      this.up(h.length - 1);
    } else if (better(c, h[0]!) < 0) {
      h[0] = c;
      this.down(0);
    }
  }

  sorted(): Candidate[] {
    return [...this.heap].sort(better);
  }

  // Heap order: a parent is worse than (sorts after) its children.
  private worse(i: number, j: number): boolean {
    return better(this.heap[i]!, this.heap[j]!) > 0;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < n && this.worse(l, worst)) worst = l;
      if (r < n && this.worse(r, worst)) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i]!;
    this.heap[i] = this.heap[j]!;
    this.heap[j] = t;
  }
}

/** The single-plate path's reads carry OCR alternatives; pairs show compact sightings either way. */
function compact(r: SourceRead): SourceRead {
  const { alternatives: _alternatives, ...rest } = r;
  return rest;
}
