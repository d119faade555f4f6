import { z } from 'zod';
import { Case, Justification, OffenceTypeId, ReasonCode } from '../case.ts';
import { PullQuery, Withheld } from '../platform-api.ts';
import { Officer, Role } from '../officer.ts';
import { Timestamp } from '../read.ts';
import { Settings, SettingsPatch } from '../settings.ts';
import type { Contract } from './dispatch.ts';
import { adminContract } from './admin-contract.ts';
import { detectiveContract } from './detective-contract.ts';
import { oversightContract } from './oversight-contract.ts';

/**
 * THE workstation API: every call the renderer can make, with the schema of
 * its argument and of its result. Both transports (Electron IPC and the
 * loopback browser host) are generated from this map, and so is the
 * renderer's typed client, so the three cannot drift apart.
 *
 * Naming: `area.verb`. Arguments are always an object (possibly empty) so a
 * call can gain optional fields without breaking older callers.
 */

const Empty = z.object({}).strict();

export const PolicyPackId = z.enum(['be', 'dk']);
export { Locale, Settings, SettingsPatch } from '../settings.ts';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'browser']),
  platformUrl: z.string(),
  policyPack: PolicyPackId,
  /** Where the workstation keeps its encrypted stores (shown in settings). */
  dataDir: z.string(),
  /** Why the saved settings were set aside at start (defaults apply), or null. */
  settingsNotice: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const SessionState = z.enum(['signed-out', 'signing-in', 'active', 'locked']);
export const SessionStatus = z.object({
  state: SessionState,
  officer: Officer.nullable(),
  /** The workspace the officer works in now (one of their roles). */
  activeRole: Role.nullable(),
  /** Why the session is locked: the officer locked it, it was idle too long, or its offline grant ended. */
  lockReason: z.enum(['manual', 'idle', 'expired', 'offline-ended']).nullable(),
  /** Minutes of inactivity after which the session locks. */
  idleLockMinutes: z.number().int().min(1).max(30),
  /** Plain-language reason when the workstation refuses to work (e.g. clock skew). */
  blockedReason: z.string().nullable(),
  /**
   * The workstation's clock when it answered (the clock its rules and the
   * platform's checks use). The renderer takes its "now" from this, never from
   * the browser's own clock.
   */
  now: Timestamp,
  /**
   * The offline grant this workstation holds for the officer at it (#15), or
   * null: until when case data stays usable without the platform, whether
   * the session works offline now, and whether the offline unlock is possible.
   */
  offline: z
    .object({
      officerName: z.string(),
      notAfter: Timestamp,
      working: z.boolean(),
      secretSet: z.boolean(),
      unlockAvailable: z.boolean(),
      lockedOut: z.boolean(),
    })
    .nullable(),
});
export type SessionStatus = z.infer<typeof SessionStatus>;
/** An offline unlock secret as typed (never stored: the workstation keeps a scrypt hash). */
const OfflineSecret = z.object({ secret: z.string().min(1).max(128) }).strict();

export const SignInStarted = z.object({
  authorizationUrl: z.url(),
  /** 'renderer': the browser shell opens the URL itself (same browser); 'workstation': the system browser was opened. */
  openedBy: z.enum(['workstation', 'renderer']),
});

/** What this workstation holds locally for a case (in its encrypted store). */
export const LocalCaseInfo = z.object({
  /** Reads held here that the age gate lets through now; plates, firstRead and lastRead are of those. */
  reads: z.number().int().min(0),
  firstRead: Timestamp.nullable(),
  lastRead: Timestamp.nullable(),
  plates: z.number().int().min(0),
  lastPullAt: Timestamp.nullable(),
  /** Reads held here that the age gate hides now (the case view's `withheld`). */
  hidden: z.number().int().min(0),
});
export type LocalCaseInfo = z.infer<typeof LocalCaseInfo>;

/**
 * Why this workstation's copy of a case cannot be read: the file is damaged,
 * it does not fit its key, or its key is gone from the keychain. The other
 * cases are unaffected; the recovery is `cases.discardLocal`, then a new pull.
 */
export const LocalDamage = z.object({
  reason: z.enum(['damaged-file', 'wrong-key', 'key-missing']),
  /** The officer-facing explanation (English); the renderer shows its own words per reason. */
  message: z.string(),
  recovery: z.literal('discard-local'),
});
export type LocalDamage = z.infer<typeof LocalDamage>;

export const CaseEntry = z.object({
  case: Case,
  local: LocalCaseInfo.nullable(),
  /** Set when the local copy exists but cannot be read (then `local` is null). */
  damaged: LocalDamage.nullable(),
});
export type CaseEntry = z.infer<typeof CaseEntry>;

const CaseRef = z.object({ caseId: z.string().min(1).max(64) }).strict();

/**
 * Why a case left the officer's list, learnt at the workstation's last contact
 * with the platform: closed, or the officer was unassigned. Its local copy (if
 * any) was crypto-shredded then. Kept until the officer dismisses it.
 */
export const CaseNotice = z.object({
  caseId: z.string().min(1).max(64),
  /** The case number (the id when neither the platform nor this session knew it). */
  number: z.string().min(1).max(64),
  title: z.string().max(200),
  reason: z.enum(['closed', 'unassigned']),
  /** When the case was closed, if the platform says; null for an unassignment. */
  at: Timestamp.nullable(),
  closeReason: z.string().max(2000).nullable(),
  /** True when this workstation held a copy and crypto-shredded it (key first, then files). */
  localCopyErased: z.boolean(),
});
export type CaseNotice = z.infer<typeof CaseNotice>;

export const PullState = z.enum(['running', 'retrying', 'done', 'cancelled', 'failed']);
export const PullStatus = z.object({
  pullId: z.string(),
  caseId: z.string(),
  state: PullState,
  /** Reads the platform will deliver for this pull (after its legal gate). */
  total: z.number().int().min(0),
  /**
   * Reads the query matched on the platform: `total` + `withheld.count`. When a
   * pull is done and the platform delivered all of `total`, offered = stored +
   * duplicates + alreadyHeld + invalid + withheld.count (the renderer names any rest).
   */
  offered: z.number().int().min(0),
  /** Records of the stream committed so far, whatever became of them (progress: of `total`). */
  received: z.number().int().min(0),
  /** Reads this pull added to the case store so far (committed: the resume point). */
  stored: z.number().int().min(0),
  /** Reads this pull delivered more than once (a re-delivery after a resume): stored once. */
  duplicates: z.number().int().min(0),
  /** Reads the case store already held from an earlier pull: not stored again. */
  alreadyHeld: z.number().int().min(0),
  /** Records that failed validation: counted and reported, never silently dropped. */
  invalid: z.number().int().min(0),
  invalidSamples: z.array(z.object({ lineNumber: z.number().int(), reason: z.string() })).max(20),
  withheld: Withheld,
  ratePerSecond: z.number().min(0),
  etaSeconds: z.number().min(0).nullable(),
  error: z.string().nullable(),
  startedAt: Timestamp,
  updatedAt: Timestamp,
  /**
   * Hotlist hits among the reads this pull stored, per category (#14): the
   * workstation tells the officer when a pull brought any. Optional: additive.
   */
  hits: z
    .array(z.object({ category: z.number().int().nullable(), count: z.number().int().min(1) }))
    .optional(),
});
export type PullStatus = z.infer<typeof PullStatus>;

export const StartPull = z
  .object({
    caseId: z.string().min(1).max(64),
    /** From the policy pack's offence list, allowed for the case's purpose. */
    offenceType: OffenceTypeId,
    reasonCode: ReasonCode,
    justification: Justification,
    query: PullQuery,
  })
  .strict();
export type StartPull = z.infer<typeof StartPull>;

export const AuditStatus = z.object({
  deviceId: z.string(),
  /** Local audit entries not yet acknowledged by the platform. */
  unsynced: z.number().int().min(0),
  oldestUnsyncedAt: Timestamp.nullable(),
  lastSyncAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  /** Why new queries are refused now (audit sync overdue), or null. */
  queriesBlocked: z.string().nullable(),
  /** Result of verifying the local chain, when asked for. */
  chain: z
    .object({ ok: z.boolean(), count: z.number().int().nullable(), message: z.string().nullable() })
    .nullable(),
});
export type AuditStatus = z.infer<typeof AuditStatus>;

/**
 * An on-demand re-encryption of this workstation's local data: every case
 * store and the workstation database under a fresh key (#15 item 9); the old
 * keys open nothing afterwards. Each rotation is in the local audit chain.
 */
export const RotateKeys = z
  .object({ justification: z.string().trim().max(1000).optional() })
  .strict();
export const KeysRotated = z.object({
  /** 'workstation' (the workstation database) and the ids of the cases whose stores were re-encrypted. */
  rotated: z.array(z.string()),
  /** Stores whose rotation failed (their old key still opens them; the next rotation tries again). */
  failures: z.array(z.object({ store: z.string(), message: z.string() })),
  at: Timestamp,
});
export type KeysRotated = z.infer<typeof KeysRotated>;

export const coreContract = {
  'app.info': { input: Empty, output: AppInfo },
  'session.status': { input: Empty, output: SessionStatus },
  'session.beginSignIn': { input: Empty, output: SignInStarted },
  'session.cancelSignIn': { input: Empty, output: SessionStatus },
  'session.switchRole': { input: z.object({ role: Role }).strict(), output: SessionStatus },
  'session.touch': { input: Empty, output: SessionStatus },
  'session.lock': { input: Empty, output: SessionStatus },
  'session.signOut': { input: Empty, output: SessionStatus },
  /** Online, after sign-in: the secret that unlocks this workstation offline within the grant. */
  'session.setOfflineSecret': { input: OfflineSecret, output: SessionStatus },
  /** With the platform out of reach: unlock with that secret, within the grant. */
  'session.unlockOffline': { input: OfflineSecret, output: SessionStatus },
  'cases.list': {
    input: Empty,
    // offline: the platform is unreachable; these are the cases seen earlier in this session.
    // notices: cases that left the list since, and why (until dismissed).
    output: z.object({
      cases: z.array(CaseEntry),
      offline: z.boolean(),
      notices: z.array(CaseNotice),
    }),
  },
  /** The officer has read why a case left their list: not shown again. */
  'cases.dismissNotice': { input: CaseRef, output: z.object({ notices: z.array(CaseNotice) }) },
  'cases.get': { input: CaseRef, output: CaseEntry },
  /**
   * Recovery path for a damaged or unreadable local store (or data no longer
   * needed): crypto-shreds this workstation's copy of the case; it can be pulled again.
   */
  'cases.discardLocal': {
    input: z.object({ caseId: z.string().min(1).max(64), justification: Justification }).strict(),
    output: CaseEntry,
  },
  'pulls.start': { input: StartPull, output: PullStatus },
  'pulls.list': { input: CaseRef, output: z.object({ pulls: z.array(PullStatus) }) },
  'pulls.cancel': { input: z.object({ pullId: z.string().min(1) }).strict(), output: PullStatus },
  'pulls.resume': { input: z.object({ pullId: z.string().min(1) }).strict(), output: PullStatus },
  'audit.status': {
    input: z.object({ verify: z.boolean().default(false) }).strict(),
    output: AuditStatus,
  },
  'audit.sync': { input: Empty, output: AuditStatus },
  'keys.rotate': { input: RotateKeys, output: KeysRotated },
  'settings.get': { input: Empty, output: Settings },
  'settings.update': { input: SettingsPatch, output: Settings },
} satisfies Contract;

export const contract = {
  ...coreContract,
  ...detectiveContract,
  ...oversightContract,
  ...adminContract,
} satisfies Contract;

export type CoreContract = typeof coreContract;
export type WorkstationContract = typeof contract;
export const methodNames = Object.keys(contract) as Array<keyof WorkstationContract>;
