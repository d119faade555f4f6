import { describe, expect, it } from 'vitest';
import { InvalidCaseIdError } from './errors.ts';
import { caseFileName, caseIdFromFileName, caseStorePath } from './paths.ts';

describe('case store file names', () => {
  it('maps case ids to safe, reversible, case-insensitive-safe file names', () => {
    for (const id of [
      '3f1c2d4e-0000-4000-8000-000000000001',
      'BR.12.LL.2026-1234',
      'Case 7 (Gent)',
      'zaak:2026:é',
    ]) {
      const name = caseFileName(id);
      expect(name).toMatch(/^(?:[a-z0-9._-]|~[0-9a-f]{2})+\.anprcase$/);
      expect(caseIdFromFileName(name)).toBe(id);
    }
    expect(caseFileName('ABC')).not.toBe(caseFileName('abc'));
  });

  it('refuses ids that try to leave the cases folder', () => {
    for (const id of ['../etc/passwd', '..', '.', 'a/b', 'a\\b', '', 'x\u0000y', 'x'.repeat(65)]) {
      expect(() => caseStorePath('/data', id)).toThrow(InvalidCaseIdError);
    }
  });

  it('ignores files it did not name', () => {
    expect(caseIdFromFileName('notes.txt')).toBeNull();
    expect(caseIdFromFileName('Upper.anprcase')).toBeNull();
    expect(caseIdFromFileName('c1.anprcase-wal')).toBeNull();
  });
});
