import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatShortDateTime } from './format.ts';
import { formatLocal } from './map/format.ts';
import { buckets } from './workspaces/detective/buckets.ts';
import { DEFAULT_DISPLAY_ZONE, displayZone, setDisplayZone, zoneLabel } from './zone.ts';
import { fromZoneInput, toZoneInput } from './zone-input.ts';

const AT = '2026-07-01T06:15:00.000Z';

describe('display zone', () => {
  afterEach(() => setDisplayZone(DEFAULT_DISPLAY_ZONE));

  it('shows Brussels time until the officer chooses another zone', () => {
    expect(displayZone()).toBe('Europe/Brussels');
    expect(formatDateTime(AT)).toBe('01/07/2026, 08:15:00');
  });

  it('makes every formatter and input follow the chosen zone', () => {
    expect(setDisplayZone('America/New_York')).toBe(true);
    expect(displayZone()).toBe('America/New_York');
    expect(formatDateTime(AT)).toBe('01/07/2026, 02:15:00');
    expect(formatDate('2026-07-01T03:00:00Z')).toBe('30/06/2026');
    expect(formatShortDateTime(AT)).toBe('01/07 02:15:00');
    expect(formatLocal(AT, 'nl')).toBe('01/07/2026 02:15:00');
    expect(toZoneInput(AT)).toBe('2026-07-01T02:15');
    expect(fromZoneInput('2026-07-01T02:15')).toBe(AT);
    expect(buckets([Date.parse(AT)], 'hour')[2]!.count).toBe(1);

    setDisplayZone('Asia/Kathmandu');
    expect(formatDateTime(AT)).toBe('01/07/2026, 12:00:00');
  });

  it('refuses a zone this browser does not know and keeps the current one', () => {
    setDisplayZone('Asia/Kathmandu');
    expect(setDisplayZone('Mars/Olympus_Mons')).toBe(false);
    expect(displayZone()).toBe('Asia/Kathmandu');
  });

  it('names the zone by its city, in the officer’s language where it differs', () => {
    expect(zoneLabel('Europe/Brussels', 'en')).toBe('Brussels');
    expect(zoneLabel('Europe/Brussels', 'nl')).toBe('Brussel');
    expect(zoneLabel('Europe/Brussels', 'fr')).toBe('Bruxelles');
    expect(zoneLabel('America/New_York', 'fr')).toBe('New York');
    expect(zoneLabel('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
    expect(zoneLabel('Australia/Lord_Howe')).toBe('Lord Howe');
    expect(zoneLabel('UTC')).toBe('UTC');
    expect(zoneLabel('Etc/GMT+5')).toBe('GMT+5');
  });
});
