import type { AuditBody } from '../../common/audit.ts';
import { formatPlate, maskPlate, normalisePlate } from '../../common/plates.ts';
import type { AuditEntryView } from '../../common/oversight-api.ts';
import type { AuditListFilter, AuditListItem, AuditLog } from '../audit/log.ts';
import { isOutOfHours, type OfficeHours } from './zone.ts';

/**
 * Audit entries as oversight reads them: one flat record per entry of the
 * platform's chain or a workstation's, with the plates it names pulled out
 * (for analysis) and masked (for display).
 */

export interface OversightEntry {
  ref: string;
  chain: string;
  seq: number;
  at: Date;
  body: AuditBody;
  /** Normalised plates named in the parameters. */
  plates: string[];
}

/** Keys under which audit parameters carry plates (plate, plates, query.plates ...). */
const PLATE_KEY = /plate/i;

function walkPlates(value: unknown, key: string, out: string[], depth: number): void {
  if (depth > 6 || value === null || value === undefined) return;
  if (typeof value === 'string') {
    if (PLATE_KEY.test(key)) out.push(normalisePlate(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) walkPlates(v, key, out, depth + 1);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walkPlates(v, k, out, depth + 1);
  }
}

export function platesOf(parameters: Record<string, unknown>): string[] {
  const out: string[] = [];
  walkPlates(parameters, '', out, 0);
  return [...new Set(out)];
}

/** A deep copy of the parameters with every plate replaced by its masked form. */
export function maskParameters(value: unknown, key = '', depth = 0): unknown {
  if (depth > 8) return null;
  if (typeof value === 'string') return PLATE_KEY.test(key) ? maskPlate(value) : value;
  if (Array.isArray(value)) return value.map((v) => maskParameters(v, key, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, maskParameters(v, k, depth + 1)]),
    );
  }
  return value;
}

export function toEntry(item: AuditListItem): OversightEntry {
  const body = item.body;
  return {
    ref: `${item.chain}:${item.seq}`,
    chain: item.chain,
    seq: item.seq,
    at: new Date(body.at),
    body,
    plates: platesOf(body.parameters ?? {}),
  };
}

export function parseRef(ref: string): { chain: string; seq: number } {
  const i = ref.lastIndexOf(':');
  return { chain: ref.slice(0, i), seq: Number(ref.slice(i + 1)) };
}

/** Largest number of entries one analysis reads (a month of a busy unit fits easily). */
export const MAX_ENTRIES = 200_000;

/** Every entry matching the filter, oldest first, paging through the audit log. */
export function collectEntries(
  audit: AuditLog,
  filter: Omit<AuditListFilter, 'limit' | 'cursor'>,
  max = MAX_ENTRIES,
): OversightEntry[] {
  const out: OversightEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = audit.list({ ...filter, limit: 500, ...(cursor ? { cursor } : {}) });
    for (const item of page.entries) out.push(toEntry(item));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < max);
  return out.reverse();
}

export interface ViewContext {
  zone: string;
  hours: OfficeHours;
  caseNumber: (caseId: string) => string | null;
}

export function toView(e: OversightEntry, ctx: ViewContext): AuditEntryView {
  const b = e.body;
  return {
    ref: e.ref,
    chain: e.chain,
    seq: e.seq,
    at: b.at,
    officerId: b.actor.officerId,
    username: b.actor.username,
    role: b.actor.role,
    operation: b.operation,
    action: b.action,
    caseId: b.caseId,
    caseNumber: b.caseId ? ctx.caseNumber(b.caseId) : null,
    purpose: b.purpose,
    reasonCode: b.reasonCode,
    justification: b.justification,
    parameters: maskParameters(b.parameters ?? {}) as Record<string, unknown>,
    maskedPlates: e.plates.length,
    resultCount: b.resultCount,
    outcome: b.outcome,
    outcomeReason: b.outcomeReason,
    recipient: b.recipient,
    outOfHours: isOutOfHours(e.at, ctx.zone, ctx.hours),
  };
}

/** Display form of a revealed plate (the country is unknown in an audit entry: BE first). */
export function displayPlate(plate: string): string {
  const be = formatPlate(plate, 'BE');
  return be === plate ? formatPlate(plate, null) : be;
}
