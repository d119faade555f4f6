import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { WITHHELD_REASON_PRIORITY } from '../../../../common/policy.ts';
import { resources } from '../../i18n/index.ts';
import { ageGateText, approvalWouldHelp } from './age-gate-text.ts';

/** The app's own messages, so what is tested is what the officer reads. */
const LANGS = ['en', 'nl', 'fr'] as const;
const ts: Record<(typeof LANGS)[number], TFunction> = {} as never;
beforeAll(async () => {
  for (const lng of LANGS) {
    const i = i18next.createInstance();
    await i.init({ resources, lng, interpolation: { escapeValue: false } });
    ts[lng] = i.t;
  }
});

const NNBSP = '\u202f'; // formatCount's thousands separator

describe('the sentence for reads the age gate hides', () => {
  it('has its own sentence for every reason the common gate gives, in each language, with the count', () => {
    for (const lng of LANGS) {
      const fallback = ageGateText(ts[lng], { count: 1234, reason: 'no-such-reason' });
      const sentences = new Set<string>();
      for (const reason of WITHHELD_REASON_PRIORITY) {
        const text = ageGateText(ts[lng], { count: 1234, reason });
        // A reason added to common/policy.ts without a sentence here falls back: caught.
        expect(text, `${lng} ${reason}`).not.toBe(fallback);
        expect(text).toContain(`1${NNBSP}234`);
        expect(text).not.toMatch(/detective\.ageGate/);
        sentences.add(text);
      }
      expect(sentences.size).toBe(WITHHELD_REASON_PRIORITY.length);
    }
  });

  it('says it in the officer’s language, never the English core message', () => {
    const reason = 'needs-extended-access';
    expect(ageGateText(ts.en, { count: 36, reason })).toBe(
      '36 reads older than one month are hidden: they need a prosecutor’s approval (extended access).',
    );
    expect(ageGateText(ts.nl, { count: 36, reason })).toMatch(/^36 lezingen .*procureur/);
    expect(ageGateText(ts.fr, { count: 36, reason })).toMatch(/^36 lectures .*procureur/);
  });

  it('offers an approval only where one can show the reads', () => {
    expect(approvalWouldHelp('needs-extended-access')).toBe(true);
    expect(approvalWouldHelp('approval-expired')).toBe(true);
    expect(approvalWouldHelp('outside-approved-period')).toBe(true);
    // No approval reaches past retention, nor into an administrative case's older reads.
    expect(approvalWouldHelp('beyond-retention')).toBe(false);
    expect(approvalWouldHelp('administrative-window')).toBe(false);
    expect(approvalWouldHelp(null)).toBe(false);
  });
});
