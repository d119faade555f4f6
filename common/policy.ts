import { z } from 'zod';
import { pointInArea, type Area } from './geo.ts';
import beJson from '../resources/policy/be.json' with { type: 'json' };
import dkJson from '../resources/policy/dk.json' with { type: 'json' };
import { Role } from './officer.ts';
import { UnitType } from './read.ts';

/**
 * Jurisdiction policy packs: retention and consultation rules as DATA
 * (resources/policy/*.json), read identically by the platform and the
 * workstation, plus the pure functions that apply them. Time is always passed
 * in; nothing here reads the clock.
 *
 * Two conventions hold everywhere:
 * - Durations are ISO-8601 and applied with calendar arithmetic in UTC; a
 *   day-of-month missing in the target month is clamped to that month's last
 *   day (31 Jan + P1M = 28/29 Feb), as java.time and most databases do.
 * - Limits are inclusive: a read exactly 30 days old is inside a P30D window,
 *   a read whose deadline is exactly `now` is still kept; one millisecond
 *   later it is not.
 *
 * Windows ("how far back may I look") are computed backwards from `now`
 * (`now - P30D`), because that is the bound a query puts in its WHERE clause.
 * Deadlines ("when must this read go") are computed forwards from the capture
 * time, because that is what the purge compares with `now`. With month
 * durations the two can differ by a clamped day; each function says which it uses.
 */

// ---------------------------------------------------------------------------
// ISO-8601 durations
// ---------------------------------------------------------------------------

const DURATION_RE =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export interface ParsedDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Parses the integer subset of ISO-8601 durations (`P30D`, `P1Y6M`, `PT24H`); throws otherwise. */
export function parseDuration(iso: string): ParsedDuration {
  const m = DURATION_RE.exec(iso);
  // "P" alone and a "T" without a time component are not durations.
  if (!m || iso === 'P' || iso.endsWith('T'))
    throw new Error(`not an ISO-8601 duration: ${JSON.stringify(iso)}`);
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  return {
    years: n(1),
    months: n(2),
    weeks: n(3),
    days: n(4),
    hours: n(5),
    minutes: n(6),
    seconds: n(7),
  };
}

export const IsoDuration = z.string().refine(
  (s) => {
    try {
      parseDuration(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an ISO-8601 duration such as P30D, P3M, P1Y or PT24H' },
);

function shift(date: Date, iso: string, sign: 1 | -1): Date {
  const d = parseDuration(iso);
  // Calendar part first (years, months with end-of-month clamping), then the
  // exact part (weeks, days, time); in UTC a day is always 86 400 s.
  const monthIndex =
    date.getUTCFullYear() * 12 + date.getUTCMonth() + sign * (d.years * 12 + d.months);
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const calendar = new Date(date.getTime());
  calendar.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  const exactMs =
    ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3_600 + d.minutes * 60 + d.seconds) * 1000;
  return new Date(calendar.getTime() + sign * exactMs);
}

export const addDuration = (date: Date, iso: string): Date => shift(date, iso, 1);
export const subtractDuration = (date: Date, iso: string): Date => shift(date, iso, -1);

// ---------------------------------------------------------------------------
// Pack schema
// ---------------------------------------------------------------------------

const Description = z.string().min(1);

const Window = z.strictObject({ duration: IsoDuration, description: Description });

export const RetentionCondition = z.strictObject({
  hit: z.boolean().optional(),
  /** Inclusive range of Danish hit categories; a read without a category never matches. */
  hitCategories: z
    .strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) })
    .optional(),
  unitTypes: z.array(UnitType).min(1).optional(),
  targetedOperation: z.boolean().optional(),
});
export type RetentionCondition = z.infer<typeof RetentionCondition>;

export const RetentionRule = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** All given conditions must hold; `{}` matches every read. */
  when: RetentionCondition,
  /** How long a matching read is kept after capture. */
  keep: IsoDuration,
  /** Present on configurable rules: the legal ceiling `keep` is capped at. */
  maxKeep: IsoDuration.optional(),
  description: Description,
});
export type RetentionRule = z.infer<typeof RetentionRule>;

/**
 * An offence type a query is made for (#15: free-text reasons alone were found
 * vague and gamed, so every query also names one of the pack's types). Its
 * legal basis ties it to the case's purpose: a type is only offered, and only
 * accepted, under a case whose purpose it lists.
 */
export const OffenceType = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .max(64),
  label: z.strictObject({
    en: Description,
    nl: Description,
    fr: Description,
    da: Description.optional(),
  }),
  /** The provision that allows ANPR use for this type, as the audit trail and reports quote it. */
  legalBasis: Description,
  purposes: z.array(z.enum(['judicial', 'administrative'])).min(1),
});
export type OffenceType = z.infer<typeof OffenceType>;

/**
 * A legal basis a case may rest on (#14: a case's basis was free text, so the
 * Danish § 7 list could not be checked). An administrator picks one from the
 * pack's list when creating a case; the case records its provision.
 */
export const LegalBasis = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .max(64),
  label: z.strictObject({
    en: Description,
    nl: Description,
    fr: Description,
    da: Description.optional(),
  }),
  /** The provision as the case, the audit trail and reports quote it. */
  provision: Description,
  purposes: z.array(z.enum(['judicial', 'administrative'])).min(1),
});
export type LegalBasis = z.infer<typeof LegalBasis>;

/**
 * A hotlist category of the pack (#14): every hotlist names one, so a hit
 * says why the plate was listed, not only that it was. Denmark: the 13
 * categories of the executive order on ANPG, § 4 (their numbers drive the
 * hit retention rules); Belgium: the pack's own list, numbered the same way
 * so a hit's category is one small number on both sides of the wire.
 */
export const HotlistCategory = z.strictObject({
  id: z.number().int().min(1).max(13),
  label: z.strictObject({
    en: Description,
    nl: Description,
    fr: Description,
    da: Description.optional(),
  }),
  /** The provision a list of this category rests on, as hotlist forms offer it. */
  legalBasis: Description,
});
export type HotlistCategory = z.infer<typeof HotlistCategory>;

export const PolicyPack = z
  .strictObject({
    id: z.string().regex(/^[a-z]{2}$/),
    jurisdiction: z.string().min(1),
    version: z.string().min(1),
    description: Description,
    sources: z.array(z.string()),
    /** What a query may be for: every query names one of these, allowed for its case's purpose. */
    offences: z.strictObject({ description: Description, types: z.array(OffenceType).min(1) }),
    /**
     * The legal bases a case may be created on. `fromOffenceTypes`: the pack's
     * offence types are themselves the grounds of use (Denmark: the five uses of
     * ANPG § 7), so the list is derived from them and cannot drift apart.
     */
    legalBases: z
      .strictObject({
        description: Description,
        fromOffenceTypes: z.boolean().default(false),
        bases: z.array(LegalBasis).default([]),
      })
      .optional(),
    consultation: z.strictObject({
      /** Reachable without approval; null = everything still retained. */
      normalWindow: Window.nullable(),
      /** Hard limit for an administrative purpose; null = same as judicial. */
      administrativeWindow: Window.nullable(),
      /** Access beyond the normal window with an approved decision; null = not possible. */
      extendedAccess: z
        .strictObject({
          maxLookback: IsoDuration,
          approverRole: Role,
          scope: z.array(z.enum(['case', 'plates-or-area', 'period'])).min(1),
          description: Description,
        })
        .nullable(),
      description: Description.optional(),
    }),
    retention: z.strictObject({
      description: Description,
      rules: z.array(RetentionRule).min(1),
      /** Extraordinary postponement of deletion; null = not possible in this jurisdiction. */
      postponement: z.strictObject({ decidedByRole: Role, description: Description }).nullable(),
    }),
    disclosure: z.strictObject({ privateRecipients: z.boolean(), description: Description }),
    /**
     * Work without the platform (#15): how long an offline grant issued at an
     * online sign-in with MFA lasts, and how many wrong offline unlock secrets
     * end it until the next online sign-in. Packs without it get 12 hours and 5.
     */
    offline: z
      .strictObject({
        grantLength: IsoDuration,
        maxUnlockFailures: z.number().int().min(1).max(20),
        description: Description,
      })
      .default({
        grantLength: 'PT12H',
        maxUnlockFailures: 5,
        description: 'Offline work lasts 12 hours after an online sign-in with MFA.',
      }),
    /** The categories a hotlist may have (#14); packs without it accept no governed hotlist. */
    hotlistCategories: z
      .strictObject({ description: Description, categories: z.array(HotlistCategory).min(1) })
      .optional(),
  })
  .superRefine((pack, ctx) => {
    // Every read must get a deadline: the purge must never meet a read no rule covers.
    const last = pack.retention.rules.at(-1);
    if (last && Object.keys(last.when).length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['retention', 'rules', pack.retention.rules.length - 1, 'when'],
        message: 'the last retention rule must have no conditions (a catch-all)',
      });
    }
    const offenceIds = pack.offences.types.map((o) => o.id);
    if (new Set(offenceIds).size !== offenceIds.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['offences', 'types'],
        message: 'offence type ids must be unique',
      });
    }
    if (pack.legalBases) {
      const { fromOffenceTypes, bases } = pack.legalBases;
      if (fromOffenceTypes === bases.length > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['legalBases'],
          message: 'list the legal bases, or set fromOffenceTypes (not both)',
        });
      const baseIds = bases.map((b) => b.id);
      if (new Set(baseIds).size !== baseIds.length)
        ctx.addIssue({
          code: 'custom',
          path: ['legalBases', 'bases'],
          message: 'legal basis ids must be unique',
        });
    }
    const ids = pack.retention.rules.map((r) => r.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['retention', 'rules'],
        message: 'retention rule ids must be unique',
      });
    }
  });
export type PolicyPack = z.infer<typeof PolicyPack>;
export type PolicyPackId = 'be' | 'dk';

/** Validates a pack (e.g. a JSON file); throws with the offending paths. */
export function parsePolicyPack(json: unknown): PolicyPack {
  const result = PolicyPack.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(pack)'}: ${i.message}`)
      .join('; ');
    throw new Error(`invalid policy pack: ${issues}`);
  }
  return result.data;
}

/** The shipped packs, validated when this module loads so a broken pack fails at start-up. */
export const POLICY_PACKS: Record<PolicyPackId, PolicyPack> = {
  be: parsePolicyPack(beJson),
  dk: parsePolicyPack(dkJson),
};

/**
 * A copy of the pack with a configurable rule's `keep` changed (e.g. a
 * shorter no-hit period for a Danish targeted operation). Refuses rules
 * without `maxKeep`; a value above the ceiling is accepted but capped when
 * deadlines are computed, so configuration can never extend the law.
 */
export function configureRetention(pack: PolicyPack, ruleId: string, keep: string): PolicyPack {
  parseDuration(keep);
  const rule = pack.retention.rules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no retention rule ${ruleId} in pack ${pack.id}`);
  if (rule.maxKeep === undefined)
    throw new Error(`retention rule ${ruleId} of pack ${pack.id} is not configurable`);
  return parsePolicyPack({
    ...pack,
    retention: {
      ...pack.retention,
      rules: pack.retention.rules.map((r) => (r.id === ruleId ? { ...r, keep } : r)),
    },
  });
}

// ---------------------------------------------------------------------------
// Retention
// ---------------------------------------------------------------------------

export interface RetentionInput {
  capturedAt: Date;
  hit: boolean;
  hitCategory: number | null;
  unitType: UnitType;
  targetedOperation: boolean;
}

function matches(when: RetentionCondition, read: RetentionInput): boolean {
  if (when.hit !== undefined && when.hit !== read.hit) return false;
  if (when.hitCategories !== undefined) {
    const c = read.hitCategory;
    if (c === null || c < when.hitCategories.min || c > when.hitCategories.max) return false;
  }
  if (when.unitTypes !== undefined && !when.unitTypes.includes(read.unitType)) return false;
  if (when.targetedOperation !== undefined && when.targetedOperation !== read.targetedOperation)
    return false;
  return true;
}

/** The first rule whose conditions hold (the schema guarantees a catch-all). */
export function retentionRuleFor(pack: PolicyPack, read: RetentionInput): RetentionRule {
  const rule = pack.retention.rules.find((r) => matches(r.when, read));
  if (!rule) throw new Error(`policy pack ${pack.id} has no retention rule for this read`);
  return rule;
}

function keptUntil(rule: RetentionRule, capturedAt: Date): Date {
  const deadline = addDuration(capturedAt, rule.keep);
  if (rule.maxKeep === undefined) return deadline;
  const ceiling = addDuration(capturedAt, rule.maxKeep);
  return deadline <= ceiling ? deadline : ceiling;
}

/**
 * When the read must be gone (computed forwards from the capture time). A
 * postponement only counts where the pack allows one (the caller checks that
 * the decision came from `retention.postponement.decidedByRole`), and only
 * ever extends the deadline. In a pack without postponement it is ignored:
 * no stored decision can override the law.
 */
export function retentionDeadline(
  pack: PolicyPack,
  read: RetentionInput,
  postponedUntil?: Date | null,
): Date {
  const deadline = keptUntil(retentionRuleFor(pack, read), read.capturedAt);
  if (postponedUntil && pack.retention.postponement !== null && postponedUntil > deadline) {
    return new Date(postponedUntil.getTime());
  }
  return deadline;
}

/** True once the deadline has passed (the deadline instant itself is still kept). */
export function retentionExpired(
  pack: PolicyPack,
  read: RetentionInput,
  now: Date,
  postponedUntil?: Date | null,
): boolean {
  return now.getTime() > retentionDeadline(pack, read, postponedUntil).getTime();
}

/**
 * Whether a read captured at `capturedAt` may still exist under the most
 * generous rule of the pack (forwards from capture, like the purge). Used
 * when the read's category is not known, e.g. to judge a query period.
 */
function withinLongestRetention(pack: PolicyPack, capturedAt: Date, now: Date): boolean {
  return pack.retention.rules.some((r) => now.getTime() <= keptUntil(r, capturedAt).getTime());
}

/** Earliest capture time any rule of the pack can still retain (backwards from now). */
export function retentionHorizon(pack: PolicyPack, now: Date): Date {
  let earliest = now;
  for (const r of pack.retention.rules) {
    let start = subtractDuration(now, r.keep);
    if (r.maxKeep !== undefined) {
      const ceiling = subtractDuration(now, r.maxKeep);
      if (ceiling > start) start = ceiling;
    }
    if (start < earliest) earliest = start;
  }
  return earliest;
}

// ---------------------------------------------------------------------------
// Consultation
// ---------------------------------------------------------------------------

export type ConsultationPurpose = 'judicial' | 'administrative';

export interface ExtendedAccessApproval {
  periodFrom: Date;
  periodTo: Date;
  expiresAt: Date;
}

export type ConsultationDenialReason =
  | 'needs-extended-access'
  | 'approval-expired'
  | 'outside-approved-period'
  | 'administrative-window'
  | 'beyond-retention';

export type ConsultationDecision =
  | { allowed: true; basis: 'normal-window' | 'extended-access' }
  | { allowed: false; reason: ConsultationDenialReason; message: string };

/**
 * Earliest capture time reachable without approval (inclusive), backwards
 * from `now`. An administrative purpose gets the narrower of the normal and
 * the administrative window.
 */
export function normalWindowStart(pack: PolicyPack, now: Date, purpose: ConsultationPurpose): Date {
  const { normalWindow, administrativeWindow } = pack.consultation;
  let start = normalWindow
    ? subtractDuration(now, normalWindow.duration)
    : retentionHorizon(pack, now);
  if (purpose === 'administrative' && administrativeWindow) {
    const adminStart = subtractDuration(now, administrativeWindow.duration);
    if (adminStart > start) start = adminStart;
  }
  return start;
}

/**
 * Earliest capture time an approved extended-access decision can reach
 * (inclusive). Never before what is retained; in a pack without extended
 * access it is the normal window's start.
 */
export function maxExtendedAccessStart(pack: PolicyPack, now: Date): Date {
  const ext = pack.consultation.extendedAccess;
  if (!ext) return normalWindowStart(pack, now, 'judicial');
  const start = subtractDuration(now, ext.maxLookback);
  const horizon = retentionHorizon(pack, now);
  return start > horizon ? start : horizon;
}

export function privateRecipientsAllowed(pack: PolicyPack): boolean {
  return pack.disclosure.privateRecipients;
}

/** The offence types a query under a case of this purpose may name, in the pack's order. */
export function offenceTypesFor(pack: PolicyPack, purpose: ConsultationPurpose): OffenceType[] {
  return pack.offences.types.filter((o) => o.purposes.includes(purpose));
}

/**
 * Why a query may not name this offence type under a case of this purpose,
 * or null when it may. Platform and workstation both ask before any data moves.
 */
export function offenceTypeProblem(
  pack: PolicyPack,
  purpose: ConsultationPurpose,
  id: string,
): string | null {
  const type = pack.offences.types.find((o) => o.id === id);
  const allowed = offenceTypesFor(pack, purpose)
    .map((o) => o.id)
    .join(', ');
  if (!type) return `Unknown offence type ${JSON.stringify(id)}: pick one of ${allowed}.`;
  if (!type.purposes.includes(purpose))
    return `The offence type "${type.label.en}" (${type.legalBasis}) does not fit a case with a ${purpose} purpose: pick one of ${allowed}.`;
  return null;
}

/** The legal bases a case may be created on, in the pack's order (empty: the pack has no list). */
export function legalBasesOf(pack: PolicyPack): LegalBasis[] {
  const list = pack.legalBases;
  if (!list) return [];
  if (!list.fromOffenceTypes) return list.bases;
  return pack.offences.types.map((o) => ({
    id: o.id,
    label: o.label,
    provision: o.legalBasis,
    purposes: o.purposes,
  }));
}

/**
 * The basis with this id, allowed for a case of this purpose, or why not (a
 * free-text basis or one of another purpose is refused, naming the choices).
 */
export function legalBasisFor(
  pack: PolicyPack,
  purpose: ConsultationPurpose,
  id: string,
): { ok: true; basis: LegalBasis } | { ok: false; problem: string } {
  const all = legalBasesOf(pack);
  const allowed = all
    .filter((b) => b.purposes.includes(purpose))
    .map((b) => b.id)
    .join(', ');
  if (all.length === 0)
    return { ok: false, problem: `The ${pack.id} policy pack lists no legal bases for cases.` };
  const basis = all.find((b) => b.id === id);
  if (!basis)
    return {
      ok: false,
      problem: `Not a legal basis of the ${pack.id} policy pack: pick one of ${allowed || '(none for this purpose)'}.`,
    };
  if (!basis.purposes.includes(purpose))
    return {
      ok: false,
      problem: `The legal basis "${basis.label.en}" (${basis.provision}) does not fit a ${purpose} case: pick one of ${allowed || '(none for this purpose)'}.`,
    };
  return { ok: true, basis };
}

/** "3 February 2026, 14:05 UTC": officers read these messages, not ISO strings. */
function when(date: Date): string {
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

/** "30 days", "12 months", "24 hours" for the durations the packs use. */
function describeDuration(iso: string): string {
  const d = parseDuration(iso);
  const parts: string[] = [];
  const add = (n: number, unit: string): void => {
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  };
  add(d.years, 'year');
  add(d.months, 'month');
  add(d.weeks, 'week');
  add(d.days, 'day');
  add(d.hours, 'hour');
  add(d.minutes, 'minute');
  add(d.seconds, 'second');
  return parts.join(' ') || '0 seconds';
}

/**
 * May a read captured at `capturedAt` be consulted now, for this purpose,
 * with this approval? Judges time only: the caller has already matched the
 * approval to the case and to the plates or area of the query.
 */
export function consultationDecision(
  pack: PolicyPack,
  ctx: {
    now: Date;
    purpose: ConsultationPurpose;
    capturedAt: Date;
    approval?: ExtendedAccessApproval | null;
  },
): ConsultationDecision {
  const { now, purpose, capturedAt, approval } = ctx;
  const t = capturedAt.getTime();

  if (!withinLongestRetention(pack, capturedAt, now)) {
    return {
      allowed: false,
      reason: 'beyond-retention',
      message: `Reads captured on ${when(capturedAt)} are past their deletion deadline and may not be consulted.`,
    };
  }

  const start = normalWindowStart(pack, now, purpose);
  if (t >= start.getTime()) return { allowed: true, basis: 'normal-window' };

  const { administrativeWindow, normalWindow, extendedAccess } = pack.consultation;
  if (purpose === 'administrative' && administrativeWindow) {
    const adminStart = subtractDuration(now, administrativeWindow.duration);
    if (t < adminStart.getTime()) {
      return {
        allowed: false,
        reason: 'administrative-window',
        message:
          `For an administrative purpose only reads from the last ${describeDuration(administrativeWindow.duration)} ` +
          `(since ${when(adminStart)}) can be consulted, with or without approval.`,
      };
    }
  }

  if (!extendedAccess) {
    return {
      allowed: false,
      reason: 'beyond-retention',
      message: `Reads captured before ${when(start)} can no longer be consulted in this jurisdiction.`,
    };
  }

  const extStart = maxExtendedAccessStart(pack, now);
  if (t < extStart.getTime()) {
    return {
      allowed: false,
      reason: 'beyond-retention',
      message:
        `Even with approval, reads can be consulted at most ${describeDuration(extendedAccess.maxLookback)} back ` +
        `(since ${when(extStart)}).`,
    };
  }

  const windowText = normalWindow
    ? `older than ${describeDuration(normalWindow.duration)}`
    : 'this old';
  if (!approval) {
    return {
      allowed: false,
      reason: 'needs-extended-access',
      message:
        `Reads ${windowText} (captured before ${when(start)}) need an approved extended-access decision ` +
        `by a ${extendedAccess.approverRole} for this case.`,
    };
  }
  if (now.getTime() >= approval.expiresAt.getTime()) {
    return {
      allowed: false,
      reason: 'approval-expired',
      message: `The extended-access approval expired on ${when(approval.expiresAt)}; request a new decision.`,
    };
  }
  if (t < approval.periodFrom.getTime() || t > approval.periodTo.getTime()) {
    return {
      allowed: false,
      reason: 'outside-approved-period',
      message:
        `The approval covers reads captured from ${when(approval.periodFrom)} to ${when(approval.periodTo)}; ` +
        `this read (${when(capturedAt)}) is outside that period.`,
    };
  }
  return { allowed: true, basis: 'extended-access' };
}

// ---------------------------------------------------------------------------
// The per-read gate (platform queries and pulls, workstation case stores)
// ---------------------------------------------------------------------------

/**
 * A read as the gate sees it. The platform's read table and a workstation's
 * case store use the same column names, so both hand their rows over as they are.
 */
export interface GatedRead {
  captured_at: number;
  /** The read's own deletion deadline (epoch ms); past it, the read is gone in law. */
  retention_until: number;
  /** Normalised plate. */
  plate: string;
  lat: number;
  lon: number;
  unit_id: string;
}

/** An extended-access approval with what it covers: one case, named plates and/or an area, a period. */
export interface ScopedApproval extends ExtendedAccessApproval {
  decisionId: string;
  /** Granted plates (normalised); null = not limited by plate. */
  plates: ReadonlySet<string> | null;
  area: Area | null;
}

/** Plates AND area when both are given: an approval never reaches further than each of its limits. */
export function approvalCovers(
  a: Pick<ScopedApproval, 'plates' | 'area'>,
  c: Pick<GatedRead, 'plate' | 'lat' | 'lon' | 'unit_id'>,
): boolean {
  if (a.plates === null && a.area === null) return false;
  if (a.plates !== null && !a.plates.has(c.plate)) return false;
  if (a.area !== null && !pointInArea({ lat: c.lat, lon: c.lon, unitId: c.unit_id }, a.area))
    return false;
  return true;
}

export type WithheldReason = ConsultationDenialReason;

export type ReadVerdict =
  { visible: true; decisionId: string | null } | { visible: false; reason: WithheldReason };

/** Denials in the order the officer most needs to hear about them. */
export const WITHHELD_REASON_PRIORITY: readonly WithheldReason[] = [
  'approval-expired',
  'outside-approved-period',
  'needs-extended-access',
  'administrative-window',
  'beyond-retention',
];

export interface ReadGate {
  judge(c: GatedRead): ReadVerdict;
  /** Earliest capture time visible without approval. */
  readonly windowStart: Date;
}

/**
 * The legal gate, one read at a time: the platform judges every read a query
 * or pull finds with it, and a workstation every read it serves from a case
 * store, so both sides hide exactly the same reads at the same `now` with the
 * same approvals. The caller passes only approvals of the read's case.
 */
export function readGate(
  pack: PolicyPack,
  now: Date,
  purpose: ConsultationPurpose,
  approvals: readonly ScopedApproval[],
): ReadGate {
  const nowMs = now.getTime();
  const windowStart = normalWindowStart(pack, now, purpose);
  const startMs = windowStart.getTime();
  return {
    windowStart,
    judge(c) {
      // Past its own deadline but not yet purged: gone in law already.
      if (c.retention_until < nowMs) return { visible: false, reason: 'beyond-retention' };
      if (c.captured_at >= startMs) return { visible: true, decisionId: null };
      const capturedAt = new Date(c.captured_at);
      const base = consultationDecision(pack, { now, purpose, capturedAt, approval: null });
      if (base.allowed) return { visible: true, decisionId: null };
      if (base.reason !== 'needs-extended-access') return { visible: false, reason: base.reason };
      let reason: WithheldReason = base.reason;
      for (const a of approvals) {
        if (!approvalCovers(a, c)) continue;
        const d = consultationDecision(pack, { now, purpose, capturedAt, approval: a });
        if (d.allowed) return { visible: true, decisionId: a.decisionId };
        if (WITHHELD_REASON_PRIORITY.indexOf(d.reason) < WITHHELD_REASON_PRIORITY.indexOf(reason))
          reason = d.reason;
      }
      return { visible: false, reason };
    },
  };
}
