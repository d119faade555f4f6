import type { AuditBody } from '../../common/audit.ts';
import type { Db } from '../store/sqlite.ts';
import { parseRef, platesOf, type OversightEntry } from './entries.ts';

/**
 * Direct reads of single audit entries by reference and of device
 * registrations: the audit log's list API filters by time and officer, while
 * a sample or a reveal names entries by chain and sequence number. Read-only.
 */

interface Row {
  seq: number;
  body: string;
}

function toEntry(chain: string, row: Row): OversightEntry | null {
  let body: AuditBody;
  try {
    body = JSON.parse(row.body) as AuditBody;
  } catch {
    return null;
  }
  return {
    ref: `${chain}:${row.seq}`,
    chain,
    seq: row.seq,
    at: new Date(body.at),
    body,
    plates: platesOf(body.parameters ?? {}),
  };
}

export function entriesByRef(db: Db, refs: readonly string[]): Map<string, OversightEntry> {
  const platform = db.prepare<[number], Row>('SELECT seq, body FROM audit_entries WHERE seq = ?');
  const device = db.prepare<[string, number], Row>(
    'SELECT seq, body FROM audit_device_entries WHERE device_id = ? AND seq = ?',
  );
  const out = new Map<string, OversightEntry>();
  for (const ref of refs) {
    const { chain, seq } = parseRef(ref);
    if (!Number.isSafeInteger(seq)) continue;
    const row = chain === 'platform' ? platform.get(seq) : device.get(chain, seq);
    const entry = row ? toEntry(chain, row) : null;
    if (entry) out.set(ref, entry);
  }
  return out;
}

/** Which officer registered each workstation (its audit chain). */
export function deviceOfficers(db: Db): Map<string, string> {
  const rows = db
    .prepare<[], { device_id: string; officer_id: string }>(
      'SELECT device_id, officer_id FROM audit_devices',
    )
    .all();
  return new Map(rows.map((r) => [r.device_id, r.officer_id]));
}

/** The case of an extended-access request (for the audit entry of a call about it), or null. */
export function requestCaseId(db: Db, requestId: string): string | null {
  const row = db
    .prepare<[string], { case_id: string }>(
      'SELECT case_id FROM extended_access_requests WHERE id = ?',
    )
    .get(requestId);
  return row?.case_id ?? null;
}
