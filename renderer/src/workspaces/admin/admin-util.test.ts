import { describe, expect, it } from 'vitest';
import type { AdminCase, AdminOfficer } from '../../../../common/platform-api.ts';
import {
  assignable,
  legalBasisLabel,
  nextRowIndex,
  officerNames,
  toggleRole,
} from './admin-util.ts';

const officer = (
  id: string,
  displayName: string,
  extra: Partial<AdminOfficer> = {},
): AdminOfficer => ({
  id,
  username: id.toLowerCase(),
  displayName,
  roles: ['detective'],
  disabled: false,
  disabledAt: null,
  locked: false,
  lastLogonAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

const aCase = (assignedOfficers: string[]): AdminCase => ({
  id: 'case-1',
  number: 'BR.12.LL.2026/1',
  title: 'Burglaries',
  offence: 'Burglary',
  legalBasis: 'Art. 44/1 WPA',
  purpose: 'judicial',
  status: 'open',
  assignedOfficers,
  createdAt: '2026-01-01T00:00:00.000Z',
  scope: '',
  closedAt: null,
  closeReason: null,
});

describe('keyboard navigation of the administration tables', () => {
  it('steps, pages and jumps within the rows, never past either end', () => {
    expect(nextRowIndex('ArrowDown', 0, 5)).toBe(1);
    expect(nextRowIndex('ArrowUp', 0, 5)).toBe(0);
    expect(nextRowIndex('ArrowDown', 4, 5)).toBe(4);
    expect(nextRowIndex('PageDown', 1, 5)).toBe(4);
    expect(nextRowIndex('PageUp', 3, 5)).toBe(0);
    expect(nextRowIndex('Home', 3, 5)).toBe(0);
    expect(nextRowIndex('End', 0, 5)).toBe(4);
  });

  it('starts at the first row going down and the last going up when nothing is chosen', () => {
    expect(nextRowIndex('ArrowDown', -1, 5)).toBe(0);
    expect(nextRowIndex('ArrowUp', -1, 5)).toBe(4);
  });

  it('leaves other keys (Tab, Enter, letters) and empty tables alone', () => {
    expect(nextRowIndex('Tab', 0, 5)).toBeNull();
    expect(nextRowIndex('a', 0, 5)).toBeNull();
    expect(nextRowIndex('ArrowDown', -1, 0)).toBeNull();
  });
});

describe('names instead of ids', () => {
  const people = [officer('O2', 'Detective Two'), officer('O1', 'Detective One')];

  it('names a case’s officers by display name, in the case’s order, with their username', () => {
    expect(officerNames(['O1', 'O2'], people)).toEqual([
      { id: 'O1', name: 'Detective One', username: 'o1' },
      { id: 'O2', name: 'Detective Two', username: 'o2' },
    ]);
  });

  it('keeps an officer the list does not know, shown by id, so nobody silently disappears', () => {
    expect(officerNames(['gone'], people)).toEqual([{ id: 'gone', name: 'gone', username: null }]);
  });

  it('offers only enabled detectives not already on the case, by name', () => {
    const all = [
      officer('A', 'Zoë Detective'),
      officer('B', 'Anna Detective'),
      officer('C', 'Carl Disabled', { disabled: true }),
      officer('D', 'Dirk Prosecutor', { roles: ['prosecutor'] }),
      officer('E', 'Eva On Case'),
    ];
    expect(assignable(aCase(['E']), all).map((o) => o.displayName)).toEqual([
      'Anna Detective',
      'Zoë Detective',
    ]);
  });

  it('shows a legal basis by its label in the officer’s language, found by id or provision', () => {
    const bases = [
      {
        id: 'be-wpa-44',
        label: { en: 'Police mission', nl: 'Politieopdracht', fr: 'Mission de police' },
        provision: 'Art. 44/1 WPA',
      },
    ];
    expect(legalBasisLabel('Art. 44/1 WPA', bases, 'nl')).toBe('Politieopdracht');
    expect(legalBasisLabel('be-wpa-44', bases, 'da')).toBe('Police mission');
    expect(legalBasisLabel('free text from before the list', bases, 'fr')).toBe(
      'free text from before the list',
    );
  });
});

describe('roles as ticked', () => {
  it('adds and removes a role and sends them in a stable order', () => {
    expect(toggleRole(['admin'], 'detective', true)).toEqual(['detective', 'admin']);
    expect(toggleRole(['detective', 'admin'], 'admin', false)).toEqual(['detective']);
    expect(toggleRole(['supervisor'], 'supervisor', true)).toEqual(['supervisor']);
  });
});
