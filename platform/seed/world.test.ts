import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Case, Justification } from '../../common/case.ts';
import { Camera } from '../../common/read.ts';
import {
  abuserPattern,
  buildWorld,
  DEMO_OFFICER_USERNAMES,
  GEONAMES_CREDIT,
  generateReads,
  insideBelgium,
  writeGroundTruth,
  type SeedOptions,
} from './index.ts';
import { localDay, localDayNumber, localHour } from './time.ts';

const END = new Date('2026-03-02T09:30:00Z');
const small: SeedOptions = { seed: 42, days: 7, end: END, vehicles: 300 };

function firstBatches(opts: SeedOptions, n: number) {
  const world = buildWorld(opts);
  const out = [];
  for (const batch of generateReads(world, 2000)) {
    out.push(batch);
    if (out.length === n) break;
  }
  return { world, out };
}

describe('synthetic Belgium: world', () => {
  it('is deterministic from the seed, and another seed gives another world', () => {
    const a = firstBatches(small, 2);
    const b = firstBatches(small, 2);
    const c = firstBatches({ ...small, seed: 43 }, 2);
    expect(b.world.cameras).toEqual(a.world.cameras);
    expect(b.world.groundTruth).toEqual(a.world.groundTruth);
    expect(b.world.cases).toEqual(a.world.cases);
    expect(b.out).toEqual(a.out);
    expect(a.out[0]?.length).toBe(2000);
    expect(c.world.groundTruth.convoy.target.plate).not.toBe(
      a.world.groundTruth.convoy.target.plate,
    );
    expect(c.out[0]?.map((r) => r.id)).not.toEqual(a.out[0]?.map((r) => r.id));
    // Replaying the stream of the same world gives the same reads.
    const again = [];
    for (const batch of generateReads(a.world, small, 2000)) {
      again.push(batch);
      if (again.length === 2) break;
    }
    expect(again).toEqual(a.out);
  });

  it('places ~5,000 schema-valid cameras with unique ids, all inside Belgium', () => {
    const { cameras } = buildWorld(small);
    expect(cameras.length).toBe(5000);
    expect(new Set(cameras.map((c) => c.id)).size).toBe(cameras.length);
    for (const c of cameras) {
      expect(Camera.safeParse(c).success, c.id).toBe(true);
      expect(insideBelgium(c.lon, c.lat), `${c.id} at ${c.lat},${c.lon}`).toBe(true);
    }
    expect(GEONAMES_CREDIT).toMatch(/GeoNames.*CC BY 4\.0/);
  });

  it('puts federal motorway sites with both carriageways on the E-roads, and town cameras by population', () => {
    const { cameras } = buildWorld(small);
    const motorway = cameras.filter((c) => c.road !== null);
    for (const road of ['E40', 'E19', 'E17', 'E313', 'E34', 'E411', 'E42', 'E403', 'E25', 'R0'])
      expect(
        motorway.some((c) => c.road === road),
        road,
      ).toBe(true);
    for (const c of motorway) {
      expect(c.id).toMatch(/^[A-Z0-9]+-km\d{3}-[NESW]$/);
      expect(c.operator).toBe('federal');
      expect(c.lanes).toBeGreaterThanOrEqual(2);
      expect(c.lanes).toBeLessThanOrEqual(4);
    }
    // Each site has one camera per direction, looking in opposite directions.
    const bySite = Map.groupBy(motorway, (c) => c.site);
    for (const [site, pair] of bySite) {
      expect(pair.length, site).toBe(2);
      const [a, b] = pair as [Camera, Camera];
      expect(Math.abs(((a.heading! - b.heading! + 540) % 360) - 180), site).toBeGreaterThan(170);
      expect(a.direction).not.toBe(b.direction);
    }
    const town = cameras.filter((c) => c.road === null);
    expect(town.every((c) => c.operator !== 'federal')).toBe(true);
    const count = (name: string) => town.filter((c) => c.site.startsWith(`${name} – `)).length;
    expect(count('Brussels')).toBeGreaterThan(count('Gent'));
    expect(count('Gent')).toBeGreaterThan(count('Kortrijk'));
    // Outages exist for a few % of cameras, inside the period.
    const withOutage = cameras.filter((c) => c.outages.length > 0);
    expect(withOutage.length / cameras.length).toBeGreaterThan(0.01);
    expect(withOutage.length / cameras.length).toBeLessThan(0.08);
  });

  it('builds valid cases with the demo officers and an abuse pattern as plain data', () => {
    const world = buildWorld(small);
    expect(world.cases.length).toBeGreaterThanOrEqual(3);
    for (const c of world.cases) expect(Case.safeParse(c).success, c.id).toBe(true);
    expect(world.cases.some((c) => c.purpose === 'administrative')).toBe(true);
    const d1 = world.cases.filter((c) => c.assignedOfficers.includes('detective1'));
    const d2 = world.cases.filter((c) => c.assignedOfficers.includes('detective2'));
    expect(d1.length).toBeGreaterThan(world.cases.length / 2);
    expect(d2.filter((c) => c.assignedOfficers.includes('detective1')).length).toBe(1);
    expect(d2.filter((c) => c.assignedOfficers.length === 1).length).toBe(1);
    for (const c of world.cases)
      for (const u of c.assignedOfficers) expect(DEMO_OFFICER_USERNAMES).toContain(u);

    const longer = buildWorld({ ...small, days: 30 });
    const events = abuserPattern(longer);
    expect(events.length).toBeGreaterThan(3);
    const from = Date.parse(longer.groundTruth.period.from);
    const to = Date.parse(longer.groundTruth.period.to);
    const plates = new Set(events.map((e) => e.plate));
    expect(plates.size).toBe(1);
    const plate = [...plates][0]!;
    expect(new Set(events.map((e) => e.caseId)).size).toBeGreaterThan(1);
    for (const e of events) {
      const t = Date.parse(e.at);
      expect(t).toBeGreaterThanOrEqual(from);
      expect(t).toBeLessThanOrEqual(to);
      const h = localHour(t);
      const weekday = localDay(localDayNumber(t)).weekday;
      expect(h >= 22 || h < 5 || weekday === 0 || weekday === 6, e.at).toBe(true);
      expect(e.justification.trim().split(/\s+/).length).toBe(1);
      expect(Justification.safeParse(e.justification).success).toBe(false);
      const kase = longer.cases.find((c) => c.id === e.caseId)!;
      expect(kase.assignedOfficers).toContain('abuser1');
      // The plate has nothing to do with the case it is searched under.
      expect(kase.scope).not.toContain(plate);
    }
  });

  it('writes the ground truth as JSON and refuses bad options', () => {
    const world = buildWorld(small);
    const dir = mkdtempSync(join(tmpdir(), 'seed-gt-'));
    try {
      const file = writeGroundTruth(join(dir, 'out'), world.groundTruth);
      expect(file.endsWith('ground-truth.json')).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(world.groundTruth);
      expect(statSync(file).mode & 0o077).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => buildWorld({ ...small, days: 3 })).toThrow(/days/);
    expect(() => buildWorld({ ...small, end: new Date('nope') })).toThrow(/end/);
    expect(() => generateReads(world, { ...small, seed: 1 })).toThrow(/differ/);
  });
});
