import { describe, expect, it } from 'vitest';
import {
  formatLocal,
  formatLocalDate,
  formatDuration,
  formatKm,
  formatSpeed,
  formatUtc,
} from './format.ts';

describe('times in map tooltips', () => {
  it('shows Brussels time by default, winter (UTC+1) and summer (UTC+2)', () => {
    expect(formatLocal('2025-01-15T07:03:12Z', 'nl')).toBe('15/01/2025 08:03:12');
    expect(formatLocal('2025-07-15T07:03:12Z', 'nl')).toBe('15/07/2025 09:03:12');
  });

  it('crosses midnight in the local zone, not in UTC', () => {
    expect(formatLocalDate('2025-03-14T23:30:00Z', 'fr')).toBe('15/03/2025');
    expect(formatLocal('2025-03-14T23:30:00Z', 'en', false)).toBe('00:30:00');
    expect(formatLocalDate('2025-03-15T03:30:00Z', 'en', 'America/New_York')).toBe('14/03/2025');
    expect(formatLocal('2025-03-14T23:30:00Z', 'en', false, 'Asia/Kathmandu')).toBe('05:15:00');
  });

  it('gives the UTC instant in one fixed form', () => {
    expect(formatUtc('2025-03-14T08:03:12+01:00')).toBe('2025-03-14 07:03:12 UTC');
  });
});

describe('distances, speeds and durations', () => {
  it('formats per language', () => {
    expect(formatSpeed(97.4, 'en')).toBe('97 km/h');
    expect(formatSpeed(Infinity, 'en')).toBe('∞ km/h');
    expect(formatKm(7.73, 'nl')).toBe('7,7 km');
    expect(formatKm(0.42, 'en')).toBe('420 m');
    expect(formatKm(41.6, 'fr')).toBe('42 km');
  });

  it('formats the gap between two sightings', () => {
    expect(formatDuration(12 / 3600)).toBe('12 s');
    expect(formatDuration(0.5)).toBe('30 min');
    expect(formatDuration(1 + 5 / 60)).toBe('1 h 05 min');
    expect(formatDuration(50)).toBe('2 d 2 h');
  });
});
