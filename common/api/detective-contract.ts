import { z } from 'zod';
import { Justification, OffenceTypeId, ReasonCode } from '../case.ts';
import { Camera, PlateAlternative, Timestamp } from '../read.ts';
import { RecipientId, RegisterEntry, RegisterKind } from '../recipients-api.ts';
import { MapBasemap } from '../settings.ts';
import type { Contract } from './dispatch.ts';

/**
 * Detective workspace calls (map data, analyses, timeline, exports). Merged
 * into the one workstation contract in contract.ts.
 *
 * Plates of bystanders (vehicles that are not the case's targets) never
 * leave the workstation's core in clear: they arrive as an opaque `vehicle`
 * key with a masked `display`, and only `detective.revealPlate` (a logged
 * consultation) returns the plate. Targets are the plates the case pulled by
 * name (exact plates of its plate pulls).
 */

const CaseId = z.string().min(1).max(64);
const ReadId = z.string().min(1).max(64);
const Empty = z.object({}).strict();

/**
 * Every analysis, reveal and export says why (EU Directive 2016/680, art. 25):
 * the offence type from the policy pack's list, a reason code and a justification.
 */
const Why = { offenceType: OffenceTypeId, reasonCode: ReasonCode, justification: Justification };

export const AnalysisKind = z.enum([
  'plateSearch',
  'stakeout',
  'multiPlace',
  'convoy',
  'locate',
  'impossibleJourneys',
  'firstLastSeen',
]);
export type AnalysisKind = z.infer<typeof AnalysisKind>;

/**
 * A vehicle as the UI may know it: `vehicle` is the plate for a target and an
 * opaque key (`v:…`) for a bystander; `display` is what to show.
 */
export const VehicleRef = z.object({
  vehicle: z.string(),
  display: z.string(),
  masked: z.boolean(),
  /** A read of this vehicle, to open (reveal) a masked plate with. */
  ref: ReadId.nullable(),
});
export type VehicleRef = z.infer<typeof VehicleRef>;

/** One read of the case as the map, the timeline and the reads table show it. */
export const ReadView = z.object({
  id: ReadId,
  vehicle: z.string(),
  display: z.string(),
  masked: z.boolean(),
  country: z.string().nullable(),
  capturedAt: Timestamp,
  lat: z.number(),
  lon: z.number(),
  unitId: z.string(),
  direction: z.string().nullable(),
  heading: z.number().nullable(),
  lane: z.number().nullable(),
  confidence: z.number(),
  /** OCR alternatives; empty for a masked read (they would give the plate away). */
  alternatives: z.array(PlateAlternative),
  hit: z.boolean(),
  /** The hit's category in the policy pack's hotlist categories (#14); null for a no-hit. */
  hitCategory: z.number().int().nullable().optional(),
  /** The platform hotlist the hit came from (#14); null when unknown or a unit's own hit. */
  hitListId: z.string().nullable().optional(),
  /** Prosecutor approval that allowed access to this (older) read. */
  approvalId: z.string().nullable(),
});
export type ReadView = z.infer<typeof ReadView>;

/**
 * Reads held on this workstation that the age gate hides now (older than the
 * policy pack's consultation window, with no approval held here that covers
 * them): a count and why, never the reads. Same shape as the platform's withheld.
 */
export const AgeGateWithheld = z.object({
  count: z.number().int().min(0),
  /** The main reason (e.g. needs-extended-access, approval-expired); null when nothing is hidden. */
  reason: z.string().nullable(),
  message: z.string().nullable(),
});
export type AgeGateWithheld = z.infer<typeof AgeGateWithheld>;

export const CaseReads = z.object({
  reads: z.array(ReadView),
  /** Reads of the case the age gate lets through now (the list stops at `limit`). */
  total: z.number().int().min(0),
  /** Reads in the window the age gate hides now. */
  withheld: AgeGateWithheld,
  truncated: z.boolean(),
  /** Target plates of the case (not masked). */
  targets: z.array(z.string()),
});
export type CaseReads = z.infer<typeof CaseReads>;

/** A sighting inside an analysis result (same masking as reads). */
export const ViewSighting = z.object({
  id: ReadId,
  vehicle: z.string(),
  capturedAt: Timestamp,
  lat: z.number(),
  lon: z.number(),
  unitId: z.string(),
  direction: z.string().nullable(),
  confidence: z.number(),
});
export type ViewSighting = z.infer<typeof ViewSighting>;

const Iso = Timestamp;
const Counts = z.array(z.number().int().min(0));

/** What each analysis found, in the shape the panel, the map and the table share. */
export const AnalysisDetail = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('plateSearch'),
    plates: z.array(
      z.object({
        vehicle: z.string(),
        distance: z.number().int(),
        count: z.number().int(),
        firstAt: Iso,
        lastAt: Iso,
      }),
    ),
  }),
  z.object({
    kind: z.literal('stakeout'),
    rows: z.array(
      z.object({
        vehicle: z.string(),
        bystander: z.boolean(),
        count: z.number().int(),
        firstAt: Iso,
        lastAt: Iso,
      }),
    ),
  }),
  z.object({
    kind: z.literal('multiPlace'),
    places: z.array(
      z.object({ label: z.string().nullable(), reads: z.number().int(), vehicles: z.number() }),
    ),
    rows: z.array(
      z.object({
        vehicle: z.string(),
        bystander: z.boolean(),
        places: z.array(z.object({ firstAt: Iso, count: z.number().int() })),
      }),
    ),
  }),
  z.object({
    kind: z.literal('convoy'),
    target: z.string(),
    rows: z.array(
      z.object({
        vehicle: z.string(),
        cameras: z.number().int(),
        pairs: z.number().int(),
        meanAbsDeltaS: z.number(),
        lookalikeOfTarget: z.boolean(),
        /** Shared sightings: the target's read and the companion's, by time. */
        shared: z.array(
          z.object({ target: ReadId, other: ReadId, unitId: z.string(), deltaS: z.number() }),
        ),
      }),
    ),
  }),
  z.object({
    kind: z.literal('locate'),
    vehicle: z.string(),
    timeZone: z.string(),
    byHour: Counts,
    /** Monday..Sunday. */
    byWeekday: Counts,
    byWeekdayHour: z.array(Counts),
    byCamera: z.array(
      z.object({
        unitId: z.string(),
        direction: z.string().nullable(),
        lat: z.number(),
        lon: z.number(),
        count: z.number().int(),
        firstAt: Iso,
        lastAt: Iso,
      }),
    ),
    topPlaces: z.array(
      z.object({
        lat: z.number(),
        lon: z.number(),
        count: z.number().int(),
        share: z.number(),
        unitIds: z.array(z.string()),
      }),
    ),
  }),
  z.object({
    kind: z.literal('impossibleJourneys'),
    rows: z.array(
      z.object({
        vehicle: z.string(),
        from: ReadId,
        to: ReadId,
        distanceM: z.number(),
        seconds: z.number(),
        speedKmh: z.number(),
      }),
    ),
  }),
  z.object({
    kind: z.literal('firstLastSeen'),
    rows: z.array(
      z.object({
        vehicle: z.string(),
        count: z.number().int(),
        first: ReadId.nullable(),
        last: ReadId.nullable(),
      }),
    ),
  }),
]);
export type AnalysisDetail = z.infer<typeof AnalysisDetail>;

/** A saved analysis run of the case (the record kept in the case store). */
export const AnalysisRun = z.object({
  id: z.string(),
  caseId: CaseId,
  kind: AnalysisKind,
  params: z.record(z.string(), z.unknown()),
  /** Null for runs saved before offence types existed. */
  offenceType: z.string().nullable(),
  reasonCode: z.string(),
  justification: z.string(),
  officer: z.string(),
  createdAt: Timestamp,
  /** Counts and flags only (no plate). */
  summary: z.record(z.string(), z.unknown()),
  resultCount: z.number().int().min(0),
});
export type AnalysisRun = z.infer<typeof AnalysisRun>;

export const AnalysisView = z.object({
  run: AnalysisRun,
  detail: AnalysisDetail,
  vehicles: z.array(VehicleRef),
  /** Every read the result refers to, by time. */
  sightings: z.array(ViewSighting),
  /** Reads the analysis would have looked at but the age gate hid (set by the workstation's handlers). */
  withheld: AgeGateWithheld.optional(),
});
export type AnalysisView = z.infer<typeof AnalysisView>;

export const RunAnalysis = z
  .object({
    caseId: CaseId,
    kind: AnalysisKind,
    /** The analysis' own parameters (main/core/analyses), validated by it. */
    params: z.record(z.string(), z.unknown()),
    ...Why,
  })
  .strict();
export type RunAnalysis = z.input<typeof RunAnalysis>;

/**
 * An export's recipient is picked from the platform's recipient register
 * (#14, common/recipients-api.ts) by id: the register entry's kind decides,
 * never the words of a name the officer typed.
 */
export const RecipientKind = RegisterKind;
export type RecipientKind = RegisterKind;

/** The register as the workstation holds it: fetched from the platform, or its offline copy. */
export const RecipientRegister = z.object({
  recipients: z.array(RegisterEntry),
  /** When this copy was fetched from the platform. */
  fetchedAt: Timestamp,
  /** True when the platform could not be reached and the copy kept in the workstation database is shown. */
  offline: z.boolean(),
});
export type RecipientRegister = z.infer<typeof RecipientRegister>;

export const ExportFormat = z.enum(['csv', 'geojson', 'kml', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** Largest map image accepted (base64 characters): fits the browser host's 1 MiB body limit. */
export const MAX_MAP_IMAGE_CHARS = 700_000;

export const StartExport = z
  .object({
    caseId: CaseId,
    /** A recipient register entry's id (detective.recipients). */
    recipientId: RecipientId,
    /** The recipient's reference (request or file number), if any. */
    reference: z.string().trim().max(100).default(''),
    formats: z.array(ExportFormat).min(1).max(4),
    /**
     * What is disclosed: the reads of these plates (targets, or bystanders the
     * officer opened) in the window. A plate must be named to leave.
     */
    plates: z.array(z.string().trim().min(1).max(64)).min(1).max(50),
    from: Timestamp.optional(),
    to: Timestamp.optional(),
    /** The analysis run the export documents (its query, reason and justification go in the report). */
    runId: z.string().min(1).max(64).optional(),
    /** The map as the officer sees it, for the PDF report. */
    mapImage: z
      .object({
        mime: z.enum(['image/png', 'image/jpeg']),
        base64: z
          .string()
          .max(MAX_MAP_IMAGE_CHARS)
          .regex(/^[A-Za-z0-9+/]+={0,2}$/),
      })
      .strict()
      .optional(),
    ...Why,
  })
  .strict();
export type StartExport = z.input<typeof StartExport>;

export const ExportedFile = z.object({
  name: z.string(),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const ExportResult = z.object({
  exportId: z.string(),
  /** Absolute folder of the files (outside the protected case store). */
  directory: z.string(),
  files: z.array(ExportedFile),
  manifest: z.string(),
  reads: z.number().int().min(0),
  /** Reads of the named plates in the period that the age gate hid: not exported. */
  withheld: AgeGateWithheld.optional(),
  recipient: z.string(),
  /**
   * The platform recorded the disclosure against the register entry
   * (POST /api/v1/disclosures). False when it could not be reached: the
   * local audit entry, uploaded later, still tells it.
   */
  platformRecorded: z.boolean().optional(),
  createdAt: Timestamp,
});
export type ExportResult = z.infer<typeof ExportResult>;

export const MapConfig = z.object({
  /** The map's background, from the officer's settings. */
  basemap: MapBasemap,
  privateRecipientsAllowed: z.boolean(),
  disclosureRule: z.string(),
});
export type MapConfig = z.infer<typeof MapConfig>;

export const detectiveContract = {
  'detective.mapConfig': { input: Empty, output: MapConfig },
  /** The recipient register for picking an export's recipient (refresh: ask the platform again). */
  'detective.recipients': {
    input: z.object({ refresh: z.boolean().default(false) }).strict(),
    output: RecipientRegister,
  },
  /** Platform cameras with their outages (cached for the session). */
  'detective.cameras': {
    input: z.object({ refresh: z.boolean().default(false) }).strict(),
    output: z.object({ cameras: z.array(Camera), fetchedAt: Timestamp }),
  },
  /** The case's local reads in a window, for map, timeline and table. */
  'detective.reads': {
    input: z
      .object({
        caseId: CaseId,
        from: Timestamp.optional(),
        to: Timestamp.optional(),
        limit: z.number().int().min(1).max(50_000).default(20_000),
        /**
         * One opening of the case view (map, table, timeline): its reads are
         * logged as one consultation per view session and filter. Without it,
         * every call is logged.
         */
        viewSession: z.string().min(8).max(64).optional(),
      })
      .strict(),
    output: CaseReads,
  },
  'detective.analyze': { input: RunAnalysis, output: AnalysisView },
  'detective.runs': {
    input: z.object({ caseId: CaseId }).strict(),
    output: z.object({ runs: z.array(AnalysisRun) }),
  },
  /** Opens a saved run's result again (logged as a consultation under the run's justification). */
  'detective.openRun': {
    input: z.object({ caseId: CaseId, runId: z.string().min(1).max(64) }).strict(),
    output: AnalysisView,
  },
  /**
   * Opens a masked plate: logged as a consultation, under the justification
   * of the analysis run it appeared in, or one given here.
   */
  'detective.revealPlate': {
    input: z
      .object({
        caseId: CaseId,
        readId: ReadId,
        runId: z.string().min(1).max(64).optional(),
        offenceType: OffenceTypeId.optional(),
        reasonCode: ReasonCode.optional(),
        justification: Justification.optional(),
      })
      .strict(),
    output: z.object({ vehicle: z.string(), plate: z.string(), display: z.string() }),
  },
  'detective.export': { input: StartExport, output: ExportResult },
} satisfies Contract;
