import { describe, expect, it } from 'vitest';
import type { AnalysisRun } from '../../common/api/detective-contract.ts';
import { analysisView, createMasker } from './analysis-runs.ts';
import type { ConvoyResult, ImpossibleJourneysResult } from './analyses/index.ts';

const secret = Buffer.alloc(32, 7);
const run = (kind: AnalysisRun['kind'], params: Record<string, unknown>): AnalysisRun => ({
  id: 'run-1',
  caseId: 'case-1',
  kind,
  params,
  offenceType: 'be-organised',
  reasonCode: 'association',
  justification: 'Vehicles travelling with the suspect on the route.',
  officer: 'detective1',
  createdAt: '2026-11-20T10:00:00.000Z',
  summary: {},
  resultCount: 1,
});
const sighting = (id: string, plate: string, at: number) => ({
  id,
  plate,
  capturedAt: at,
  lat: 50.8,
  lon: 4.3,
  unitId: 'CAM-1',
  direction: null,
  confidence: 0.9,
});

describe('analysis views', () => {
  it('masks a convoy companion: opaque key, masked display, a read to open it with', () => {
    const result: ConvoyResult = {
      vehicles: [
        {
          plate: '1BXT25',
          cameras: 3,
          pairs: 1,
          meanAbsDeltaS: 20,
          lookalikeOfTarget: false,
          shared: [
            {
              target: sighting('r1', '2QQR164', 1000),
              other: sighting('r2', '1BXT25', 21_000),
              deltaS: 20,
            },
          ],
        },
      ],
      summary: {
        targetSightings: 1,
        targetCameras: 1,
        candidates: 1,
        vehicles: 1,
        truncated: false,
        windowSeconds: 60,
        minCameras: 3,
      },
    };
    const masker = createMasker(secret, ['2-QQR-164']);
    const view = analysisView(run('convoy', { plate: '2QQR164' }), result, masker);
    expect(JSON.stringify(view)).not.toContain('1BXT25');
    const companion = view.vehicles.find((v) => v.masked)!;
    expect(companion).toMatchObject({ display: '1B••••', ref: 'r2' });
    expect(companion.vehicle).toMatch(/^v:/);
    expect(view.vehicles.find((v) => !v.masked)).toMatchObject({ vehicle: '2QQR164' });
    // Same plate, same key: the reads table and the result point at one vehicle.
    expect(masker.keyOf('1BXT25')).toBe(companion.vehicle);
    expect(createMasker(Buffer.alloc(32, 8), []).keyOf('1BXT25')).not.toBe(companion.vehicle);
    expect(view.sightings.map((s) => s.capturedAt)).toEqual([
      '1970-01-01T00:00:01.000Z',
      '1970-01-01T00:00:21.000Z',
    ]);
  });

  it('leaves plates in clear where the officer named or searched them', () => {
    const result: ImpossibleJourneysResult = {
      pairs: [
        {
          plate: '1ARV291',
          from: sighting('a', '1ARV291', 0),
          to: sighting('b', '1ARV291', 60_000),
          distanceM: 190_000,
          seconds: 60,
          speedKmh: 11_400,
        },
      ],
      summary: {
        readsScanned: 2,
        platesScanned: 1,
        pairsFound: 1,
        platesFlagged: 1,
        truncated: false,
        maxSpeedKmh: 250,
      },
    };
    const view = analysisView(run('impossibleJourneys', {}), result, createMasker(secret, []));
    expect(view.vehicles).toEqual([
      { vehicle: '1ARV291', display: '1ARV291', masked: false, ref: 'a' },
    ]);
  });
});
