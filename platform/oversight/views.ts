import type { Case } from '../../common/case.ts';
import type {
  AccessRequest,
  CaseContext,
  OfficerSummary,
  SampleCheck,
  SampleSummary,
} from '../../common/oversight-api.ts';
import type { ExtendedAccessRequest } from '../data/extended-access.ts';
import type { Postponement } from '../data/postponements.ts';
import type { OversightEntry, ViewContext } from './entries.ts';
import { toView } from './entries.ts';
import type { SampleRecord } from './samples.ts';

/** Data-layer records → the shapes of the oversight API (names resolved, expiry judged). */

export interface Directory {
  name(officerId: string): string | null;
  officer(officerId: string): OfficerSummary;
}

export function directoryOf(
  accounts: ReadonlyArray<{
    id: string;
    username: string;
    displayName: string;
    roles: OfficerSummary['roles'];
  }>,
): Directory {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return {
    name: (id) => byId.get(id)?.displayName ?? null,
    officer: (id) => {
      const a = byId.get(id);
      return a
        ? { id: a.id, username: a.username, displayName: a.displayName, roles: a.roles }
        : { id, username: id, displayName: id, roles: [] };
    },
  };
}

export function requestView(
  r: ExtendedAccessRequest,
  dir: Directory,
  caseNumber: string | null,
  now: Date,
): AccessRequest {
  const d = r.decision;
  return {
    id: r.id,
    caseId: r.caseId,
    caseNumber,
    requestedBy: r.requestedBy,
    requestedByName: dir.name(r.requestedBy),
    plates: r.plates,
    area: r.area,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    offence: r.offence,
    legalBasis: r.legalBasis,
    justification: r.justification,
    urgency: r.urgency,
    status: r.status,
    createdAt: r.createdAt,
    decision: d ? { ...d, decidedByName: dir.name(d.decidedBy) } : null,
    expired: !!d && d.expiresAt !== null && Date.parse(d.expiresAt) <= now.getTime(),
  };
}

export function caseContext(c: Case, dir: Directory): CaseContext {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    offence: c.offence,
    legalBasis: c.legalBasis,
    purpose: c.purpose,
    status: c.status,
    scope: c.scope,
    createdAt: c.createdAt,
    assignedOfficers: c.assignedOfficers.map((id) => ({ id, name: dir.name(id) ?? id })),
  };
}

export function postponementView(p: Postponement, dir: Directory) {
  return { ...p, decidedByName: dir.name(p.decidedBy) };
}

function verdictCounts(s: SampleRecord) {
  const v = { lawful: 0, doubtful: 0, unlawful: 0 };
  for (const r of s.reviews) v[r.verdict]++;
  return v;
}

function base(s: SampleRecord, dir: Directory) {
  return {
    id: s.id,
    officer: dir.officer(s.officerId),
    from: s.from.toISOString(),
    to: s.to.toISOString(),
    size: s.size,
    status: s.status,
    createdBy: s.createdBy,
    createdByName: dir.name(s.createdBy),
    createdAt: s.createdAt.toISOString(),
    commitment: s.commitment,
    candidatesHash: s.candidatesHash,
    candidateCount: s.candidates.length,
    seed: s.seed,
    supervisorValue: s.supervisorValue,
    drawSeed: s.drawSeed,
    drawnAt: s.drawnAt?.toISOString() ?? null,
    completedAt: s.completedAt?.toISOString() ?? null,
  };
}

export function sampleSummary(s: SampleRecord, dir: Directory): SampleSummary {
  return {
    ...base(s, dir),
    reviewed: s.reviews.length,
    drawn: s.drawn.length,
    verdicts: verdictCounts(s),
  };
}

export function sampleView(
  s: SampleRecord,
  dir: Directory,
  entries: ReadonlyMap<string, OversightEntry>,
  ctx: ViewContext,
): SampleCheck {
  return {
    ...base(s, dir),
    entries: s.drawn.flatMap((ref) => {
      const e = entries.get(ref);
      return e ? [toView(e, ctx)] : [];
    }),
    reviews: s.reviews.map((r) => ({
      ref: r.ref,
      verdict: r.verdict,
      note: r.note,
      reviewedBy: r.reviewedBy,
      reviewedByName: dir.name(r.reviewedBy),
      reviewedAt: r.reviewedAt.toISOString(),
      revisions: r.revisions,
    })),
  };
}
