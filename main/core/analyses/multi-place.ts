/**
 * Multi-place: vehicles seen at every one of several places, each in its own
 * window ("who was at the bank at 10:00 and at the burnt-out car at 11:30").
 */
import { z } from 'zod';
import { Area } from '../../../common/geo.ts';
import { maskPlate } from '../../../common/plates.ts';
import { Timestamp } from '../../../common/read.ts';
import { readsInArea, targetSet } from './area-reads.ts';
import {
  checkRange,
  EpochMs,
  MAX_AREA_WINDOW_MS,
  Sighting,
  Targets,
  toSighting,
} from './schemas.ts';
import { compareStrings, type AnalysisSource, type SourceRead } from './source.ts';

export const MultiPlacePlace = z
  .object({
    label: z.string().trim().max(80).optional(),
    area: Area,
    from: Timestamp,
    to: Timestamp,
  })
  .superRefine(checkRange(MAX_AREA_WINDOW_MS));

export const MultiPlaceParams = z.object({
  places: z.array(MultiPlacePlace).min(2).max(10),
  targets: Targets,
  /** Most reads taken into account per place (the earliest ones). */
  limit: z.number().int().min(1).max(200_000).default(50_000),
});
export type MultiPlaceParams = z.input<typeof MultiPlaceParams>;

export const MultiPlaceVehicle = z.object({
  plate: z.string(),
  bystander: z.boolean(),
  masked: z.string(),
  /** One entry per place, in the order of `places`. */
  places: z.array(
    z.object({
      firstAt: EpochMs,
      count: z.number().int(),
      sightings: z.array(Sighting),
    }),
  ),
});

export const MultiPlaceResult = z.object({
  /** By first sighting at the first place, then plate. */
  vehicles: z.array(MultiPlaceVehicle),
  summary: z.object({
    places: z.array(
      z.object({
        label: z.string().nullable(),
        reads: z.number().int(),
        vehicles: z.number().int(),
        truncated: z.boolean(),
      }),
    ),
    vehicles: z.number().int(),
    bystanders: z.number().int(),
  }),
});
export type MultiPlaceResult = z.infer<typeof MultiPlaceResult>;

export function multiPlace(source: AnalysisSource, input: MultiPlaceParams): MultiPlaceResult {
  const p = MultiPlaceParams.parse(input);
  const perPlace = p.places.map((place) => {
    const { reads, truncated } = readsInArea(
      source,
      place.area,
      Date.parse(place.from),
      Date.parse(place.to),
      p.limit,
    );
    const byPlate = new Map<string, SourceRead[]>();
    for (const r of reads) {
      const list = byPlate.get(r.plate);
      if (list) list.push(r);
      else byPlate.set(r.plate, [r]);
    }
    return { label: place.label ?? null, reads: reads.length, truncated, byPlate };
  });

  let common = [...perPlace[0]!.byPlate.keys()];
  for (const place of perPlace.slice(1))
    common = common.filter((plate) => place.byPlate.has(plate));

  const targets = targetSet(p.targets);
  const vehicles = common
    .map((plate) => ({
      plate,
      bystander: !targets.has(plate),
      masked: maskPlate(plate),
      places: perPlace.map((place) => {
        const reads = place.byPlate.get(plate)!;
        return {
          firstAt: reads[0]!.capturedAt,
          count: reads.length,
          sightings: reads.map(toSighting),
        };
      }),
    }))
    .sort(
      (a, b) => a.places[0]!.firstAt - b.places[0]!.firstAt || compareStrings(a.plate, b.plate),
    );

  return {
    vehicles,
    summary: {
      places: perPlace.map(({ label, reads, truncated, byPlate }) => ({
        label,
        reads,
        vehicles: byPlate.size,
        truncated,
      })),
      vehicles: vehicles.length,
      bystanders: vehicles.filter((v) => v.bystander).length,
    },
  };
}
