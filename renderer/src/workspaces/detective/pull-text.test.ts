import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PullStatus } from '../../../../common/api/contract.ts';
import { resources } from '../../i18n/index.ts';
import { formatDuration, outcomeText, shortfall } from './pull-text.ts';

/** The app's own messages, so what is tested is what the officer reads. */
const ts: Record<'en' | 'nl' | 'fr', TFunction> = {} as never;
beforeAll(async () => {
  for (const lng of ['en', 'nl', 'fr'] as const) {
    const i = i18next.createInstance();
    await i.init({ resources, lng, interpolation: { escapeValue: false } });
    ts[lng] = i.t;
  }
});

const NNBSP = '\u202f'; // formatCount's thousands separator

function pull(over: Partial<PullStatus>): PullStatus {
  return {
    pullId: 'p',
    caseId: 'c',
    state: 'done',
    total: 0,
    offered: 0,
    received: 0,
    stored: 0,
    duplicates: 0,
    alreadyHeld: 0,
    invalid: 0,
    invalidSamples: [],
    withheld: { count: 0, reason: null, message: null },
    ratePerSecond: 0,
    etaSeconds: null,
    error: null,
    startedAt: '2026-03-10T12:00:00.000Z',
    updatedAt: '2026-03-10T12:05:00.000Z',
    ...over,
  };
}

describe('time left', () => {
  it('shows seconds, then minutes with two-digit seconds, then hours with minutes', () => {
    const t = ts.en;
    expect(formatDuration(0, t)).toBe('0 s');
    expect(formatDuration(45.2, t)).toBe('45 s');
    expect(formatDuration(245, t)).toBe('4 min 05 s');
    expect(formatDuration(1_019.7, t)).toBe('17 min 00 s'); // the "16 min 60 s"
    expect(formatDuration(7_620, t)).toBe('2 h 07 min');
  });

  it('rounds before splitting, so no unit ever reads 60', () => {
    const t = ts.en;
    expect(formatDuration(59.4, t)).toBe('59 s');
    expect(formatDuration(59.6, t)).toBe('1 min 00 s');
    expect(formatDuration(3_599.4, t)).toBe('59 min 59 s');
    expect(formatDuration(3_599.5, t)).toBe('1 h 00 min');
    expect(formatDuration(7_199.9, t)).toBe('2 h 00 min');
    expect(formatDuration(5_399, t)).toBe('1 h 30 min');
  });

  it('in each language', () => {
    expect(formatDuration(3_725, ts.nl)).toBe('1 u 02 min');
    expect(formatDuration(3_725, ts.fr)).toBe('1 h 02 min');
    expect(formatDuration(245, ts.fr)).toBe('4 min 05 s');
  });
});

describe('where the offered reads went', () => {
  it('explains the issue’s 75 missing reads', () => {
    const p = pull({
      total: 181_749,
      offered: 181_749,
      received: 181_749,
      stored: 181_674,
      alreadyHeld: 75,
    });
    expect(outcomeText(p, ts.en)).toBe(
      `181${NNBSP}674 stored of 181${NNBSP}749 offered: 75 already held in this case`,
    );
    expect(outcomeText(p, ts.fr)).toBe(
      `181${NNBSP}674 enregistrées sur 181${NNBSP}749 proposées\u00a0: 75 déjà présentes dans ce dossier`,
    );
  });

  it('names every reason, and they add up to what was offered', () => {
    const p = pull({
      total: 1_000,
      offered: 1_040,
      received: 1_000,
      stored: 900,
      alreadyHeld: 90,
      duplicates: 4,
      invalid: 6,
      withheld: { count: 40, reason: 'older than one month', message: null },
    });
    const parts = shortfall(p);
    expect(parts.map((x) => x.kind)).toEqual(['alreadyHeld', 'duplicates', 'withheld', 'invalid']);
    expect(p.stored + parts.reduce((s, x) => s + x.count, 0)).toBe(p.offered);
    expect(outcomeText(p, ts.en)).toBe(
      '900 stored of 1' +
        NNBSP +
        '040 offered: 90 already held in this case, 4 delivered twice (stored once), 40 withheld by the legal gate, 6 invalid',
    );
  });

  it('says nothing more when everything offered was stored', () => {
    expect(outcomeText(pull({ total: 12, offered: 12, received: 12, stored: 12 }), ts.en)).toBe(
      '12 stored of 12 offered',
    );
  });

  it('names what no reason covers: not delivered when done, not received yet otherwise', () => {
    const done = pull({ total: 100, offered: 100, received: 97, stored: 97 });
    expect(shortfall(done)).toEqual([{ kind: 'notDelivered', count: 3 }]);
    const cancelled = pull({
      state: 'cancelled',
      total: 100,
      offered: 100,
      received: 40,
      stored: 38,
      invalid: 2,
    });
    expect(outcomeText(cancelled, ts.nl)).toBe(
      '38 opgeslagen van 100 aangeboden: 2 ongeldig, 60 nog niet ontvangen',
    );
  });
});
