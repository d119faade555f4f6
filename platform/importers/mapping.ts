import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { normalisePlate } from '../../common/plates.ts';
import { Operator, UnitType, type Camera, type Read } from '../../common/read.ts';
import { idFromContent, idFromExport } from './ids.ts';
import { timeParser, type ParsedTime } from './time.ts';

/**
 * Mapping files: how an export's columns (CSV) or keys (NDJSON, dotted paths
 * for nested values) become fields of the standard read schema.
 *
 *   { "fields": { "plateRaw": "Plate", "capturedAt": "TimeUTC",
 *                 "confidence": { "column": "Conf", "scale": 0.01 },
 *                 "unitType": { "value": "fixed" } },
 *     "time": { "format": "DD/MM/YYYY HH:mm:ss", "zone": "Europe/Brussels" } }
 *
 * A field is a column name, or an object with `column` and/or `value` (a
 * constant, or the default when the column is empty), `map` (translate raw
 * values first, e.g. country codes; null = unknown), `scale` (numbers, e.g.
 * 0.01 for a confidence in percent) and `split` (lists; default `|`).
 * See resources/mappings/ for the shipped examples.
 */

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

export const FieldSpec = z.union([
  z.string().min(1),
  z
    .strictObject({
      column: z.string().min(1).optional(),
      /** List fields (images): several columns, their non-empty values together. */
      columns: z.array(z.string().min(1)).min(1).optional(),
      value: Scalar.optional(),
      map: z.record(z.string(), z.string().nullable()).optional(),
      scale: z.number().positive().optional(),
      split: z.string().min(1).optional(),
      /** The column may be missing from the file (then the field is empty). */
      optional: z.boolean().optional(),
    })
    .refine(
      (s) => s.column !== undefined || s.columns !== undefined || s.value !== undefined,
      'needs a column, columns or a value',
    )
    .refine((s) => !(s.column && s.columns), 'column and columns exclude each other'),
]);
export type FieldSpec = z.infer<typeof FieldSpec>;

const opt = FieldSpec.optional();

export const Mapping = z
  .strictObject({
    description: z.string().optional(),
    /** Default: from the file extension (.ndjson/.jsonl → ndjson, else csv). */
    format: z.enum(['csv', 'ndjson']).optional(),
    /** CSV: one character; default detected from the header line. */
    delimiter: z.string().length(1).optional(),
    /** CSV: false when the file has no header row (columns are then "1", "2", ...). */
    header: z.boolean().default(true),
    /** Decimal separator of numbers in the export. */
    decimal: z.enum(['.', ',']).default('.'),
    time: z
      .strictObject({
        /** iso | epoch-ms | epoch-s | a pattern of YYYY MM M DD D HH H mm ss SSS Z. */
        format: z.string().min(1).default('iso'),
        /** IANA zone for times without an offset; `--tz` overrides it. */
        zone: z.string().min(1).optional(),
      })
      .prefault({}),
    fields: z.strictObject({
      id: opt,
      plateRaw: FieldSpec,
      plate: opt,
      country: opt,
      capturedAt: FieldSpec,
      /** Without lat/lon, the position comes from the camera register (fixed cameras). */
      lat: opt,
      lon: opt,
      heading: opt,
      unitSpeedKmh: opt,
      /** Default: `--unit`. */
      unitId: opt,
      /** Default: the camera register's type for the unit, else fixed. */
      unitType: opt,
      operator: opt,
      lane: opt,
      direction: opt,
      /** Required: state `{ "value": 1 }` explicitly if the export has none. */
      confidence: FieldSpec,
      make: opt,
      model: opt,
      colour: opt,
      images: opt,
      /** `PLATE:confidence` items, split by `|`. */
      alternatives: opt,
    }),
  })
  .refine((m) => (m.fields.lat === undefined) === (m.fields.lon === undefined), {
    path: ['fields', 'lat'],
    message:
      'lat and lon go together (or leave both out to take positions from the camera register)',
  });
export type Mapping = z.infer<typeof Mapping>;

export function loadMapping(file: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the mapping ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = Mapping.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `Invalid mapping ${file}: ${parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data;
}

/** A row as the mapping sees it: CSV fields by column index, or an NDJSON object. */
export type SourceRow = { kind: 'csv'; fields: string[] } | { kind: 'json'; value: unknown };

export type Mapped = { read: Read; ambiguousTime?: true } | { reason: string };

export interface MapperOptions {
  /** Stamped on every read as its source system and part of derived ids. */
  source: string;
  /** Zone for times without an offset (overrides the mapping's). */
  tz?: string | null;
  /** Unit id for rows whose unit the export does not name. */
  unit?: string | null;
  /** The camera register: positions and unit types of fixed cameras. */
  cameras?: ReadonlyMap<string, Camera>;
  /** csv or ndjson (which rows the mapper will see). */
  format: 'csv' | 'ndjson';
  /** The CSV header row (CSV with header: true). */
  header?: readonly string[];
}

class RowError extends Error {}

type Getter = (row: SourceRow) => unknown;

/**
 * Compiles a mapping into a row → Read function. Problems with the mapping
 * itself (a column the header lacks, an unknown zone) throw here, before any
 * row is read; problems with a row come back as its rejection reason.
 */
export function compileMapping(
  mapping: Mapping,
  options: MapperOptions,
): (row: SourceRow) => Mapped {
  const zone = options.tz ?? mapping.time.zone ?? null;
  const parseTime = timeParser(mapping.time.format, zone);
  const header = options.header ?? null;
  const columnIndex = new Map<string, number>();
  if (header) {
    header.forEach((h, i) => columnIndex.set(h.trim(), i));
    // Forgive case differences ("plate" vs "Plate") when unambiguous.
    header.forEach((h, i) => {
      const k = h.trim().toLowerCase();
      if (!columnIndex.has(k)) columnIndex.set(k, i);
    });
  }

  const column = (name: string, optional = false): Getter => {
    if (options.format === 'csv' && header === null && !/^[1-9]\d*$/.test(name))
      throw new Error(
        `Without a header row, columns are numbered from 1; the mapping names "${name}".`,
      );
    if (header === null && /^\d+$/.test(name)) {
      const i = Number(name) - 1;
      return (row) => (row.kind === 'csv' ? row.fields[i] : pathGet(row.value, name));
    }
    if (header !== null) {
      const i = columnIndex.get(name) ?? columnIndex.get(name.toLowerCase());
      if (i === undefined && optional) return () => undefined;
      if (i === undefined)
        throw new Error(`The mapping names the column "${name}", which the file's header lacks.`);
      return (row) => (row.kind === 'csv' ? row.fields[i] : pathGet(row.value, name));
    }
    return (row) => (row.kind === 'json' ? pathGet(row.value, name) : undefined);
  };

  /** Raw value of a field with map and default applied; undefined/null/'' = empty. */
  const field = (spec: FieldSpec | undefined): Getter | null => {
    if (spec === undefined) return null;
    if (typeof spec === 'string') return column(spec);
    const optional = spec.optional ?? false;
    let get: Getter = () => undefined;
    if (spec.column) get = column(spec.column, optional);
    else if (spec.columns) {
      const getters = spec.columns.map((c) => column(c, optional));
      get = (row) => getters.map((g) => g(row)).filter((v) => !isEmpty(v));
    }
    const map = spec.map ? lookup(spec.map) : null;
    return (row) => {
      let v = get(row);
      if (map && v !== undefined && v !== null && typeof v !== 'object') {
        const m = map(String(v).trim());
        if (m !== undefined) v = m;
      }
      return isEmpty(v) ? spec.value : v;
    };
  };
  const scaleOf = (spec: FieldSpec | undefined) =>
    spec !== undefined && typeof spec !== 'string' ? (spec.scale ?? 1) : 1;
  const splitOf = (spec: FieldSpec | undefined) =>
    spec !== undefined && typeof spec !== 'string' ? (spec.split ?? '|') : '|';

  const f = mapping.fields;
  const get = {
    id: field(f.id),
    plateRaw: field(f.plateRaw)!,
    plate: field(f.plate),
    country: field(f.country),
    capturedAt: field(f.capturedAt)!,
    lat: field(f.lat),
    lon: field(f.lon),
    heading: field(f.heading),
    unitSpeedKmh: field(f.unitSpeedKmh),
    unitId: field(f.unitId),
    unitType: field(f.unitType),
    operator: field(f.operator),
    lane: field(f.lane),
    direction: field(f.direction),
    confidence: field(f.confidence)!,
    make: field(f.make),
    model: field(f.model),
    colour: field(f.colour),
    images: field(f.images),
    alternatives: field(f.alternatives),
  };
  const confidenceScale = scaleOf(f.confidence);
  const speedScale = scaleOf(f.unitSpeedKmh);
  const decimal = mapping.decimal;
  const num = (name: string, v: unknown, scale = 1) => toNumber(name, v, decimal, scale);
  if (!get.unitId && !options.unit)
    throw new Error('The mapping has no unitId field: give the unit with --unit.');

  return (row) => {
    try {
      const plateRaw = text('plateRaw', get.plateRaw(row));
      if (plateRaw === null) return { reason: 'plateRaw: empty' };
      const unitId = (get.unitId ? text('unitId', get.unitId(row)) : null) ?? options.unit ?? null;
      if (unitId === null) return { reason: 'unitId: empty' };
      const camera = options.cameras?.get(unitId);

      const time = timeOf(get.capturedAt(row), parseTime);
      if ('reason' in time) return { reason: time.reason };

      let lat: number | null;
      let lon: number | null;
      if (get.lat && get.lon) {
        lat = num('lat', get.lat(row));
        lon = num('lon', get.lon(row));
        if (lat === null || lon === null)
          return { reason: `${lat === null ? 'lat' : 'lon'}: empty` };
      } else {
        if (!camera)
          return {
            reason: 'lat/lon: not in the export and the unit is not in the camera register',
          };
        lat = camera.lat;
        lon = camera.lon;
      }

      const unitTypeText = get.unitType ? text('unitType', get.unitType(row)) : null;
      const unitType =
        unitTypeText === null
          ? (camera?.unitType ?? 'fixed')
          : enumOf(UnitType, 'unitType', unitTypeText);
      const operatorText = get.operator ? text('operator', get.operator(row)) : null;
      const operator =
        operatorText === null
          ? (camera?.operator ?? null)
          : enumOf(Operator, 'operator', operatorText);

      const lane = get.lane ? num('lane', get.lane(row)) : null;
      if (lane !== null && !Number.isInteger(lane)) return { reason: 'lane: not a whole number' };
      const confidence = num('confidence', get.confidence(row), confidenceScale);
      if (confidence === null) return { reason: 'confidence: empty' };

      const make = get.make ? text('make', get.make(row)) : null;
      const model = get.model ? text('model', get.model(row)) : null;
      const colour = get.colour ? text('colour', get.colour(row)) : null;
      const vehicle =
        make === null && model === null && colour === null
          ? null
          : {
              ...(make !== null ? { make } : {}),
              ...(model !== null ? { model } : {}),
              ...(colour !== null ? { colour } : {}),
            };

      const exportId = get.id ? text('id', get.id(row)) : null;
      const read: Read = {
        id:
          exportId !== null
            ? idFromExport(options.source, exportId)
            : idFromContent(options.source, unitId, time.ms, plateRaw, lane),
        plateRaw,
        plate: (get.plate ? text('plate', get.plate(row)) : null) ?? normalisePlate(plateRaw),
        country: get.country ? countryOf(get.country(row)) : null,
        capturedAt: new Date(time.ms).toISOString(),
        lat,
        lon,
        heading: get.heading ? num('heading', get.heading(row)) : null,
        unitSpeedKmh: get.unitSpeedKmh
          ? num('unitSpeedKmh', get.unitSpeedKmh(row), speedScale)
          : null,
        unitId,
        unitType,
        lane,
        direction: get.direction ? text('direction', get.direction(row)) : null,
        operator,
        source: options.source,
        confidence,
        alternatives: get.alternatives
          ? alternativesOf(
              list('alternatives', get.alternatives(row), splitOf(f.alternatives)),
              decimal,
            )
          : [],
        vehicle,
        images: get.images ? list('images', get.images(row), splitOf(f.images)) : [],
        hit: false,
        hitCategory: null,
      };
      return time.ambiguous ? { read, ambiguousTime: true } : { read };
    } catch (error) {
      if (error instanceof RowError) return { reason: error.message };
      throw error;
    }
  };
}

function isEmpty(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (typeof v === 'string' && v.trim() === '') ||
    (Array.isArray(v) && v.length === 0)
  );
}

function pathGet(value: unknown, path: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  const obj = value as Record<string, unknown>;
  if (Object.hasOwn(obj, path)) return obj[path];
  let v: unknown = value;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function lookup(map: Record<string, string | null>): (v: string) => string | null | undefined {
  const exact = new Map(Object.entries(map));
  const folded = new Map(Object.entries(map).map(([k, v]) => [k.toUpperCase(), v]));
  return (v) => (exact.has(v) ? exact.get(v) : folded.get(v.toUpperCase()));
}

function text(name: string, v: unknown): string | null {
  if (isEmpty(v)) return null;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new RowError(`${name}: expected text`);
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function toNumber(name: string, v: unknown, decimal: '.' | ',', scale: number): number | null {
  if (isEmpty(v)) return null;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const s = decimal === ',' ? v.trim().replace(',', '.') : v.trim();
    if (!NUMBER_RE.test(s)) throw new RowError(`${name}: not a number`);
    n = Number(s);
  } else throw new RowError(`${name}: not a number`);
  if (!Number.isFinite(n)) throw new RowError(`${name}: not a number`);
  return scale === 1 ? n : n * scale;
}

function enumOf<T extends string>(schema: z.ZodEnum<{ [K in T]: K }>, name: string, v: string): T {
  const lower = v.toLowerCase();
  const hit = schema.options.find((o) => o === lower);
  if (hit === undefined)
    throw new RowError(`${name}: expected one of ${schema.options.join(', ')}`);
  return hit;
}

function list(name: string, v: unknown, split: string): string[] {
  if (isEmpty(v)) return [];
  if (Array.isArray(v)) return v.map((x) => text(name, x)).filter((x): x is string => x !== null);
  const t = text(name, v)!;
  return t
    .split(split)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function alternativesOf(items: string[], decimal: '.' | ','): Read['alternatives'] {
  return items.map((item) => {
    const at = item.lastIndexOf(':');
    if (at <= 0) throw new RowError('alternatives: expected PLATE:confidence items');
    return {
      plate: item.slice(0, at).trim(),
      confidence: toNumber('alternatives', item.slice(at + 1), decimal, 1) ?? NaN,
    };
  });
}

/**
 * Country as exported → ISO 3166-1 alpha-2, or null when unknown (a read is
 * never refused for its country). Accepts "be", "BE", and state-qualified
 * codes such as "US-CA" or "US CA" (the country part); the mapping's `map`
 * has already turned codes like "B" or "BEL" into "BE".
 */
export function countryOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(t)) return t;
  const m = /^([A-Z]{2})[-_ /]/.exec(t);
  return m ? m[1]! : null;
}

function timeOf(v: unknown, parse: (value: string) => ParsedTime): ParsedTime {
  if (isEmpty(v)) return { reason: 'capturedAt: empty' };
  if (typeof v === 'number') return parse(String(v));
  if (typeof v !== 'string') return { reason: 'capturedAt: expected text or a number' };
  return parse(v);
}
