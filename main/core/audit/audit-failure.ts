/**
 * When the local audit log cannot be written, the action it was to record
 * does not happen (Directive 2016/680 art. 25: no processing without its log
 * entry). The officer is told why in plain words, never with a raw SQLite
 * code, and the failure itself is reported to the platform at the next
 * contact, where supervisors see it as a flag.
 *
 * The report cannot wait in the audit database: that is what just failed. It
 * is kept in memory and in a small JSON file beside the database
 * (`audit-failures.json`). A read-only database leaves the file writable; a
 * full disk may refuse the file too, and then the report lives in memory until
 * delivered or the process ends. The report carries no personal data: the
 * action's name, the case id, when, and what kind of failure.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../common/api/result.ts';
import { AuditFailureReport, type AuditFailureCause } from '../../../common/device-api.ts';
import { KeychainUnavailableError } from '../keychain.ts';
import { StoreFullError } from '../store/errors.ts';

export type { AuditFailureReport, AuditFailureCause };

const MESSAGES: Record<AuditFailureCause, string> = {
  'disk-full':
    'This action was not carried out: the local audit log could not record it because the disk is full. ' +
    'Every consultation must be logged before it happens. Free disk space (or ask IT support to), then try again. ' +
    'The failure is reported to the platform and your supervisors.',
  'read-only':
    'This action was not carried out: the local audit log cannot be written (its database is read-only or cannot be opened). ' +
    'Every consultation must be logged before it happens. Contact your IT support. ' +
    'The failure is reported to the platform and your supervisors.',
  unavailable:
    'This action was not carried out: the local audit log could not record it. ' +
    'Every consultation must be logged before it happens. Try again; if it keeps failing, contact your IT support. ' +
    'The failure is reported to the platform and your supervisors.',
};

/** Thrown instead of the storage error when an audit entry could not be written. */
export class AuditWriteError extends ApiError {
  readonly failure: AuditFailureCause;
  /** SQLite code or error class, for the report (never data). */
  readonly detail: string;
  constructor(cause: AuditFailureCause, detail: string) {
    super('UNAVAILABLE', MESSAGES[cause]);
    this.name = 'AuditWriteError';
    this.failure = cause;
    this.detail = detail;
  }
}

/** What kind of failure a storage error is; keychain and validation errors are not audit write failures. */
export function classifyAuditFailure(error: unknown): AuditWriteError | null {
  if (error instanceof AuditWriteError) return error;
  if (error instanceof ApiError || error instanceof KeychainUnavailableError) return null;
  const e = error as { code?: unknown; detail?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : typeof e.detail === 'string' ? e.detail : '';
  const detail = (code || (typeof e.name === 'string' ? e.name : 'Error')).slice(0, 80);
  if (error instanceof StoreFullError || /SQLITE_FULL|ENOSPC/.test(code)) {
    return new AuditWriteError('disk-full', detail);
  }
  if (/SQLITE_READONLY|SQLITE_CANTOPEN|SQLITE_PERM|EROFS|EACCES|EPERM/.test(code)) {
    return new AuditWriteError('read-only', detail);
  }
  return new AuditWriteError('unavailable', detail);
}

export interface FailureQueue {
  add(report: Omit<AuditFailureReport, 'id'>): AuditFailureReport;
  pending(): AuditFailureReport[];
  /** Drops delivered reports (memory and file). */
  acknowledge(ids: readonly string[]): void;
  /** Forgets everything (deprovisioning). */
  clear(): void;
}

export const FAILURE_FILE = 'audit-failures.json';

/** Reports kept in memory and, as far as the disk allows, in `<dataDir>/audit-failures.json`. */
export function createFailureQueue(dataDir: string): FailureQueue {
  const file = join(dataDir, FAILURE_FILE);
  let reports: AuditFailureReport[] = load(file);
  const save = (): void => {
    try {
      if (reports.length === 0) {
        rmSync(file, { force: true });
        return;
      }
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, JSON.stringify(reports), { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      // Disk full or read-only folder: the report stays in memory until delivered.
    }
  };
  return {
    add(report) {
      const full = { ...report, id: randomUUID() };
      reports = [...reports, full].slice(-500);
      save();
      return full;
    },
    pending: () => [...reports],
    acknowledge(ids) {
      const done = new Set(ids);
      reports = reports.filter((r) => !done.has(r.id));
      save();
    },
    clear() {
      reports = [];
      save();
    },
  };
}

function load(file: string): AuditFailureReport[] {
  try {
    const parsed = AuditFailureReport.array().safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
