/**
 * Data directory layout:
 *   <dataDir>/workstation.anprdb          workstation database (settings, sync state, audit queue)
 *   <dataDir>/cases/<name>.anprcase       one encrypted store per case
 * plus SQLite's `-wal` / `-shm` companions next to each file.
 *
 * Case ids come from the platform; they are turned into file names by a
 * reversible encoding that only emits [a-z0-9._-] and `~XX` escapes, so a
 * name is safe on case-insensitive file systems (macOS, Windows) and can be
 * mapped back to the id by listLocal(). Ids that look like paths are refused
 * outright rather than escaped: they are never legitimate.
 */
import { join } from 'node:path';
import { InvalidCaseIdError } from './errors.ts';

export const CASE_EXT = '.anprcase';
export const WORKSTATION_DB = 'workstation.anprdb';
export const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'] as const;

export function casesDir(dataDir: string): string {
  return join(dataDir, 'cases');
}

export function workstationDbPath(dataDir: string): string {
  return join(dataDir, WORKSTATION_DB);
}

export function caseStorePath(dataDir: string, caseId: string): string {
  return join(casesDir(dataDir), caseFileName(caseId));
}

/** The store file and its SQLite companions, in deletion order. */
export function storeFiles(file: string): string[] {
  return [file, ...SQLITE_COMPANIONS.map((s) => file + s)];
}

export function assertCaseId(caseId: string): void {
  if (typeof caseId !== 'string' || caseId.length === 0 || caseId.length > 64) {
    throw new InvalidCaseIdError(undefined, 'length');
  }
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(caseId) || caseId.includes('..') || caseId === '.') {
    throw new InvalidCaseIdError(undefined, 'path characters');
  }
}

export function caseFileName(caseId: string): string {
  assertCaseId(caseId);
  let out = '';
  for (const byte of Buffer.from(caseId, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out +=
      /[a-z0-9_-]/.test(ch) || (ch === '.' && out.length > 0)
        ? ch
        : `~${byte.toString(16).padStart(2, '0')}`;
  }
  return out + CASE_EXT;
}

/** Inverse of caseFileName; null for names this module did not produce. */
export function caseIdFromFileName(name: string): string | null {
  if (!name.endsWith(CASE_EXT)) return null;
  const stem = name.slice(0, -CASE_EXT.length);
  if (!/^(?:[a-z0-9._-]|~[0-9a-f]{2})+$/.test(stem)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < stem.length; i++) {
    if (stem[i] === '~') {
      bytes.push(parseInt(stem.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(stem.charCodeAt(i));
    }
  }
  const id = Buffer.from(bytes).toString('utf8');
  try {
    return caseFileName(id) === name ? id : null;
  } catch {
    return null;
  }
}
