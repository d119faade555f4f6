import { describe, expect, it } from 'vitest';
import { fromBrusselsInput, toBrusselsInput } from './brussels.ts';

describe('Brussels date-time inputs', () => {
  it('reads and writes Brussels time in winter and summer', () => {
    expect(fromBrusselsInput('2026-01-15T09:30')).toBe('2026-01-15T08:30:00.000Z');
    expect(fromBrusselsInput('2026-07-15T09:30')).toBe('2026-07-15T07:30:00.000Z');
    expect(toBrusselsInput('2026-07-15T07:30:00Z')).toBe('2026-07-15T09:30');
    expect(fromBrusselsInput('not a date')).toBeNull();
  });
});
