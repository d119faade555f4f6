import { randomUUID } from 'node:crypto';
import { migrate, type Migration, type MigrationResult } from '../../common/migrations.ts';
import type { AuditActor, AuditBody } from '../../common/audit.ts';
import {
  DisclosureReport,
  EditRegisterEntry,
  NewRegisterEntry,
  recipientRefusal,
  RetireRegisterEntry,
  type DisclosureRecord,
  type RegisterEntry,
  type RegisterKind,
} from '../../common/recipients-api.ts';
import type { AuditAppendInput } from '../audit/log.ts';
import { parseInput } from '../data/actor.ts';
import { DataError } from '../data/errors.ts';
import { stmt, toIso } from '../data/sql.ts';
import type { Db } from '../store/sqlite.ts';

/**
 * The recipient register (#14 item 6): the authorities permitted to receive
 * disclosures, administered on the platform, and the disclosures made to
 * each. Entries are edited and retired, never deleted (a disclosure names
 * its entry for as long as the audit trail is kept). Every change is one
 * transaction with its platform audit entry (who, what, why). Time is
 * passed in; nothing here reads the clock.
 */

const v1 = `
CREATE TABLE recipients (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('police', 'prosecution', 'court', 'public-authority', 'private')),
  country TEXT NOT NULL,
  contact TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  retired_at INTEGER,
  retired_by TEXT,
  retired_reason TEXT
) STRICT;
CREATE TRIGGER recipients_no_delete BEFORE DELETE ON recipients
BEGIN SELECT RAISE(ABORT, 'register entries are retired, never deleted'); END;

CREATE TABLE recipient_disclosures (
  export_id TEXT PRIMARY KEY,
  recipient_id TEXT NOT NULL REFERENCES recipients(id),
  recipient_name TEXT NOT NULL,
  recipient_kind TEXT NOT NULL,
  case_id TEXT NOT NULL,
  officer_id TEXT NOT NULL,
  reads INTEGER NOT NULL,
  disclosed_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX recipient_disclosures_recipient ON recipient_disclosures(recipient_id, disclosed_at);
`;

const MIGRATIONS: ReadonlyArray<Migration<Db>> = [
  { version: 1, name: 'recipient register and disclosures', up: v1 },
];

/** Module `recipients` in `_migrations`: its own version line. */
export function migrateRecipients(db: Db): MigrationResult {
  return migrate(db, 'recipients', MIGRATIONS);
}

/** The platform audit as this module needs it (AuditLog.append). */
export interface AuditSink {
  append(input: AuditAppendInput): unknown;
}

export interface RegisterContext {
  db: Db;
  audit: AuditSink;
  actor: AuditActor;
  now: Date;
  /** How the change arrived (api, cli), and the OS user for the CLI. */
  via: Record<string, string>;
}

interface Row {
  id: string;
  name: string;
  kind: RegisterKind;
  country: string;
  contact: string;
  legal_basis: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
  retired_at: number | null;
  retired_by: string | null;
  retired_reason: string | null;
}

const toEntry = (r: Row): RegisterEntry => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  country: r.country,
  contact: r.contact,
  legalBasis: r.legal_basis,
  createdAt: toIso(r.created_at),
  createdBy: r.created_by,
  updatedAt: toIso(r.updated_at),
  updatedBy: r.updated_by,
  retiredAt: r.retired_at === null ? null : toIso(r.retired_at),
  retiredBy: r.retired_by,
  retiredReason: r.retired_reason,
});

/** Every entry, retired ones included (marked), active first, by name. */
export function listRecipients(db: Db): RegisterEntry[] {
  return (
    stmt(
      db,
      'SELECT * FROM recipients ORDER BY retired_at IS NOT NULL, name COLLATE NOCASE, id',
    ).all() as Row[]
  ).map(toEntry);
}

export function getRecipient(db: Db, id: string): RegisterEntry {
  const row = stmt(db, 'SELECT * FROM recipients WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new DataError('not-found', `No recipient "${id}" in the register.`);
  return toEntry(row);
}

function audited<T>(
  a: RegisterContext,
  what: {
    action: string;
    justification: string;
    parameters: Record<string, unknown>;
    operation?: AuditBody['operation'];
    caseId?: string | null;
    recipient?: string | null;
    resultCount?: number | null;
  },
  change: () => T,
): T {
  return a.db
    .transaction(() => {
      const out = change();
      a.audit.append({
        actor: a.actor,
        operation: what.operation ?? 'alteration',
        action: what.action,
        caseId: what.caseId ?? null,
        purpose: null,
        reasonCode: null,
        justification: what.justification,
        parameters: { ...what.parameters, ...a.via },
        resultCount: what.resultCount ?? null,
        outcome: 'allowed',
        outcomeReason: null,
        recipient: what.recipient ?? null,
      });
      return out;
    })
    .immediate();
}

export function addRecipient(a: RegisterContext, input: unknown): RegisterEntry {
  const e = parseInput(NewRegisterEntry, input, 'register entry');
  const id = e.id ?? randomUUID();
  return audited(
    a,
    {
      action: 'recipient.add',
      justification: e.reason,
      parameters: { recipientId: id, name: e.name, kind: e.kind, country: e.country },
    },
    () => {
      try {
        stmt(
          a.db,
          `INSERT INTO recipients (id, name, kind, country, contact, legal_basis,
             created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          id,
          e.name,
          e.kind,
          e.country,
          e.contact,
          e.legalBasis,
          a.now.getTime(),
          a.actor.username,
          a.now.getTime(),
          a.actor.username,
        );
      } catch (error) {
        if (String(error).includes('UNIQUE'))
          throw new DataError('conflict', `A register entry "${id}" already exists.`);
        throw error;
      }
      return getRecipient(a.db, id);
    },
  );
}

export function editRecipient(a: RegisterContext, id: string, input: unknown): RegisterEntry {
  const e = parseInput(EditRegisterEntry, input, 'register edit');
  const before = getRecipient(a.db, id);
  if (before.retiredAt !== null)
    throw new DataError('conflict', `Register entry "${id}" is retired: it cannot be edited.`);
  const after = {
    name: e.name ?? before.name,
    kind: e.kind ?? before.kind,
    country: e.country ?? before.country,
    contact: e.contact ?? before.contact,
    legalBasis: e.legalBasis ?? before.legalBasis,
  };
  const changed = Object.fromEntries(
    (Object.keys(after) as Array<keyof typeof after>)
      .filter((k) => after[k] !== before[k])
      .map((k) => [k, { from: before[k], to: after[k] }]),
  );
  return audited(
    a,
    {
      action: 'recipient.edit',
      justification: e.reason,
      parameters: { recipientId: id, changed },
    },
    () => {
      stmt(
        a.db,
        `UPDATE recipients SET name = ?, kind = ?, country = ?, contact = ?, legal_basis = ?,
           updated_at = ?, updated_by = ? WHERE id = ?`,
      ).run(
        after.name,
        after.kind,
        after.country,
        after.contact,
        after.legalBasis,
        a.now.getTime(),
        a.actor.username,
        id,
      );
      return getRecipient(a.db, id);
    },
  );
}

export function retireRecipient(a: RegisterContext, id: string, input: unknown): RegisterEntry {
  const e = parseInput(RetireRegisterEntry, input, 'retirement');
  const before = getRecipient(a.db, id);
  if (before.retiredAt !== null)
    throw new DataError('conflict', `Register entry "${id}" is already retired.`);
  return audited(
    a,
    {
      action: 'recipient.retire',
      justification: e.reason,
      parameters: { recipientId: id, name: before.name, kind: before.kind },
    },
    () => {
      stmt(
        a.db,
        'UPDATE recipients SET retired_at = ?, retired_by = ?, retired_reason = ? WHERE id = ?',
      ).run(a.now.getTime(), a.actor.username, e.reason, id);
      return getRecipient(a.db, id);
    },
  );
}

/**
 * A workstation's disclosure, recorded against its register entry: the
 * platform checks the entry as the workstation did (a private or retired
 * entry is refused) and keeps the record for the administrator and the
 * supervisor. The same export reported twice is recorded once.
 */
export function recordDisclosure(
  a: RegisterContext & { privateAllowed: boolean },
  input: unknown,
): DisclosureRecord {
  const d = parseInput(DisclosureReport, input, 'disclosure');
  const entry = getRecipient(a.db, d.recipientId);
  const held = disclosureById(a.db, d.exportId);
  if (held) return held;
  // Judged at the time of the export: an entry retired after it still received it.
  const refusal = recipientRefusal(
    {
      ...entry,
      retiredAt: entry.retiredAt && entry.retiredAt > d.disclosedAt ? null : entry.retiredAt,
    },
    a.privateAllowed,
  );
  if (refusal) throw new DataError('forbidden', refusal);
  return audited(
    a,
    {
      operation: 'disclosure',
      action: 'recipient.disclosure',
      justification: `Disclosure of ${d.reads} read(s) of case ${d.caseId} recorded against the register entry.`,
      parameters: { exportId: d.exportId, recipientId: entry.id, kind: entry.kind },
      caseId: d.caseId,
      recipient: `${entry.kind}: ${entry.name}`.slice(0, 200),
      resultCount: d.reads,
    },
    () => {
      stmt(
        a.db,
        `INSERT INTO recipient_disclosures (export_id, recipient_id, recipient_name, recipient_kind,
           case_id, officer_id, reads, disclosed_at, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        d.exportId,
        entry.id,
        entry.name,
        entry.kind,
        d.caseId,
        a.actor.officerId,
        d.reads,
        Date.parse(d.disclosedAt),
        a.now.getTime(),
      );
      return disclosureById(a.db, d.exportId)!;
    },
  );
}

interface DisclosureRow {
  export_id: string;
  recipient_id: string;
  recipient_name: string;
  recipient_kind: RegisterKind;
  case_id: string;
  officer_id: string;
  reads: number;
  disclosed_at: number;
  recorded_at: number;
}

const toDisclosure = (r: DisclosureRow): DisclosureRecord => ({
  exportId: r.export_id,
  recipientId: r.recipient_id,
  recipientName: r.recipient_name,
  recipientKind: r.recipient_kind,
  caseId: r.case_id,
  officerId: r.officer_id,
  reads: r.reads,
  disclosedAt: toIso(r.disclosed_at),
  recordedAt: toIso(r.recorded_at),
});

function disclosureById(db: Db, exportId: string): DisclosureRecord | null {
  const row = stmt(db, 'SELECT * FROM recipient_disclosures WHERE export_id = ?').get(exportId) as
    DisclosureRow | undefined;
  return row ? toDisclosure(row) : null;
}

/** Disclosures made to one entry, newest first. */
export function disclosuresTo(db: Db, recipientId: string): DisclosureRecord[] {
  getRecipient(db, recipientId);
  return (
    stmt(
      db,
      'SELECT * FROM recipient_disclosures WHERE recipient_id = ? ORDER BY disclosed_at DESC',
    ).all(recipientId) as DisclosureRow[]
  ).map(toDisclosure);
}
