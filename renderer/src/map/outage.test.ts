import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../common/read.ts';
import { cameraStatusAt, coverageGaps, overlaps } from './outage.ts';

const camera = (id: string, outages: Camera['outages'] = []): Camera => ({
  id,
  site: `Site ${id}`,
  lat: 50.85,
  lon: 4.35,
  road: 'E40',
  direction: null,
  heading: null,
  lanes: 2,
  operator: 'federal',
  unitType: 'fixed',
  connectedSince: '2025-01-01T00:00:00Z',
  outages,
});

const window = { from: '2025-03-14T06:00:00Z', to: '2025-03-14T12:00:00Z' };

describe('outage overlap with the investigation window', () => {
  it('counts any shared instant', () => {
    expect(overlaps({ from: '2025-03-14T05:00:00Z', to: '2025-03-14T06:00:01Z' }, window)).toBe(
      true,
    );
    expect(overlaps({ from: '2025-03-14T11:59:59Z', to: '2025-03-14T13:00:00Z' }, window)).toBe(
      true,
    );
    expect(overlaps({ from: '2025-03-14T08:00:00Z', to: '2025-03-14T09:00:00Z' }, window)).toBe(
      true,
    );
    expect(overlaps({ from: '2025-03-13T00:00:00Z', to: '2025-03-15T00:00:00Z' }, window)).toBe(
      true,
    );
  });

  it('does not count an outage that ended as the window began, or began as it ended', () => {
    expect(overlaps({ from: '2025-03-14T05:00:00Z', to: '2025-03-14T06:00:00Z' }, window)).toBe(
      false,
    );
    expect(overlaps({ from: '2025-03-14T12:00:00Z', to: '2025-03-14T13:00:00Z' }, window)).toBe(
      false,
    );
  });

  it('compares instants, not the text of the offsets', () => {
    // 07:30+01:00 is 06:30Z: inside the window.
    expect(
      overlaps({ from: '2025-03-14T07:00:00+01:00', to: '2025-03-14T07:30:00+01:00' }, window),
    ).toBe(true);
    expect(
      overlaps(
        { from: new Date('2025-03-14T01:00:00Z'), to: new Date('2025-03-14T02:00:00Z') },
        window,
      ),
    ).toBe(false);
  });
});

describe('coverage gaps', () => {
  it('lists only cameras down during the window, with the outage clipped to it', () => {
    const gaps = coverageGaps(
      [
        camera('a', [{ from: '2025-03-14T05:00:00Z', to: '2025-03-14T07:30:00Z' }]),
        camera('b', [{ from: '2025-03-10T05:00:00Z', to: '2025-03-10T07:00:00Z' }]),
        camera('c'),
      ],
      [],
      window,
    );
    expect(gaps.map((g) => g.camera.id)).toEqual(['a']);
    expect(gaps[0]!.gaps).toEqual([
      { from: new Date('2025-03-14T06:00:00Z'), to: new Date('2025-03-14T07:30:00Z') },
    ]);
    expect(gaps[0]!.fraction).toBeCloseTo(1.5 / 6, 6);
  });

  it('merges outages reported apart from the cameras and counts overlapping ones once', () => {
    const gaps = coverageGaps(
      [camera('a', [{ from: '2025-03-14T07:00:00Z', to: '2025-03-14T09:00:00Z' }]), camera('b')],
      [
        { cameraId: 'a', from: '2025-03-14T08:00:00Z', to: '2025-03-14T10:00:00Z' },
        { cameraId: 'a', from: '2025-03-14T11:00:00Z', to: '2025-03-14T11:30:00Z' },
        { cameraId: 'b', from: '2025-03-14T06:30:00Z', to: '2025-03-14T06:45:00Z' },
        { cameraId: 'unknown-camera', from: '2025-03-14T06:30:00Z', to: '2025-03-14T06:45:00Z' },
      ],
      window,
    );
    expect(gaps.map((g) => g.camera.id)).toEqual(['a', 'b']);
    expect(gaps[0]!.gaps.map((g) => [g.from.toISOString(), g.to.toISOString()])).toEqual([
      ['2025-03-14T07:00:00.000Z', '2025-03-14T10:00:00.000Z'],
      ['2025-03-14T11:00:00.000Z', '2025-03-14T11:30:00.000Z'],
    ]);
    expect(gaps[0]!.fraction).toBeCloseTo(3.5 / 6, 6);
  });

  it('returns nothing for an empty or inverted window', () => {
    const cams = [camera('a', [{ from: '2025-03-14T00:00:00Z', to: '2025-03-15T00:00:00Z' }])];
    expect(coverageGaps(cams, [], { from: window.to, to: window.from })).toEqual([]);
    expect(coverageGaps(cams, [], { from: window.from, to: window.from })).toEqual([]);
  });
});

describe('camera status at an instant', () => {
  const cam = camera('a', [{ from: '2025-03-14T06:00:00Z', to: '2025-03-14T07:00:00Z' }]);
  it('is down inside an outage and up outside it', () => {
    expect(cameraStatusAt(cam, new Date('2025-03-14T06:00:00Z'))).toBe('down');
    expect(cameraStatusAt(cam, new Date('2025-03-14T06:59:59Z'))).toBe('down');
    expect(cameraStatusAt(cam, new Date('2025-03-14T07:00:00Z'))).toBe('up');
  });
  it('is unknown before the camera was connected', () => {
    expect(cameraStatusAt(cam, new Date('2024-12-31T23:59:59Z'))).toBe('unknown');
  });
});
