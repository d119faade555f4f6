import { describe, expect, it } from 'vitest';
import { completeRecord } from './record.ts';

const unit = {
  id: 'VAN-7',
  unitType: 'mobile-manned' as const,
  operator: 'local' as const,
  source: 'Acme ANPR',
};
const base = {
  id: '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
  plateRaw: '1-ABC-123',
  capturedAt: '2026-11-20T08:15:00+01:00',
  lat: 50.85,
  lon: 4.35,
  confidence: 0.93,
};

describe('a unit record completed by its credential', () => {
  it('cannot claim a hotlist hit: hits come from the platform hotlists only', () => {
    const done = completeRecord({ ...base, hit: true, hitCategory: 13 }, unit);
    expect(done).toMatchObject({
      read: { hit: false, hitCategory: null, unitId: 'VAN-7', plate: '1ABC123' },
    });
  });

  it('is rejected when it names another unit, with the field and rule but no value', () => {
    const done = completeRecord({ ...base, unitId: 'CAM-1' }, unit);
    expect(done).toEqual({ id: base.id, reason: expect.stringMatching(/^unitId: /) });
    expect(JSON.stringify(done)).not.toContain('ABC');
  });
});
