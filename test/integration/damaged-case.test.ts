import { openSync, closeSync, truncateSync, statSync, writeSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEntry, PullStatus } from '../../common/api/contract.ts';
import { caseStorePath } from '../../main/core/store/paths.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, makeWorkstation, signIn } from './support.ts';

/**
 * One unreadable case store (a failing disk, an interrupted copy) must not
 * hide the officer's other cases: the case list names the damaged one with
 * its recovery, the others stay listed and usable, and the recovery works.
 */
let t: TestReference;
beforeAll(async () => {
  t = await startTestReference();
}, 180_000);
afterAll(() => t?.close());

const JUSTIFICATION = 'Suspect vehicle of the convoy investigation; route needed for the hearing.';

function platesPull(caseId: string, plate: string) {
  const now = t.clock().getTime();
  return {
    caseId,
    offenceType: 'be-property',
    reasonCode: 'suspect-vehicle',
    justification: JUSTIFICATION,
    query: {
      kind: 'plates',
      plates: [plate],
      range: {
        from: new Date(now - 29 * 86_400_000).toISOString(),
        to: new Date(now).toISOString(),
      },
    },
  };
}

type Ws = ReturnType<typeof makeWorkstation>['ws'];
async function pulled(ws: Ws, request: unknown): Promise<PullStatus> {
  const started = await call<PullStatus>(ws, 'pulls.start', request);
  await ws.pulls.settled(started.pullId);
  const done = await ws.pulls.status(started.caseId, started.pullId);
  expect(done.state).toBe('done');
  return done;
}

const list = (ws: Ws) => call<{ cases: CaseEntry[] }>(ws, 'cases.list');
const entryOf = (cases: CaseEntry[], id: string) => cases.find((c) => c.case.id === id)!;

describe('a damaged local case store', () => {
  // Both ways a file gets damaged in practice: cut short, and overwritten in the middle.
  const damage = {
    truncated: (file: string) => truncateSync(file, Math.floor(statSync(file).size / 2) + 17),
    overwritten: (file: string) => {
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 0);
      closeSync(fd);
    },
  };

  for (const [how, harm] of Object.entries(damage)) {
    it(`(${how}) is listed as damaged with its recovery; the other cases are listed and work`, async () => {
      const { ws, dataDir } = makeWorkstation(t.url, { clock: t.clock });
      await signIn(ws, t.accounts.detective1!, t.clock);
      const convoy = t.groundTruth.convoy;
      const stake = t.groundTruth.stakeout;
      await pulled(ws, platesPull(convoy.caseId, convoy.target.plate));
      const healthy = await pulled(ws, {
        ...platesPull(stake.caseId, convoy.target.plate),
        query: {
          kind: 'area',
          area: {
            kind: 'circle',
            lat: stake.place.lat,
            lon: stake.place.lon,
            radiusM: stake.place.radiusM,
          },
          range: { from: stake.from, to: stake.to },
        },
      });
      expect(healthy.stored).toBeGreaterThan(0);
      await ws.stores.close(convoy.caseId);
      harm(caseStorePath(dataDir, convoy.caseId));

      const { cases } = await list(ws);
      const broken = entryOf(cases, convoy.caseId);
      expect(broken.local).toBeNull();
      expect(broken.damaged).toMatchObject({ recovery: 'discard-local' });
      expect(['damaged-file', 'wrong-key']).toContain(broken.damaged!.reason);
      expect(broken.damaged!.message).toMatch(/pull the reads again/);
      // The healthy case is listed with its data, and its reads still open.
      expect(entryOf(cases, stake.caseId)).toMatchObject({
        damaged: null,
        local: { reads: healthy.stored },
      });
      expect((await call<CaseEntry>(ws, 'cases.get', { caseId: stake.caseId })).local?.reads).toBe(
        healthy.stored,
      );

      // The recovery the list offers: discard the local copy, then the case is clean and pullable.
      await call(ws, 'cases.discardLocal', {
        caseId: convoy.caseId,
        justification: 'Local copy is damaged; discarding it to pull the case again.',
      });
      expect(entryOf((await list(ws)).cases, convoy.caseId)).toMatchObject({
        local: null,
        damaged: null,
      });
      const again = await pulled(ws, platesPull(convoy.caseId, convoy.target.plate));
      expect(entryOf((await list(ws)).cases, convoy.caseId).local?.reads).toBe(again.stored);
      await ws.close();
    });
  }
});
