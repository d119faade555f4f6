import { z } from 'zod';
import { Justification } from './case.ts';
import { Latitude, Longitude, Operator, Timestamp, UnitType } from './read.ts';

/**
 * The camera register's administration API (issue #14 item 3), shared by the
 * platform (validation, OpenAPI) and the workstation's administration
 * workspace: import from CSV or GeoJSON, edits, status, and outages (by hand
 * with a reason, or from unit heartbeats). Admin role only; every change says
 * why (the shared justification rule) and is audited with it.
 */

export const CameraStatus = z.enum(['active', 'retired']);
export type CameraStatus = z.infer<typeof CameraStatus>;

/** Optional text: blank is "not known" (null). */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable();

/** Camera ids double as the id of the unit that sends its reads (see platform/ingest/units.ts). */
export const CameraId = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,58}$/,
    'expected 1-59 characters: letters, digits and . _ : - (the id of the unit that sends its reads)',
  );

/** One camera of a register file: id, site name, position, direction, road, operator, type. */
export const CameraRegisterEntry = z
  .object({
    id: CameraId,
    site: z.string().trim().min(1, 'required').max(120),
    lat: Latitude,
    lon: Longitude,
    direction: optionalText(64).default(null),
    road: optionalText(40).default(null),
    operator: Operator,
    unitType: UnitType,
    heading: z.number().min(0).lt(360).nullable().default(null),
    lanes: z.number().int().min(1).max(20).default(1),
  })
  .meta({ id: 'CameraRegisterEntry' });
export type CameraRegisterEntry = z.output<typeof CameraRegisterEntry>;

/** An edit of one camera: any field but the id, plus status and heartbeat interval. */
export const CameraEdit = z
  .strictObject({
    site: z.string().trim().min(1, 'required').max(120),
    lat: Latitude,
    lon: Longitude,
    direction: optionalText(64),
    road: optionalText(40),
    operator: Operator,
    unitType: UnitType,
    heading: z.number().min(0).lt(360).nullable(),
    lanes: z.number().int().min(1).max(20),
    status: CameraStatus,
    /** Seconds the camera's unit may stay silent before it is marked down; null = the platform default. */
    heartbeatIntervalSeconds: z.number().int().min(60).max(604_800).nullable(),
  })
  .partial()
  .meta({ id: 'CameraEdit' });
export type CameraEdit = z.infer<typeof CameraEdit>;

export const RegisterCamera = z
  .object({
    id: z.string(),
    site: z.string(),
    lat: z.number(),
    lon: z.number(),
    direction: z.string().nullable(),
    road: z.string().nullable(),
    operator: Operator,
    unitType: UnitType,
    heading: z.number().nullable(),
    lanes: z.number().int(),
    status: CameraStatus,
    heartbeatIntervalSeconds: z.number().int().nullable(),
    connectedSince: Timestamp,
    /** Last batch or heartbeat from the unit with the camera's id; null: never. */
    lastContactAt: Timestamp.nullable(),
    /** An outage without an end: down now, as far as the platform knows. */
    down: z.boolean(),
  })
  .meta({ id: 'RegisterCamera' });
export type RegisterCamera = z.infer<typeof RegisterCamera>;

export const RegisterCameraList = z
  .object({ cameras: z.array(RegisterCamera) })
  .meta({ id: 'RegisterCameraList' });

/** 8 MiB of register text: some 80,000 cameras in CSV. */
export const MAX_REGISTER_CHARS = 8 * 1024 * 1024;

export const CameraImportRequest = z
  .object({
    /** The file's text: CSV with a header line, or a GeoJSON FeatureCollection of Points. */
    content: z.string().min(1, 'the file is empty').max(MAX_REGISTER_CHARS),
    /** Default: GeoJSON when the text starts with "{", CSV otherwise. */
    format: z.enum(['csv', 'geojson']).optional(),
    justification: Justification,
  })
  .meta({ id: 'CameraImportRequest' });
export type CameraImportRequest = z.input<typeof CameraImportRequest>;

export const RegisterRejection = z.object({
  /** CSV: the 1-based line of the file; GeoJSON: the 1-based feature number. */
  line: z.number().int().min(1),
  reason: z.string(),
});
export type RegisterRejection = z.infer<typeof RegisterRejection>;

export const CameraImportReport = z
  .object({
    format: z.enum(['csv', 'geojson']),
    inserted: z.number().int().min(0),
    updated: z.number().int().min(0),
    /** Rows identical to the register already (a re-import changes nothing). */
    unchanged: z.number().int().min(0),
    rejected: z.array(RegisterRejection),
  })
  .meta({ id: 'CameraImportReport' });
export type CameraImportReport = z.infer<typeof CameraImportReport>;

export const CameraEditRequest = z
  .object({ changes: CameraEdit, justification: Justification })
  .meta({ id: 'CameraEditRequest' });

export const CameraRetireRequest = z
  .object({ justification: Justification })
  .meta({ id: 'CameraRetireRequest' });

export const OutageSource = z.enum(['heartbeat', 'manual']);

export const Outage = z
  .object({
    id: z.string(),
    cameraId: z.string(),
    from: Timestamp,
    /** null: still down. */
    to: Timestamp.nullable(),
    source: OutageSource,
    reason: z.string(),
    /** Officer id of who entered it, or "heartbeat". */
    createdBy: z.string(),
    createdAt: Timestamp,
    /** Who ended it: an officer id, "heartbeat" (the unit came back) or "retired". */
    endedBy: z.string().nullable(),
  })
  .meta({ id: 'Outage' });
export type Outage = z.infer<typeof Outage>;

export const OutageList = z.object({ outages: z.array(Outage) }).meta({ id: 'OutageList' });

const manualOutageFields = {
  cameraId: z.string().trim().min(1, 'required').max(64),
  from: z.iso.datetime({ offset: true }),
  /** Absent or null: still down (end it later). */
  to: z.iso.datetime({ offset: true }).nullable().default(null),
  reason: z.string().trim().min(3, 'say why the camera is down (at least 3 characters)').max(500),
};
const endsAfterStart = (o: { from: string; to: string | null }) =>
  o.to === null || Date.parse(o.to) > Date.parse(o.from);

/** An outage entered by hand: start, optional end, and why the camera is down. */
export const ManualOutage = z
  .strictObject(manualOutageFields)
  .refine(endsAfterStart, { path: ['to'], message: 'must be after from' });
export type ManualOutage = z.input<typeof ManualOutage>;

export const AddOutageRequest = z
  .strictObject({ ...manualOutageFields, justification: Justification })
  .refine(endsAfterStart, { path: ['to'], message: 'must be after from' })
  .meta({ id: 'AddOutageRequest' });
export type AddOutageRequest = z.input<typeof AddOutageRequest>;

export const EndOutageRequest = z
  .object({
    /** Default: now. */
    to: z.iso.datetime({ offset: true }).optional(),
    justification: Justification,
  })
  .meta({ id: 'EndOutageRequest' });
