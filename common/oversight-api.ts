import { z } from 'zod';
import { AuditOperation, AuditOutcome } from './audit.ts';
import { Justification, Purpose } from './case.ts';
import { Area } from './geo.ts';
import { Role } from './officer.ts';
import { Timestamp } from './read.ts';

/**
 * The reference platform's oversight API (under /api/v1): extended-access
 * requests and decisions, Danish postponements of deletion, and the
 * supervisor's audit workspace (explorer, activity, flags, sample checks,
 * chain status). Shared by the platform (validation + OpenAPI) and the
 * workstation (its platform client parses every response with these).
 *
 * Supervisors see metadata, never reads: plates inside audit parameters are
 * masked in every response here; revealing one is its own logged call.
 */

const Id = z.string().min(1).max(64);

// ---------------------------------------------------------------------------
// Extended access (Belgium)
// ---------------------------------------------------------------------------

export const Urgency = z.enum(['normal', 'urgent']);
export type Urgency = z.infer<typeof Urgency>;
export const RequestStatus = z.enum(['pending', 'approved', 'narrowed', 'refused', 'withdrawn']);
export type RequestStatus = z.infer<typeof RequestStatus>;
export const DecisionKind = z.enum(['approve', 'narrow', 'refuse']);
export type DecisionKind = z.infer<typeof DecisionKind>;

/** What a detective files from a case: reads older than the normal window, for a scope and a period. */
export const FileRequestBody = z
  .object({
    caseId: Id,
    plates: z.array(z.string().trim().min(1).max(64)).max(100).default([]),
    area: Area.nullable().default(null),
    periodFrom: Timestamp,
    periodTo: Timestamp,
    offence: z.string().trim().min(1).max(200),
    legalBasis: z.string().trim().min(1).max(300),
    justification: Justification,
    urgency: Urgency.default('normal'),
  })
  .refine((r) => r.plates.length > 0 || r.area !== null, {
    message: 'name plates, an area, or both',
    path: ['plates'],
  });
export type FileRequestBody = z.input<typeof FileRequestBody>;

export const AccessDecision = z.object({
  id: z.string(),
  requestId: z.string(),
  decidedBy: z.string(),
  decidedByName: z.string().nullable(),
  decision: DecisionKind,
  /** Granted scope; null for a refusal. */
  plates: z.array(z.string()).nullable(),
  area: Area.nullable(),
  periodFrom: Timestamp.nullable(),
  periodTo: Timestamp.nullable(),
  reasons: z.string(),
  expiresAt: Timestamp.nullable(),
  decidedAt: Timestamp,
});
export type AccessDecision = z.infer<typeof AccessDecision>;

export const AccessRequest = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  requestedBy: z.string(),
  requestedByName: z.string().nullable(),
  plates: z.array(z.string()),
  area: Area.nullable(),
  periodFrom: Timestamp,
  periodTo: Timestamp,
  offence: z.string(),
  legalBasis: z.string(),
  justification: z.string(),
  urgency: Urgency,
  status: RequestStatus,
  createdAt: Timestamp,
  decision: AccessDecision.nullable(),
  /** Approved or narrowed and past its expiry (the platform no longer honours it). */
  expired: z.boolean(),
});
export type AccessRequest = z.infer<typeof AccessRequest>;

export const RequestListQuery = z.object({
  status: RequestStatus.optional(),
  urgency: Urgency.optional(),
  caseId: Id.optional(),
  /** Only requests waiting at least this many days. */
  minAgeDays: z.coerce.number().int().min(0).max(400).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type RequestListQuery = z.input<typeof RequestListQuery>;

export const RequestList = z.object({ requests: z.array(AccessRequest) });

export const CaseContext = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  offence: z.string(),
  legalBasis: z.string(),
  purpose: Purpose,
  status: z.enum(['open', 'closed']),
  scope: z.string(),
  createdAt: Timestamp,
  assignedOfficers: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type CaseContext = z.infer<typeof CaseContext>;

export const UnlockEstimate = z.object({
  /** Reads the request would unlock now: a count, never the reads. */
  count: z.number().int().min(0),
  normalWindowStart: Timestamp,
  maxLookbackStart: Timestamp,
});

export const RequestDetail = z.object({
  request: AccessRequest,
  case: CaseContext,
  earlierRequests: z.array(AccessRequest),
  estimate: UnlockEstimate,
});
export type RequestDetail = z.infer<typeof RequestDetail>;

export const DecisionBody = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), reasons: Justification, expiresAt: Timestamp }),
  z.object({
    decision: z.literal('narrow'),
    reasons: Justification,
    expiresAt: Timestamp,
    plates: z.array(z.string().trim().min(1).max(64)).max(100).optional(),
    area: Area.nullable().optional(),
    periodFrom: Timestamp.optional(),
    periodTo: Timestamp.optional(),
  }),
  z.object({ decision: z.literal('refuse'), reasons: Justification }),
]);
export type DecisionBody = z.input<typeof DecisionBody>;

/** A rendered document (PDF decision, sample-check report) carried in JSON. */
export const ReportFile = z.object({
  filename: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/),
  contentType: z.enum(['application/pdf', 'text/csv']),
  base64: z.string(),
});
export type ReportFile = z.infer<typeof ReportFile>;

// ---------------------------------------------------------------------------
// Postponement of deletion (Denmark)
// ---------------------------------------------------------------------------

export const PostponementScopeBody = z
  .object({
    all: z.literal(true).optional(),
    plates: z.array(z.string().min(1).max(64)).min(1).max(1000).optional(),
    area: Area.optional(),
    unitIds: z.array(z.string().min(1).max(64)).min(1).max(500).optional(),
    capturedFrom: Timestamp.optional(),
    capturedTo: Timestamp.optional(),
  })
  .refine(
    (s) => s.all === true || s.plates || s.area || s.unitIds || s.capturedFrom || s.capturedTo,
    { message: 'give plates, an area, units or a capture period, or all: true' },
  );

export const PostponementBody = z.object({
  scope: PostponementScopeBody,
  until: Timestamp,
  reasons: Justification,
});
export type PostponementBody = z.input<typeof PostponementBody>;

export const PostponementView = z.object({
  id: z.string(),
  decidedBy: z.string(),
  decidedByName: z.string().nullable(),
  scope: PostponementScopeBody,
  until: Timestamp,
  reasons: z.string(),
  readsAffected: z.number().int().min(0),
  decidedAt: Timestamp,
});
export type PostponementView = z.infer<typeof PostponementView>;
export const PostponementList = z.object({
  available: z.boolean(),
  decidedByRole: Role.nullable(),
  postponements: z.array(PostponementView),
});

// ---------------------------------------------------------------------------
// Supervisor: officers, audit explorer, activity, flags
// ---------------------------------------------------------------------------

export const OfficerSummary = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
});
export type OfficerSummary = z.infer<typeof OfficerSummary>;
export const OfficerList = z.object({ officers: z.array(OfficerSummary) });

/** `chain:seq`, e.g. `platform:812` or `WS-1a2b:40`: names one audit entry anywhere. */
export const EntryRef = z.string().regex(/^[A-Za-z0-9._-]{1,128}:[1-9][0-9]{0,15}$/);
export type EntryRef = z.infer<typeof EntryRef>;

export const AuditQuery = z.object({
  officerId: Id.optional(),
  caseId: Id.optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  operation: AuditOperation.optional(),
  outcome: AuditOutcome.optional(),
  /** 'platform' or a device id. */
  chain: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(400).optional(),
});
export type AuditQuery = z.input<typeof AuditQuery>;

/** One audit entry as a supervisor sees it: metadata, plates masked. */
export const AuditEntryView = z.object({
  ref: EntryRef,
  chain: z.string(),
  seq: z.number().int(),
  at: Timestamp,
  officerId: z.string(),
  username: z.string(),
  role: z.string(),
  operation: AuditOperation,
  action: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  purpose: Purpose.nullable(),
  reasonCode: z.string().nullable(),
  justification: z.string().nullable(),
  /** Query parameters with every plate masked (`1A•••••`). */
  parameters: z.record(z.string(), z.unknown()),
  /** How many plates the parameters name (revealing them is a logged call). */
  maskedPlates: z.number().int().min(0),
  resultCount: z.number().int().nullable(),
  outcome: AuditOutcome,
  outcomeReason: z.string().nullable(),
  recipient: z.string().nullable(),
  /** Out of office hours in the jurisdiction's zone. */
  outOfHours: z.boolean(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditPage = z.object({
  entries: z.array(AuditEntryView),
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const RevealBody = z.object({ ref: EntryRef, justification: Justification });
export const RevealResult = z.object({ ref: EntryRef, plates: z.array(z.string()) });

export const PeriodQuery = z.object({ from: Timestamp, to: Timestamp });
export type PeriodQuery = z.infer<typeof PeriodQuery>;

export const DayActivity = z.object({
  /** Local day in the jurisdiction's zone, YYYY-MM-DD. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  queries: z.number().int().min(0),
  distinctPlates: z.number().int().min(0),
  distinctCases: z.number().int().min(0),
  exports: z.number().int().min(0),
  refused: z.number().int().min(0),
  outOfHours: z.number().int().min(0),
});
export type DayActivity = z.infer<typeof DayActivity>;

export const ActivityTotals = DayActivity.omit({ day: true });
export type ActivityTotals = z.infer<typeof ActivityTotals>;

export const FlagKind = z.enum([
  // A workstation could not write an audit entry, so the action was stopped (#15 item 8).
  'audit-failure',
  'out-of-hours',
  'volume-spike',
  'plate-across-cases',
  'repeated-refusals',
  'short-justification',
  'boilerplate',
  'personal-data',
  // Workstation audit entries stamped by a changed clock (#15 item 3), found by their receipt.
  'entry-times',
  // On a supervisor's own sample checks (#15): started and left, or started over after a draw.
  'abandoned-sample',
  'redrawn-sample',
]);
export type FlagKind = z.infer<typeof FlagKind>;

export const Flag = z.object({
  /** Stable for the same finding (kind, officer, subject), so reviews can refer to it. */
  id: z.string(),
  kind: FlagKind,
  severity: z.enum(['high', 'medium', 'low']),
  officerId: z.string(),
  username: z.string(),
  /** Numbers and masked values that fill the localised explanation; never personal data. */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The same explanation in plain English (reports, API users). */
  explanation: z.string(),
  count: z.number().int().min(0),
  firstAt: Timestamp,
  lastAt: Timestamp,
  /** Entries that make the finding (up to 50). */
  entryRefs: z.array(EntryRef),
});
export type Flag = z.infer<typeof Flag>;

export const OfficerOverview = z.object({
  officer: OfficerSummary,
  totals: ActivityTotals,
  /** Queries per local day over the period (oldest first), for a sparkline. */
  queriesPerDay: z.array(z.number().int().min(0)),
  flags: z.number().int().min(0),
  highFlags: z.number().int().min(0),
});
export type OfficerOverview = z.infer<typeof OfficerOverview>;

export const OversightSummary = z.object({
  from: Timestamp,
  to: Timestamp,
  zone: z.string(),
  officeHours: z.string(),
  officers: z.array(OfficerOverview),
  flags: z.array(Flag),
  /** Entries examined (both the platform's and the workstations' chains). */
  entriesExamined: z.number().int().min(0),
});
export type OversightSummary = z.infer<typeof OversightSummary>;

export const ActivityQuery = PeriodQuery.extend({ officerId: Id });
export const OfficerActivity = z.object({
  officer: OfficerSummary,
  from: Timestamp,
  to: Timestamp,
  zone: z.string(),
  days: z.array(DayActivity),
  totals: ActivityTotals,
  /** The officer's own usual volume: queries per active day over the 4 weeks before the period. */
  baseline: z.object({ weeks: z.number().int(), queriesPerDay: z.number().min(0) }),
  flags: z.array(Flag),
});
export type OfficerActivity = z.infer<typeof OfficerActivity>;

// ---------------------------------------------------------------------------
// Sample checks (commit-reveal)
// ---------------------------------------------------------------------------

export const Verdict = z.enum(['lawful', 'doubtful', 'unlawful']);
export type Verdict = z.infer<typeof Verdict>;

export const SampleStatus = z.enum(['committed', 'drawn', 'completed']);

export const CreateSampleBody = z.object({
  officerId: Id,
  from: Timestamp,
  to: Timestamp,
  size: z.number().int().min(1).max(200),
});
export type CreateSampleBody = z.input<typeof CreateSampleBody>;

export const SampleReview = z.object({
  ref: EntryRef,
  verdict: Verdict,
  note: z.string(),
  reviewedBy: z.string(),
  reviewedByName: z.string().nullable(),
  reviewedAt: Timestamp,
  /** Earlier verdicts on the same entry stay on record; this counts them. */
  revisions: z.number().int().min(0),
});
export type SampleReview = z.infer<typeof SampleReview>;

export const SampleCheck = z.object({
  id: z.string(),
  officer: OfficerSummary,
  from: Timestamp,
  to: Timestamp,
  size: z.number().int(),
  status: SampleStatus,
  createdBy: z.string(),
  createdByName: z.string().nullable(),
  createdAt: Timestamp,
  /** sha256(seed), fixed and logged before the draw. */
  commitment: z.string().regex(/^[0-9a-f]{64}$/),
  /** sha256 of the sorted candidate refs the draw chooses from. */
  candidatesHash: z.string().regex(/^[0-9a-f]{64}$/),
  candidateCount: z.number().int().min(0),
  /** The platform's seed: revealed only after the draw. */
  seed: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  /** The supervisor's contribution to the draw (null before it, and for checks drawn before it existed). */
  supervisorValue: z.string().nullable(),
  /** The seed the draw used: sha256(seed bytes || UTF-8 supervisor value), the seed itself without one. */
  drawSeed: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  drawnAt: Timestamp.nullable(),
  completedAt: Timestamp.nullable(),
  /** The drawn entries (metadata, plates masked), in the order drawn. */
  entries: z.array(AuditEntryView),
  reviews: z.array(SampleReview),
});
export type SampleCheck = z.infer<typeof SampleCheck>;

export const SampleSummary = SampleCheck.omit({ entries: true, reviews: true }).extend({
  reviewed: z.number().int().min(0),
  drawn: z.number().int().min(0),
  verdicts: z.object({ lawful: z.number(), doubtful: z.number(), unlawful: z.number() }),
});
export type SampleSummary = z.infer<typeof SampleSummary>;
export const SampleList = z.object({ samples: z.array(SampleSummary) });

export const ReviewBody = z.object({
  ref: EntryRef,
  verdict: Verdict,
  note: z.string().trim().max(2000).default(''),
});
export type ReviewBody = z.input<typeof ReviewBody>;

/** What the supervisor contributes to a draw: random from their browser, or typed (dice, a public value). */
export const SupervisorValue = z.string().trim().min(8).max(200);
export const DrawBody = z.object({ supervisorValue: SupervisorValue });
export type DrawBody = z.input<typeof DrawBody>;

export const ReproduceBody = z.object({
  seed: z.string().regex(/^[0-9a-f]{64}$/i),
  /** The draw's supervisor value; omitted for checks drawn before supervisor values existed. */
  supervisorValue: SupervisorValue.optional(),
});
export const ReproduceResult = z.object({
  /** sha256(seed) equals the commitment logged before the draw. */
  commitmentMatches: z.boolean(),
  /** The seed the repeated draw used, sha256(seed || supervisor value). */
  drawSeed: z.string().regex(/^[0-9a-f]{64}$/),
  /** The candidates the audit log yields now are the ones committed to. */
  candidatesMatch: z.boolean(),
  refs: z.array(EntryRef),
  /** The re-drawn refs equal the stored sample, in the same order. */
  sameAsStored: z.boolean(),
});
export type ReproduceResult = z.infer<typeof ReproduceResult>;

export const ReportFormatQuery = z.object({ format: z.enum(['pdf', 'csv']).default('pdf') });

export const SampleDue = z.object({
  due: z.boolean(),
  lastCompletedAt: Timestamp.nullable(),
  /** When the next weekly check is (or was) due. */
  dueAt: Timestamp,
  intervalDays: z.number().int(),
});
export type SampleDue = z.infer<typeof SampleDue>;

// ---------------------------------------------------------------------------
// Chain status
// ---------------------------------------------------------------------------

export const ChainStatusView = z.object({
  chain: z.string(),
  kind: z.enum(['platform', 'workstation']),
  /** Officer who registered the workstation (null for the platform chain). */
  officer: z.string().nullable(),
  ok: z.boolean(),
  count: z.number().int().min(0),
  headSeq: z.number().int().nullable(),
  firstBadSeq: z.number().int().nullable(),
  problem: z.string().nullable(),
  message: z.string().nullable(),
  /** Ranges a workstation never delivered (known and recorded). */
  gaps: z.array(
    z.object({ fromSeq: z.number().int(), toSeq: z.number().int(), detectedAt: z.string() }),
  ),
  /**
   * Platform chain only (null for workstations): how it compares with the
   * platform checkpoints workstations hold, and the inconsistency reaching furthest back.
   */
  witnesses: z
    .object({
      count: z.number().int().min(0),
      consistent: z.boolean(),
      firstInconsistency: z
        .object({
          deviceId: z.string(),
          /** Officer who registered that workstation. */
          officer: z.string().nullable(),
          size: z.number().int(),
          reportedAt: z.string(),
          firstBadSeq: z.number().int(),
          problem: z.string(),
          message: z.string(),
        })
        .nullable(),
    })
    .nullable(),
});
export type ChainStatusView = z.infer<typeof ChainStatusView>;
export const ChainStatusList = z.object({
  checkedAt: Timestamp,
  chains: z.array(ChainStatusView),
});
export type ChainStatusList = z.infer<typeof ChainStatusList>;
