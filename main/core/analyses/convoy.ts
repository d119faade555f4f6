/**
 * Convoy: vehicles that travel with a target. A vehicle counts when it was
 * read within ±Δt of the target at k or more DISTINCT cameras: two cars on the
 * same commute pass the same camera every day, but only a companion shows up
 * next to the target at many different places.
 *
 * Cost: one indexed range query on (unit_id, captured_at) per target sighting,
 * each returning only the few reads around the target's passage.
 */
import { z } from 'zod';
import { lookalikeDistance, normalisePlate } from '../../../common/plates.ts';
import { checkRange, OptionalRange, PlateInput, Sighting, toRange, toSighting } from './schemas.ts';
import { compareStrings, type AnalysisSource, type SourceRead } from './source.ts';

export const ConvoyParams = z
  .object({
    plate: PlateInput,
    /** Δt: largest time difference at a camera, seconds. */
    windowSeconds: z.number().int().min(1).max(3600).default(60),
    /** k: fewest distinct cameras shared with the target. */
    minCameras: z.number().int().min(2).max(100).default(3),
    ...OptionalRange,
    /** Most vehicles returned (the best ranked). */
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .superRefine(checkRange());
export type ConvoyParams = z.input<typeof ConvoyParams>;

export const ConvoyPair = z.object({
  target: Sighting,
  other: Sighting,
  /** other − target, seconds (negative: the vehicle passed before the target). */
  deltaS: z.number(),
});

export const ConvoyVehicle = z.object({
  plate: z.string(),
  /** Distinct cameras where it was within Δt of the target. */
  cameras: z.number().int(),
  pairs: z.number().int(),
  meanAbsDeltaS: z.number().min(0),
  /**
   * The plate is a look-alike variant of the target's (0/O, 8/B...): most likely
   * the target itself, misread, rather than a companion.
   */
  lookalikeOfTarget: z.boolean(),
  /** By time. */
  shared: z.array(ConvoyPair),
});
export type ConvoyVehicle = z.infer<typeof ConvoyVehicle>;

export const ConvoyResult = z.object({
  /** Ranked: most distinct shared cameras, then smallest mean |Δt|. */
  vehicles: z.array(ConvoyVehicle),
  summary: z.object({
    targetSightings: z.number().int(),
    targetCameras: z.number().int(),
    /** Vehicles seen within Δt of the target at least once. */
    candidates: z.number().int(),
    /** Vehicles meeting k (before `limit`). */
    vehicles: z.number().int(),
    truncated: z.boolean(),
    windowSeconds: z.number().int(),
    minCameras: z.number().int(),
  }),
});
export type ConvoyResult = z.infer<typeof ConvoyResult>;

interface Pair {
  target: SourceRead;
  other: SourceRead;
  deltaMs: number;
}

export function convoy(source: AnalysisSource, input: ConvoyParams): ConvoyResult {
  const p = ConvoyParams.parse(input);
  const target = normalisePlate(p.plate);
  const windowMs = p.windowSeconds * 1000;
  const sightings = source.byPlate(target, toRange(p));

  // One pair per other read, with the nearest target passage: a target read
  // twice at a camera within Δt must not count the same companion read twice.
  const nearest = new Map<string, Pair>();
  for (const t of sightings) {
    for (const other of source.atUnits(
      [t.unitId],
      t.capturedAt - windowMs,
      t.capturedAt + windowMs,
    )) {
      if (other.plate === target) continue;
      const deltaMs = other.capturedAt - t.capturedAt;
      const known = nearest.get(other.id);
      if (!known || Math.abs(deltaMs) < Math.abs(known.deltaMs)) {
        nearest.set(other.id, { target: t, other, deltaMs });
      }
    }
  }

  const byPlate = new Map<string, Pair[]>();
  for (const pair of nearest.values()) {
    const list = byPlate.get(pair.other.plate);
    if (list) list.push(pair);
    else byPlate.set(pair.other.plate, [pair]);
  }

  const ranked: ConvoyVehicle[] = [];
  for (const [plate, pairs] of byPlate) {
    const cameras = new Set(pairs.map((x) => x.target.unitId)).size;
    if (cameras < p.minCameras) continue;
    pairs.sort(
      (a, b) => a.other.capturedAt - b.other.capturedAt || compareStrings(a.other.id, b.other.id),
    );
    const meanAbsDeltaS =
      pairs.reduce((sum, x) => sum + Math.abs(x.deltaMs), 0) / pairs.length / 1000;
    ranked.push({
      plate,
      cameras,
      pairs: pairs.length,
      meanAbsDeltaS,
      lookalikeOfTarget: lookalikeDistance(target, plate) !== null,
      shared: pairs.map((x) => ({
        target: toSighting(stripAlternatives(x.target)),
        other: toSighting(x.other),
        deltaS: x.deltaMs / 1000,
      })),
    });
  }
  ranked.sort(
    (a, b) =>
      b.cameras - a.cameras ||
      a.meanAbsDeltaS - b.meanAbsDeltaS ||
      compareStrings(a.plate, b.plate),
  );

  return {
    vehicles: ranked.slice(0, p.limit),
    summary: {
      targetSightings: sightings.length,
      targetCameras: new Set(sightings.map((s) => s.unitId)).size,
      candidates: byPlate.size,
      vehicles: ranked.length,
      truncated: ranked.length > p.limit,
      windowSeconds: p.windowSeconds,
      minCameras: p.minCameras,
    },
  };
}

/** Pairs show compact sightings on both sides; the target's OCR alternatives belong to its history view. */
function stripAlternatives(r: SourceRead): SourceRead {
  const { alternatives: _alternatives, ...rest } = r;
  return rest;
}
