import { createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case } from '../../common/case.ts';
import { POLICY_PACKS, type PolicyPack } from '../../common/policy.ts';
import type { Camera, Read } from '../../common/read.ts';
import { openEncrypted, type Db } from '../store/sqlite.ts';
import type { Actor } from './actor.ts';
import type { QueryContext } from './access.ts';
import { createSqliteStore, type PlatformStore } from './store.ts';

/** Shared fixtures of the data-layer tests: a real encrypted db in a temp dir, a few cameras and officers. */

export const NOW = new Date('2026-03-15T12:00:00.000Z');
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const ago = (ms: number, from: Date = NOW): string =>
  new Date(from.getTime() - ms).toISOString();
export const at = (ms: number, from: Date = NOW): Date => new Date(from.getTime() + ms);

export const detective: Actor = { id: 'det-anna', roles: ['detective'] };
export const otherDetective: Actor = { id: 'det-bert', roles: ['detective'] };
export const prosecutor: Actor = { id: 'pro-clara', roles: ['prosecutor'] };
/** Holds both roles: may decide, but never on a request of their own. */
export const detectiveProsecutor: Actor = { id: 'dp-dirk', roles: ['detective', 'prosecutor'] };
export const commissioner: Actor = { id: 'com-eva', roles: ['commissioner'] };
export const supervisor: Actor = { id: 'sup-fien', roles: ['supervisor'] };

export const JUSTIFICATION =
  'Suspect vehicle seen leaving the burglary at Rue Haute, verifying its route';

export const CAMERAS: Camera[] = [
  cam('BXL-01', 50.8466, 4.3528, 'fixed'),
  cam('BXL-02', 50.8503, 4.3517, 'fixed'),
  cam('GNT-01', 51.0543, 3.7174, 'fixed'),
  cam('MOB-07', 50.85, 4.35, 'mobile-manned'),
];

function cam(id: string, lat: number, lon: number, unitType: Camera['unitType']): Camera {
  return {
    id,
    site: `Site ${id}`,
    lat,
    lon,
    road: null,
    direction: 'N',
    heading: 0,
    lanes: 2,
    operator: 'local',
    unitType,
    connectedSince: '2024-01-01T00:00:00.000Z',
    outages:
      id === 'BXL-02' ? [{ from: '2026-02-01T00:00:00.000Z', to: '2026-02-01T06:00:00.000Z' }] : [],
  };
}

/** A valid read at camera `unitId` (position taken from the camera unless given). */
export function makeRead(over: Partial<Read> & { plate: string; capturedAt: string }): Read {
  const camera = CAMERAS.find((c) => c.id === (over.unitId ?? 'BXL-01')) ?? CAMERAS[0]!;
  return {
    id: randomUUID(),
    plateRaw: over.plate,
    country: 'BE',
    lat: camera.lat,
    lon: camera.lon,
    heading: null,
    unitSpeedKmh: null,
    unitId: camera.id,
    unitType: camera.unitType,
    lane: 1,
    direction: 'N',
    operator: 'local',
    source: 'Test',
    confidence: 0.93,
    alternatives: [],
    vehicle: null,
    images: [],
    hit: false,
    hitCategory: null,
    ...over,
  };
}

export interface TestEnv {
  store: PlatformStore;
  db: Db;
  dir: string;
  keyHex: string;
  file: string;
  /** A second handle on the same file (simulates a restarted process). */
  reopen(): { store: PlatformStore; db: Db };
  cleanup(): void;
}

export function testEnv(pack: PolicyPack = POLICY_PACKS.be): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'anpr-data-'));
  const keyHex = randomBytes(32).toString('hex');
  const file = join(dir, 'platform.db');
  const db = openEncrypted(file, keyHex);
  const store = createSqliteStore(db, { pack, cacheMiB: 8 });
  const extra: Db[] = [];
  return {
    store,
    db,
    dir,
    keyHex,
    file,
    reopen() {
      const db2 = openEncrypted(file, keyHex);
      extra.push(db2);
      return { db: db2, store: createSqliteStore(db2, { pack, cacheMiB: 8 }) };
    },
    cleanup() {
      for (const d of extra) if (d.open) d.close();
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function seedWorld(
  env: TestEnv,
  purpose: Case['purpose'] = 'judicial',
): Promise<Case> {
  await env.store.upsertCameras(CAMERAS, NOW);
  return env.store.createCase(
    {
      number: `BR.12.LL.2026/${purpose === 'judicial' ? '1234' : '9000'}`,
      title: 'Burglary series Rue Haute',
      offence: 'Burglary (art. 467 Sw.)',
      legalBasis: 'Art. 46sexies Sv.',
      purpose,
      assignedOfficers: [detective.id, detectiveProsecutor.id],
    },
    { now: new Date(NOW.getTime() - 60 * DAY), createdBy: 'admin' },
  );
}

export function q(caseId: string, over: Partial<QueryContext> = {}): QueryContext {
  return {
    officer: detective,
    caseId,
    purpose: 'judicial',
    // The burglary case of these fixtures; an administrative case overrides it.
    offenceType: over.purpose === 'administrative' ? 'be-public-order' : 'be-property',
    reasonCode: 'suspect-vehicle',
    justification: JUSTIFICATION,
    now: NOW,
    ...over,
  };
}

/**
 * The plaintext of an SQLCipher-v4-format file (raw key, 4096-byte pages,
 * 80 reserved bytes: IV + HMAC), decrypted page by page without SQLite:
 * unlike a rekey or VACUUM, this shows stale bytes left in free space.
 */
export function decryptDbFile(path: string, keyHex: string): Buffer {
  const buf = readFileSync(path);
  const PAGE = 4096;
  const RESERVE = 80;
  const key = Buffer.from(keyHex, 'hex');
  const out = Buffer.alloc(buf.length);
  for (let off = 0; off + PAGE <= buf.length; off += PAGE) {
    const start = off === 0 ? 16 : 0; // page 1 begins with the plaintext salt
    const iv = buf.subarray(off + PAGE - RESERVE, off + PAGE - RESERVE + 16);
    const d = createDecipheriv('aes-256-cbc', key, iv);
    d.setAutoPadding(false);
    Buffer.concat([d.update(buf.subarray(off + start, off + PAGE - RESERVE)), d.final()]).copy(
      out,
      off + start,
    );
  }
  return out;
}
