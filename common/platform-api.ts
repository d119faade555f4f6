import { z } from 'zod';
import { ChainPosition, RawChainEntry, SignedCheckpoint } from './audit.ts';
import { Case, Justification, OffenceTypeId, Purpose, ReasonCode } from './case.ts';
import { Area } from './geo.ts';
import { Officer, Role } from './officer.ts';
import { Camera, Read, Timestamp } from './read.ts';

/**
 * The reference platform's HTTP API (under /api/v1), as zod schemas shared by
 * the platform (validation + OpenAPI) and the workstation (its platform client
 * parses every response with them). This is the documented contract an agency
 * adapts its real platform to.
 */

export const ApiErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/**
 * Every data request says why: the case, the purpose, the offence type (from
 * the policy pack's list, allowed for the case's purpose), a reason code and a
 * real justification.
 */
export const QueryContext = z.object({
  caseId: z.string().min(1).max(64),
  purpose: Purpose,
  offenceType: OffenceTypeId,
  reasonCode: ReasonCode,
  justification: Justification,
});
export type QueryContext = z.infer<typeof QueryContext>;

export const TimeRange = z
  .object({ from: Timestamp, to: Timestamp })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: '`from` must be before `to`' });

/** A plate pattern: exact (`1-ABC-123`) or wildcard (`1-AB?-12*`). */
export const PlatePattern = z.string().trim().min(1).max(64);

export const PlateQuery = z.object({
  kind: z.literal('plates'),
  plates: z.array(PlatePattern).min(1).max(50),
  range: TimeRange,
});
export const AreaQuery = z.object({
  kind: z.literal('area'),
  area: Area,
  range: TimeRange,
});
export const PullQuery = z.discriminatedUnion('kind', [PlateQuery, AreaQuery]);
export type PullQuery = z.infer<typeof PullQuery>;

/** What the legal gate held back: a count and why, never the reads themselves. */
export const Withheld = z.object({
  count: z.number().int().min(0),
  reason: z.string().nullable(),
  message: z.string().nullable(),
});

export const MeResponse = z.object({ officer: Officer, serverTime: Timestamp });

/**
 * A case that left the officer's list although they had worked on it (pulled
 * reads under it): closed, or the officer was unassigned. The workstation
 * crypto-shreds its copy at this contact and tells the officer why.
 */
export const DepartedCase = z.object({
  caseId: z.string().min(1).max(64),
  number: z.string().min(1).max(64),
  title: z.string().max(200),
  reason: z.enum(['closed', 'unassigned']),
  /** When the case was closed; null for an unassignment (the platform keeps no date for it). */
  at: Timestamp.nullable(),
  closeReason: z.string().max(2000).nullable(),
});
export type DepartedCase = z.infer<typeof DepartedCase>;

export const CaseList = z.object({
  cases: z.array(Case),
  /** Additive: cases this officer pulled that are now closed or no longer theirs (detectives only). */
  departed: z.array(DepartedCase).optional(),
});

export const CreatePullRequest = QueryContext.extend({ query: PullQuery });
export type CreatePullRequest = z.infer<typeof CreatePullRequest>;

export const PullCreated = z.object({
  pullId: z.string().min(1),
  /** Reads the pull will deliver (after the legal gate), known up front for progress and ETA. */
  total: z.number().int().min(0),
  withheld: Withheld,
  /** Approval decisions the pull runs under, if any (Belgian extended access). */
  approvals: z.array(z.string()),
});
export type PullCreated = z.infer<typeof PullCreated>;

/**
 * Cursor of a pull: the position of the last read the client committed. Reads
 * are streamed in (capturedAt, id) order, so resuming "after" a cursor is exact.
 */
export const PullCursor = z
  .string()
  .regex(/^\d{1,16}:[0-9a-f-]{36}$/, 'cursor is <epochMs>:<uuid>');
export const cursorOf = (read: { capturedAt: string; id: string }): string =>
  `${Date.parse(read.capturedAt)}:${read.id}`;

/** One NDJSON line of GET /api/v1/pulls/{id}/reads. */
export const PullLine = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('read'),
    read: Read,
    approvalId: z.string().nullable(),
    retentionUntil: Timestamp,
  }),
  z.object({ type: z.literal('end'), delivered: z.number().int(), withheld: Withheld }),
]);

export const CameraList = z.object({ cameras: z.array(Camera) });

/** The camera register's administration API (#14 item 3): import, edits, status, outages. */
export * from './camera-register.ts';

/**
 * A prosecutor's approve/narrow decision on a case's extended-access request:
 * what a workstation's own age gate needs to show reads older than the normal
 * window (GET /api/v1/cases/{id}/approvals). Expired ones are listed too.
 */
export const CaseApproval = z.object({
  decisionId: z.string().min(1).max(64),
  decision: z.enum(['approve', 'narrow']),
  /** Normalised plates; null = not limited by plate. */
  plates: z.array(z.string().min(1).max(64)).max(100).nullable(),
  area: Area.nullable(),
  periodFrom: Timestamp,
  periodTo: Timestamp,
  expiresAt: Timestamp,
});
export type CaseApproval = z.infer<typeof CaseApproval>;
export const CaseApprovals = z.object({ approvals: z.array(CaseApproval) });

export const PlateHistoryRequest = QueryContext.extend({
  plate: PlatePattern,
  mode: z.enum(['exact', 'wildcard', 'fuzzy']).default('exact'),
  maxSubstitutions: z.number().int().min(0).max(3).default(1),
  range: TimeRange.optional(),
  limit: z.number().int().min(1).max(5000).default(1000),
});
export const AreaQueryRequest = QueryContext.extend({
  area: Area,
  range: TimeRange,
  limit: z.number().int().min(1).max(20000).default(5000),
});
export const QueryResult = z.object({
  reads: z.array(Read),
  total: z.number().int(),
  withheld: Withheld,
});

export const HealthResponse = z.object({
  status: z.literal('ok'),
  time: Timestamp,
  policy: z.enum(['be', 'dk']),
});

/* ---- workstation audit sync ---- */

/** A workstation registers its device signing key once per officer session. */
export const RegisterDeviceRequest = z.object({
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  publicKeyPem: z.string().min(40).max(2000),
});
export const RegisterDeviceResponse = z.object({ deviceId: z.string(), registeredAt: Timestamp });

/** Upload of the next slice of a workstation's chain, with a signed checkpoint of its head. */
export const AuditUploadRequest = z.object({
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  entries: z.array(RawChainEntry).max(5000),
  checkpoint: SignedCheckpoint,
  /** The latest platform checkpoint this workstation holds (a C2SP signed note): its witness. */
  platformCheckpoint: z.string().max(8192).optional(),
});
export const AuditUploadResponse = z.object({
  accepted: z.number().int().min(0),
  /** The platform's view of this device's chain head after the upload. */
  head: ChainPosition.nullable(),
  gaps: z.array(z.object({ fromSeq: z.number().int(), toSeq: z.number().int() })),
  /** A checkpoint of the platform's own audit chain (C2SP signed note) for the workstation to keep. */
  platformCheckpoint: z.string().max(8192).optional(),
});

/** GET /api/v1/audit/checkpoint-key: the key that signs the platform chain's checkpoints. */
export const PlatformCheckpointKey = z.object({
  origin: z.string().min(1).max(256),
  /** Signed-note verifier key: `<origin>+<key id>+<base64(0x01 || Ed25519 key)>`. */
  vkey: z.string().min(1).max(512),
  publicKeyPem: z.string().min(40).max(2000),
});
export type PlatformCheckpointKey = z.infer<typeof PlatformCheckpointKey>;

/* ---- administration (#14): officers and cases, admin role only ---- */

/** Lower-case usernames, as the identity store keeps them. */
export const AdminUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,63}$/,
    'a username is 2 to 64 characters a-z, 0-9, ".", "_" or "-"',
  );

/** Every administrative change says why (the shared justification rule); it goes into the audit trail. */
export const AdminChangeRequest = z
  .object({ justification: Justification })
  .meta({ id: 'AdminChangeRequest' });

export const AdminOfficer = z
  .object({
    id: z.string().min(1).max(64),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(Role),
    disabled: z.boolean(),
    disabledAt: Timestamp.nullable(),
    /** Locked out for a while after too many failed sign-ins (not the same as disabled). */
    locked: z.boolean(),
    lastLogonAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'AdminOfficer' });
export type AdminOfficer = z.infer<typeof AdminOfficer>;

export const AdminOfficerList = z
  .object({ officers: z.array(AdminOfficer) })
  .meta({ id: 'AdminOfficerList' });

export const AdminCreateOfficerRequest = z
  .object({
    username: AdminUsername,
    displayName: z.string().trim().min(1).max(120),
    roles: z.array(Role).min(1, 'give at least one role'),
    /** Omitted: the platform generates one and returns it once. */
    initialPassword: z
      .string()
      .min(12, 'an initial password has at least 12 characters')
      .max(200)
      .optional(),
    justification: Justification,
  })
  .meta({ id: 'AdminCreateOfficerRequest' });
export type AdminCreateOfficerRequest = z.input<typeof AdminCreateOfficerRequest>;

/** A TOTP enrolment, shown once: the officer scans the URI into an authenticator app. */
export const AdminMfaEnrolment = z
  .object({ totpSecret: z.string(), otpauthUri: z.string() })
  .meta({ id: 'AdminMfaEnrolment' });

export const AdminOfficerCreated = z
  .object({
    officer: AdminOfficer,
    /** The generated initial password, shown once; null when the administrator gave one. */
    initialPassword: z.string().nullable(),
    mfa: AdminMfaEnrolment,
  })
  .meta({ id: 'AdminOfficerCreated' });

export const AdminSetRolesRequest = z
  .object({ roles: z.array(Role).min(1, 'give at least one role'), justification: Justification })
  .meta({ id: 'AdminSetRolesRequest' });

export const AdminMfaReset = z
  .object({ officer: AdminOfficer, mfa: AdminMfaEnrolment })
  .meta({ id: 'AdminMfaReset' });

export const AdminLegalBasis = z
  .object({
    id: z.string(),
    label: z.object({ en: z.string(), nl: z.string(), fr: z.string(), da: z.string().optional() }),
    provision: z.string(),
    purposes: z.array(Purpose),
  })
  .meta({ id: 'AdminLegalBasis' });
export const AdminLegalBasisList = z
  .object({ legalBases: z.array(AdminLegalBasis) })
  .meta({ id: 'AdminLegalBasisList' });

export const AdminCreateCaseRequest = z
  .object({
    number: z.string().trim().min(1).max(64),
    title: z.string().trim().min(1).max(200),
    purpose: Purpose,
    /** An id from the policy pack's list (GET /api/v1/admin/legal-bases), never free text. */
    legalBasis: z
      .string()
      .max(64)
      .regex(
        /^[a-z0-9-]+$/,
        'pick a legal basis id from the policy pack list (GET /api/v1/admin/legal-bases)',
      ),
    /** What the case is about; defaults to the legal basis's label. */
    offence: z.string().trim().min(1).max(200).optional(),
    /** The vehicles, area and period the case covers, for the officers' eyes. */
    scope: z.string().trim().max(2000).default(''),
    assignedOfficers: z.array(AdminUsername).max(200).default([]),
    justification: Justification,
  })
  .meta({ id: 'AdminCreateCaseRequest' });
export type AdminCreateCaseRequest = z.input<typeof AdminCreateCaseRequest>;

export const AdminAssignRequest = z
  .object({ username: AdminUsername, justification: Justification })
  .meta({ id: 'AdminAssignRequest' });

export const AdminCloseCaseRequest = z
  .object({
    /** Told to the officers whose workstations erase their copy. */
    reason: z.string().trim().min(3, 'say why the case is closed').max(2000),
    justification: Justification,
  })
  .meta({ id: 'AdminCloseCaseRequest' });

export const AdminCase = Case.extend({
  closedAt: Timestamp.nullable(),
  closeReason: z.string().nullable(),
}).meta({ id: 'AdminCase' });
export type AdminCase = z.infer<typeof AdminCase>;

export const AdminCaseList = z.object({ cases: z.array(AdminCase) }).meta({ id: 'AdminCaseList' });
