import { z } from 'zod';

/**
 * The standard read schema, shared by the platform (ingest, storage, pulls)
 * and the workstation (case stores, map, analyses, exports).
 *
 * Every read carries its own position: a mobile unit's reads draw where they
 * were taken, not where a fixed camera would be. A plate that fits no known
 * national format (foreign, damaged, pseudonymised hash) is kept as it is.
 */

export const UnitType = z.enum(['fixed', 'mobile-unmanned', 'mobile-manned']);
export type UnitType = z.infer<typeof UnitType>;

export const Operator = z.enum(['local', 'regional', 'federal']);
export type Operator = z.infer<typeof Operator>;

/** ISO 3166-1 alpha-2, upper case. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code');

/** ISO-8601 with an explicit offset (`Z` or `+01:00`): never a floating local time. */
export const Timestamp = z.iso.datetime({ offset: true });

export const Latitude = z.number().min(-90).max(90);
export const Longitude = z.number().min(-180).max(180);

export const PlateAlternative = z.object({
  plate: z.string().min(1).max(64),
  confidence: z.number().min(0).max(1),
});

export const VehicleAttributes = z
  .object({
    make: z.string().max(40),
    model: z.string().max(40),
    colour: z.string().max(20),
  })
  .partial();

/** Danish hit category 1..13 (executive order on ANPG, § 4). */
export const HitCategory = z.number().int().min(1).max(13);

export const Read = z.object({
  id: z.uuid(),
  /** Plate exactly as the OCR produced it. */
  plateRaw: z.string().min(1).max(64),
  /** Normalised plate used for search (see common/plates.ts). */
  plate: z.string().min(1).max(64),
  country: CountryCode.nullable(),
  capturedAt: Timestamp,
  lat: Latitude,
  lon: Longitude,
  /** Degrees clockwise from north; mobile units (and fixed cameras when known). */
  heading: z.number().min(0).lt(360).nullable(),
  /** Speed of the capturing unit (mobile units), km/h. */
  unitSpeedKmh: z.number().min(0).max(400).nullable(),
  unitId: z.string().min(1).max(64),
  unitType: UnitType,
  /** Lane number at a fixed site, if known. */
  lane: z.number().int().min(0).max(20).nullable(),
  /** Direction label of a fixed site (e.g. "N", "towards Brussels"). */
  direction: z.string().max(64).nullable(),
  operator: Operator.nullable(),
  /** Source system or camera brand that produced the read. */
  source: z.string().min(1).max(64),
  confidence: z.number().min(0).max(1),
  alternatives: z.array(PlateAlternative).max(10),
  vehicle: VehicleAttributes.nullable(),
  images: z.array(z.string().max(256)).max(4),
  hit: z.boolean(),
  hitCategory: HitCategory.nullable(),
  /**
   * The platform hotlist the hit came from (#14), set by the platform's own
   * matching; absent or null for a no-hit or a hit a unit reported itself.
   */
  hitListId: z.string().min(1).max(64).nullable().optional(),
});
export type Read = z.infer<typeof Read>;

export const OutageWindow = z.object({ from: Timestamp, to: Timestamp });

export const Camera = z.object({
  id: z.string().min(1).max(64),
  site: z.string().min(1).max(120),
  lat: Latitude,
  lon: Longitude,
  road: z.string().max(40).nullable(),
  direction: z.string().max(64).nullable(),
  /** Degrees clockwise from north the camera looks along (traffic direction). */
  heading: z.number().min(0).lt(360).nullable(),
  lanes: z.number().int().min(1).max(20),
  operator: Operator,
  unitType: UnitType,
  connectedSince: Timestamp,
  outages: z.array(OutageWindow),
});
export type Camera = z.infer<typeof Camera>;
