import { createHash } from 'node:crypto';
import type { EntryTimeFinding } from '../audit/entry-times.ts';
import { isPlateLike, maskPlate, normalisePlate } from '../../common/plates.ts';
import type { Flag, FlagKind } from '../../common/oversight-api.ts';
import { baselinePerDay, BASELINE_WEEKS } from './activity.ts';
import { carriesJustification, isQuery, isRefused } from './classify.ts';
import type { OversightEntry } from './entries.ts';
import {
  boilerplateKey,
  isTooShort,
  personalDataIn,
  PERSONAL_DATA_LABELS,
  type PersonalDataKind,
} from './justification.ts';
import { describeOfficeHours, isOutOfHours, localTime, type OfficeHours } from './zone.ts';

/**
 * Flags: patterns in an officer's audit trail that a supervisor should look
 * at, each with a plain explanation of what was seen and why it matters.
 * A flag is a reason to look, not a verdict. Thresholds are design choices
 * (kept together in FLAG_THRESHOLDS) and every flag names its entries.
 */

export const FLAG_THRESHOLDS = {
  /** Out-of-hours queries: at least this many, and at least this share of all queries. */
  outOfHoursMin: 3,
  outOfHoursShare: 0.25,
  /** A day is a spike at this multiple of the officer's usual queries per active day ... */
  spikeFactor: 4,
  /** ... and at least this many queries. */
  spikeMin: 20,
  /** Without any baseline, a day this busy is flagged anyway. */
  spikeNoBaseline: 200,
  /** Refused attempts in the period. */
  refusalsMin: 3,
  /** The same justification shape used this many times, under at least two cases. */
  boilerplateMin: 5,
};

export interface CaseInfo {
  number: string;
  /** The case's scope text: a plate it names is related to the case. */
  scope: string;
}

export interface FlagOptions {
  from: Date;
  to: Date;
  zone: string;
  hours: OfficeHours;
  officers: ReadonlyMap<string, { username: string }>;
  cases: ReadonlyMap<string, CaseInfo>;
}

const MAX_REFS = 50;

/** Platform entry for an audit write failure reported by a workstation (platform/api/device-routes.ts). */
export const AUDIT_FAILURE_ACTION = 'audit.workstation-failure';

function flagId(kind: FlagKind, officerId: string, subject: string): string {
  return createHash('sha256')
    .update(`${kind}\u0000${officerId}\u0000${subject}`)
    .digest('hex')
    .slice(0, 16);
}

/** Shows what was typed without passing on personal data: plates masked, long numbers and addresses hidden. */
export function redact(text: string, max = 80): string {
  const cleaned = text
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[e-mail]')
    .replace(/\+?\d[\d\s./-]{5,}\d/g, (m) => (m.replace(/\D/g, '').length >= 6 ? '[number]' : m))
    .replace(
      /[A-Za-zÄÖÜÆØÅäöüæøå0-9][A-Za-zÄÖÜÆØÅäöüæøå0-9\-.·]{2,}[A-Za-zÄÖÜÆØÅäöüæøå0-9]/gu,
      (w) => (/\d/.test(w) && isPlateLike(w) ? maskPlate(w) : w),
    );
  return cleaned.length > max ? cleaned.slice(0, max - 1) + '…' : cleaned;
}

function scopeNames(scope: string, plate: string): boolean {
  return scope
    .toUpperCase()
    .replace(/[\s\-.·_]/g, '')
    .includes(normalisePlate(plate));
}

function span(entries: readonly OversightEntry[]): { firstAt: string; lastAt: string } {
  let first = entries[0]!.at;
  let last = first;
  for (const e of entries) {
    if (e.at < first) first = e.at;
    if (e.at > last) last = e.at;
  }
  return { firstAt: first.toISOString(), lastAt: last.toISOString() };
}

function localStamp(at: Date, zone: string): string {
  const t = localTime(at, zone);
  const day = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][t.weekday];
  return `${day} ${t.day} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

const pct = (n: number, of: number) => Math.round((100 * n) / Math.max(of, 1));
const quoteList = (xs: readonly string[]) => xs.map((x) => `‘${x}’`).join(', ');

/** Every flag for every officer with entries in the period (entries may reach back for baselines). */
export function computeFlags(entries: readonly OversightEntry[], o: FlagOptions): Flag[] {
  const byOfficer = new Map<string, OversightEntry[]>();
  for (const e of entries) {
    const id = e.body.actor.officerId;
    let list = byOfficer.get(id);
    if (!list) byOfficer.set(id, (list = []));
    list.push(e);
  }
  const flags: Flag[] = [];
  for (const [officerId, all] of byOfficer) {
    const inPeriod = all.filter((e) => e.at >= o.from && e.at <= o.to);
    if (inPeriod.length === 0) continue;
    const username = o.officers.get(officerId)?.username ?? inPeriod[0]!.body.actor.username;
    flags.push(...officerFlags(officerId, username, inPeriod, all, o));
  }
  const order = { high: 0, medium: 1, low: 2 };
  return flags.sort(
    (a, b) =>
      order[a.severity] - order[b.severity] || b.count - a.count || a.id.localeCompare(b.id),
  );
}

function officerFlags(
  officerId: string,
  username: string,
  entries: readonly OversightEntry[],
  history: readonly OversightEntry[],
  o: FlagOptions,
): Flag[] {
  const out: Flag[] = [];
  const make = (
    kind: FlagKind,
    subject: string,
    severity: Flag['severity'],
    hits: readonly OversightEntry[],
    params: Flag['params'],
    explanation: string,
  ) => {
    const sorted = [...hits].sort((a, b) => a.at.getTime() - b.at.getTime());
    out.push({
      id: flagId(kind, officerId, subject),
      kind,
      severity,
      officerId,
      username,
      params,
      explanation,
      count: hits.length,
      ...span(sorted),
      entryRefs: sorted.slice(0, MAX_REFS).map((e) => e.ref),
    });
  };
  const queries = entries.filter((e) => isQuery(e.body));

  // 1. Out of hours.
  const late = queries.filter((e) => isOutOfHours(e.at, o.zone, o.hours));
  if (
    late.length >= FLAG_THRESHOLDS.outOfHoursMin &&
    late.length >= FLAG_THRESHOLDS.outOfHoursShare * queries.length
  ) {
    const share = pct(late.length, queries.length);
    const example = localStamp(late[late.length - 1]!.at, o.zone);
    const hours = describeOfficeHours(o.hours);
    make(
      'out-of-hours',
      'period',
      late.length >= 10 && share >= 50 ? 'high' : 'medium',
      late,
      { count: late.length, total: queries.length, percent: share, hours, example },
      `${late.length} of ${queries.length} searches (${share}%) were made outside office hours (${hours}, local time), for example on ${example}. ` +
        'Searches at night or at the weekend are not wrong in themselves, but a pattern of them deserves a look at what they were for.',
    );
  }

  // 2. Volume far above the officer's own baseline.
  const baseline = baselinePerDay(history, o.from, o.zone);
  const perDay = new Map<string, OversightEntry[]>();
  for (const e of queries) {
    const d = localTime(e.at, o.zone).day;
    let l = perDay.get(d);
    if (!l) perDay.set(d, (l = []));
    l.push(e);
  }
  for (const [day, list] of perDay) {
    const n = list.length;
    if (baseline.perDay !== null) {
      const threshold = Math.max(
        FLAG_THRESHOLDS.spikeMin,
        FLAG_THRESHOLDS.spikeFactor * baseline.perDay,
      );
      if (n < threshold) continue;
      const usual = Math.round(baseline.perDay * 10) / 10;
      const factor = Math.round((n / baseline.perDay) * 10) / 10;
      make(
        'volume-spike',
        day,
        factor >= 10 ? 'high' : 'medium',
        list,
        { day, count: n, baseline: usual, factor, weeks: BASELINE_WEEKS },
        `On ${day} this officer made ${n} searches, ${factor} times their usual ${usual} per working day over the ${BASELINE_WEEKS} weeks before. ` +
          'A sudden jump in volume can be a new case, or bulk look-ups that no case needs.',
      );
    } else if (n >= FLAG_THRESHOLDS.spikeNoBaseline) {
      make(
        'volume-spike',
        day,
        'medium',
        list,
        { day, count: n, baseline: 0, factor: 0, weeks: BASELINE_WEEKS },
        `On ${day} this officer made ${n} searches, with no earlier activity in the ${BASELINE_WEEKS} weeks before to compare with.`,
      );
    }
  }

  // 3. One plate searched under several cases that do not name it.
  const byPlate = new Map<string, OversightEntry[]>();
  for (const e of queries) {
    for (const p of e.plates) {
      if (/[?*]/.test(p)) continue;
      let l = byPlate.get(p);
      if (!l) byPlate.set(p, (l = []));
      l.push(e);
    }
  }
  for (const [plate, list] of byPlate) {
    const cases = [...new Set(list.map((e) => e.body.caseId).filter((c): c is string => !!c))];
    if (cases.length < 2) continue;
    const naming = cases.filter((c) => scopeNames(o.cases.get(c)?.scope ?? '', plate));
    // A plate that belongs to one of two cases may fairly be checked under the other; beyond that, or
    // when no case names it at all, the pattern needs explaining.
    if (naming.length > 1 || (naming.length === 1 && cases.length < 3)) continue;
    const numbers = cases.map((c) => o.cases.get(c)?.number ?? c).sort();
    const masked = maskPlate(plate);
    make(
      'plate-across-cases',
      plate,
      cases.length >= 3 || (naming.length === 0 && list.length >= 5) ? 'high' : 'medium',
      list,
      {
        plate: masked,
        searches: list.length,
        cases: cases.length,
        caseNumbers: numbers.join(', '),
      },
      `Plate ${masked} was searched ${list.length} times under ${cases.length} different cases (${numbers.join(', ')}); ` +
        `${naming.length === 0 ? 'none of these cases names it' : 'only one of these cases names it'} in its scope. ` +
        'Using whichever case is at hand to look up the same vehicle is a classic sign of searching for private reasons.',
    );
  }

  // 4. Repeated refused attempts.
  const refused = entries.filter((e) => isRefused(e.body));
  if (refused.length >= FLAG_THRESHOLDS.refusalsMin) {
    const reasons = [
      ...new Set(refused.map((e) => e.body.outcomeReason).filter((r): r is string => !!r)),
    ]
      .slice(0, 2)
      .map((r) => redact(r, 90));
    make(
      'repeated-refusals',
      'period',
      refused.length >= 10 ? 'high' : 'medium',
      refused,
      { count: refused.length, reasons: quoteList(reasons) },
      `${refused.length} attempts were refused by the platform${reasons.length ? ` (${quoteList(reasons)})` : ''}. ` +
        'Repeated refusals can mean probing for data outside one’s cases, or a need for training.',
    );
  }

  // 5-7. What the justifications say.
  const justified = entries.filter((e) => carriesJustification(e.body));
  const short = justified.filter((e) => isTooShort(e.body.justification));
  if (short.length > 0) {
    const examples = [
      ...new Set(short.map((e) => redact((e.body.justification ?? '').trim() || '—', 24))),
    ].slice(0, 4);
    make(
      'short-justification',
      'period',
      short.length >= 5 ? 'high' : 'medium',
      short,
      { count: short.length, examples: quoteList(examples) },
      `${short.length} ${short.length === 1 ? 'search was' : 'searches were'} justified with too few words to establish a purpose (${quoteList(examples)}). ` +
        'The law requires that every consultation can be traced to a justification; one word is not one.',
    );
  }

  const shapes = new Map<string, OversightEntry[]>();
  for (const e of justified) {
    if (isTooShort(e.body.justification)) continue;
    const key = boilerplateKey(e.body.justification ?? '');
    let l = shapes.get(key);
    if (!l) shapes.set(key, (l = []));
    l.push(e);
  }
  for (const [key, list] of shapes) {
    const cases = new Set(list.map((e) => e.body.caseId).filter(Boolean));
    if (list.length < FLAG_THRESHOLDS.boilerplateMin || cases.size < 2) continue;
    const text = redact(list[0]!.body.justification ?? '', 80);
    make(
      'boilerplate',
      key,
      'low',
      list,
      { count: list.length, cases: cases.size, text },
      `The same justification (‘${text}’) was used ${list.length} times under ${cases.size} different cases. ` +
        'Copied text does not explain why each search was needed.',
    );
  }

  // 8. Audit entries the officer's workstation could not write: those actions were
  // stopped, but a workstation that cannot log is a workstation to look at.
  const unlogged = entries.filter((e) => e.body.action === AUDIT_FAILURE_ACTION);
  if (unlogged.length > 0) {
    const param = (e: OversightEntry, k: string) =>
      String((e.body.parameters as Record<string, unknown> | null)?.[k] ?? '?');
    const actions = [...new Set(unlogged.map((e) => param(e, 'failedAction')))].slice(0, 4);
    const causes = [...new Set(unlogged.map((e) => param(e, 'cause')))];
    make(
      'audit-failure',
      'period',
      'high',
      unlogged,
      { count: unlogged.length, actions: actions.join(', '), causes: causes.join(', ') },
      `${unlogged.length} audit ${unlogged.length === 1 ? 'entry' : 'entries'} could not be written on this officer's workstation (${causes.join(', ')}; actions: ${actions.join(', ')}). ` +
        'The actions were stopped, but a workstation that cannot keep its log must be checked before it is used again.',
    );
  }

  const personal = new Map<PersonalDataKind, OversightEntry[]>();
  for (const e of entries) {
    if (!e.body.justification || e.body.actor.role === 'system') continue;
    for (const kind of personalDataIn(e.body.justification)) {
      let l = personal.get(kind);
      if (!l) personal.set(kind, (l = []));
      l.push(e);
    }
  }
  for (const [kind, list] of personal) {
    make(
      'personal-data',
      kind,
      'high',
      list,
      { count: list.length, what: kind },
      `${list.length} ${list.length === 1 ? 'justification contains' : 'justifications contain'} what looks like ${PERSONAL_DATA_LABELS[kind]}. ` +
        'Personal data does not belong in a reason field: the audit log is kept for years and read by many.',
    );
  }
  return out;
}

/**
 * Workstation entries whose times cannot be right (platform/audit/entry-times.ts):
 * one flag per officer and workstation. Found by receipt time, not by the
 * time an entry claims, so an entry back-dated by a year still shows in the
 * period it reached the platform.
 */
export function entryTimeFlags(
  findings: readonly EntryTimeFinding[],
  officers: ReadonlyMap<string, { username: string }>,
  offlineGrantHours: number,
): Flag[] {
  const groups = new Map<string, EntryTimeFinding[]>();
  for (const f of findings) {
    const key = `${f.officerId}\u0000${f.deviceId}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(f);
  }
  const flags: Flag[] = [];
  for (const list of groups.values()) {
    const { officerId, deviceId } = list[0]!;
    const username = officers.get(officerId)?.username ?? list[0]!.username;
    const count = (p: EntryTimeFinding['problem']) => list.filter((f) => f.problem === p).length;
    const worst = list.reduce((a, f) => (f.byMs > a.byMs ? f : a));
    const byAt = [...list].sort((a, b) => a.at.localeCompare(b.at));
    const backwards = count('backwards');
    const ahead = count('ahead-of-receipt');
    const stale = count('older-than-offline-grant');
    const largestHours = Math.round(worst.byMs / 3_600_000);
    const params = {
      count: list.length,
      device: deviceId,
      backwards,
      ahead,
      stale,
      grantHours: offlineGrantHours,
      largestHours,
      largestDays: Math.round(worst.byMs / 86_400_000),
      exampleAt: worst.at.slice(0, 10),
      exampleReceivedAt: worst.receivedAt.slice(0, 10),
    };
    flags.push({
      id: flagId('entry-times', officerId, deviceId),
      kind: 'entry-times',
      severity: backwards + ahead > 0 ? 'high' : 'medium',
      officerId,
      username,
      params,
      explanation:
        `${list.length} audit ${list.length === 1 ? 'entry' : 'entries'} from workstation ${deviceId} carry times that cannot be right ` +
        `(${backwards} earlier than entries before them, ${ahead} later than their arrival, ${stale} older on arrival than an offline shift of ${offlineGrantHours} hours allows); ` +
        `the largest difference is ${largestHours} hours, e.g. an entry stamped ${params.exampleAt} that arrived on ${params.exampleReceivedAt}. ` +
        'A workstation clock that was changed makes the audit trail misstate when data was consulted.',
      count: list.length,
      firstAt: new Date(byAt[0]!.at).toISOString(),
      lastAt: new Date(byAt.at(-1)!.at).toISOString(),
      entryRefs: byAt.slice(0, MAX_REFS).map((f) => `${f.deviceId}:${f.seq}`),
    });
  }
  return flags;
}
