import { z } from 'zod';
import { normalisePlate } from '../../common/plates.ts';
import {
  HitCategory,
  Latitude,
  Longitude,
  Operator,
  PlateAlternative,
  Timestamp,
  UnitType,
  VehicleAttributes,
  type Read,
} from '../../common/read.ts';
import { describeIssues } from '../data/actor.ts';

/**
 * What a camera system sends per read (one NDJSON line), and how it becomes
 * a stored Read. Everything the unit's registration or the plate itself
 * determines may be left out:
 *
 * - `plate` (the search form) defaults to `normalisePlate(plateRaw)`; a value
 *   that is no plate (a hash, a foreign script) stays exactly as sent.
 * - `unitId`, `unitType` and `operator` default to the sending unit's
 *   registration. A record that states *other* values is rejected: the
 *   credential decides which unit a read comes from (attribution), and the
 *   unit type decides retention (a Danish mobile no-hit is kept 24 hours, a
 *   fixed one not at all), so a unit cannot pick its own rules.
 * - `source` (system or brand) defaults to the registration's; a record may
 *   name a more precise one (e.g. a firmware version).
 * - Optional attributes default to null / [].
 *
 * `capturedAt` must carry an explicit offset (`Z` or `+01:00`): a unit
 * knows its clock's zone, and a floating local time would be ambiguous once
 * a year. File imports, where exports often lack the offset, declare a zone
 * instead (see platform/importers).
 */
export const IngestRecord = z
  .object({
    id: z.uuid().describe('Read id chosen by the unit; a resent id is reported as duplicate.'),
    plateRaw: z.string().min(1).max(64).optional().describe('Plate exactly as read by the OCR.'),
    plate: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('Normalised plate; default normalisePlate(plateRaw).'),
    country: z
      .string()
      .transform((s) => s.trim().toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code'))
      .nullable()
      .default(null),
    capturedAt: Timestamp.describe('ISO-8601 with an explicit offset.'),
    lat: Latitude.describe(
      "Where the read was taken. A registered fixed camera may leave lat and lon out: the read takes the camera's position.",
    ),
    lon: Longitude.describe('See lat.'),
    heading: z.number().min(0).lt(360).nullable().default(null),
    unitSpeedKmh: z.number().min(0).max(400).nullable().default(null),
    unitId: z.string().min(1).max(64).optional(),
    unitType: UnitType.optional(),
    lane: z.number().int().min(0).max(20).nullable().default(null),
    direction: z.string().max(64).nullable().default(null),
    operator: Operator.nullable().optional(),
    source: z.string().min(1).max(64).optional(),
    confidence: z.number().min(0).max(1),
    alternatives: z.array(PlateAlternative).max(10).default([]),
    vehicle: VehicleAttributes.nullable().default(null),
    images: z.array(z.string().max(256)).max(4).default([]),
    hit: z.boolean().default(false),
    hitCategory: HitCategory.nullable().default(null),
  })
  .refine((r) => r.plateRaw !== undefined || r.plate !== undefined, {
    path: ['plateRaw'],
    message: 'plateRaw or plate is required',
  })
  .meta({ id: 'IngestRecord' });
export type IngestRecord = z.input<typeof IngestRecord>;

/** What a record inherits from the unit that sent it. */
export interface UnitDefaults {
  id: string;
  unitType: Read['unitType'];
  operator: Read['operator'];
  source: string;
  /**
   * Position of the registered fixed camera with the unit's id, for reads
   * sent without one (platform/data/camera-register.ts); null or absent when
   * the unit is no such camera.
   */
  position?: { lat: number; lon: number } | null;
}

const missing = (v: unknown) => v === undefined || v === null;

/**
 * A read without its own position (both lat and lon left out) takes the
 * position of the registered fixed camera that sent it, before validation;
 * from any other unit it is refused with the reason.
 */
function withPosition(value: unknown, unit: UnitDefaults): { value: unknown } | { reason: string } {
  const v = value as Record<string, unknown>;
  if (!missing(v.lat) || !missing(v.lon)) return { value };
  if (!unit.position)
    return {
      reason:
        'lat, lon: required (the sending unit is not a registered fixed camera whose position a read could take)',
    };
  return { value: { ...v, lat: unit.position.lat, lon: unit.position.lon } };
}

export type Completed = { read: Read } | { reason: string; id?: string };

const UUIDISH = /^[0-9a-f-]{36}$/i;

/** Echo an id back only when it looks like one (never arbitrary client text). */
export function idOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && UUIDISH.test(id) ? id : undefined;
}

/** Validates one record from a unit and completes it into a Read, or says why not. */
export function completeRecord(value: unknown, unit: UnitDefaults): Completed {
  const positioned =
    value !== null && typeof value === 'object' ? withPosition(value, unit) : { value };
  if ('reason' in positioned) {
    const id = idOf(value);
    return { reason: positioned.reason, ...(id ? { id } : {}) };
  }
  const parsed = IngestRecord.safeParse(positioned.value);
  if (!parsed.success) {
    const id = idOf(value);
    // Field names and rules only, never the record's values (they may be plates).
    return { reason: describeIssues(parsed.error), ...(id ? { id } : {}) };
  }
  const r = parsed.data;
  if (r.unitId !== undefined && r.unitId !== unit.id)
    return { id: r.id, reason: 'unitId: not the sending unit (the credential decides)' };
  if (r.unitType !== undefined && r.unitType !== unit.unitType)
    return { id: r.id, reason: `unitType: the unit is registered as ${unit.unitType}` };
  if (r.operator != null && unit.operator !== null && r.operator !== unit.operator)
    return { id: r.id, reason: `operator: the unit is registered as ${unit.operator}` };
  const plateRaw = r.plateRaw ?? r.plate!;
  return {
    read: {
      id: r.id,
      plateRaw,
      plate: r.plate ?? normalisePlate(plateRaw),
      country: r.country,
      capturedAt: r.capturedAt,
      lat: r.lat,
      lon: r.lon,
      heading: r.heading,
      unitSpeedKmh: r.unitSpeedKmh,
      unitId: unit.id,
      unitType: unit.unitType,
      lane: r.lane,
      direction: r.direction,
      operator: r.operator ?? unit.operator,
      source: r.source ?? unit.source,
      confidence: r.confidence,
      alternatives: r.alternatives,
      vehicle: r.vehicle,
      images: r.images,
      // Whether a read is a hit (and so how long it is kept) is decided by the
      // platform's own hotlists at ingest, never by what a unit claims: a unit
      // could otherwise buy a read two years of retention with category 13.
      hit: false,
      hitCategory: null,
    },
  };
}
