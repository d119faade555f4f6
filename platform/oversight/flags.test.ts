import { describe, expect, it } from 'vitest';
import type { AuditBody } from '../../common/audit.ts';
import { normalisePlate } from '../../common/plates.ts';
import { dailyActivity } from './activity.ts';
import type { OversightEntry } from './entries.ts';
import { computeFlags, redact, type FlagOptions } from './flags.ts';
import { DEFAULT_OFFICE_HOURS } from './zone.ts';

const ZONE = 'Europe/Brussels';
let seq = 0;

function entry(
  officerId: string,
  at: string,
  o: Partial<
    Pick<
      AuditBody,
      'caseId' | 'justification' | 'outcome' | 'outcomeReason' | 'operation' | 'action'
    >
  > & {
    plate?: string;
  } = {},
): OversightEntry {
  seq++;
  const body: AuditBody = {
    at,
    actor: { officerId, username: officerId, role: 'detective' },
    operation: o.operation ?? 'consultation',
    action: o.action ?? 'reads.plate-history',
    caseId: o.caseId === undefined ? 'case-a' : o.caseId,
    purpose: 'judicial',
    reasonCode: 'suspect-vehicle',
    justification:
      o.justification === undefined
        ? 'Route of the suspect car on the evening of the raid.'
        : o.justification,
    parameters: o.plate ? { plate: o.plate, mode: 'exact' } : {},
    resultCount: 1,
    outcome: o.outcome ?? 'allowed',
    outcomeReason: o.outcomeReason ?? null,
    recipient: null,
    source: { kind: 'platform' },
  };
  return {
    ref: `platform:${seq}`,
    chain: 'platform',
    seq,
    at: new Date(at),
    body,
    plates: o.plate ? [normalisePlate(o.plate)] : [],
  };
}

const options = (over: Partial<FlagOptions> = {}): FlagOptions => ({
  from: new Date('2026-03-01T00:00:00Z'),
  to: new Date('2026-03-31T23:59:59Z'),
  zone: ZONE,
  hours: DEFAULT_OFFICE_HOURS,
  officers: new Map(),
  cases: new Map([
    ['case-a', { number: 'AN/1', scope: 'Suspect vehicle 1-ABC-123 and its companions.' }],
    ['case-b', { number: 'LI/2', scope: 'Cloned plate, Liège area.' }],
    ['case-c', { number: 'NA/3', scope: 'Ram raid, Namur.' }],
  ]),
  ...over,
});

/** A detective's ordinary month: office hours, one case, proper justifications. */
function ordinary(officer: string): OversightEntry[] {
  const out: OversightEntry[] = [];
  for (let d = 2; d <= 27; d++) {
    const day = String(d).padStart(2, '0');
    const date = new Date(`2026-03-${day}T10:00:00Z`);
    if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
    out.push(entry(officer, `2026-03-${day}T09:15:00Z`, { plate: '1-ABC-123' }));
    out.push(entry(officer, `2026-03-${day}T13:40:00Z`, { plate: '1-ABC-123' }));
  }
  return out;
}

describe('flags', () => {
  it('raises nothing for an ordinary month of work', () => {
    expect(computeFlags(ordinary('good'), options())).toEqual([]);
  });

  it('flags the abuse pattern: nights and weekends, one plate under unrelated cases, one-word justifications', () => {
    const abuse = [
      // 23:30 Brussels on weekdays (22:30 UTC in March), and a Saturday afternoon.
      entry('bad', '2026-03-03T22:30:00Z', {
        caseId: 'case-b',
        plate: '2-XYZ-987',
        justification: 'check',
      }),
      entry('bad', '2026-03-05T22:45:00Z', {
        caseId: 'case-c',
        plate: '2-XYZ-987',
        justification: 'info',
      }),
      entry('bad', '2026-03-07T14:00:00Z', {
        caseId: 'case-a',
        plate: '2-XYZ-987',
        justification: 'routine',
      }),
      entry('bad', '2026-03-10T23:10:00Z', {
        caseId: 'case-b',
        plate: '2-XYZ-987',
        justification: 'check',
      }),
      entry('bad', '2026-03-14T01:10:00Z', {
        caseId: 'case-c',
        plate: '2-XYZ-987',
        justification: 'control',
      }),
    ];
    const flags = computeFlags([...ordinary('good'), ...abuse], options());
    expect(flags.every((f) => f.officerId === 'bad')).toBe(true);
    const byKind = new Map(flags.map((f) => [f.kind, f]));
    expect([...byKind.keys()].sort()).toEqual([
      'out-of-hours',
      'plate-across-cases',
      'short-justification',
    ]);
    const across = byKind.get('plate-across-cases')!;
    expect(across.severity).toBe('high');
    expect(across.params).toMatchObject({ cases: 3, searches: 5, plate: '2X•••••' });
    expect(across.explanation).toContain('AN/1, LI/2, NA/3');
    expect(across.explanation).toContain('none of these cases names it');
    expect(across.entryRefs).toHaveLength(5);
    expect(byKind.get('out-of-hours')!.explanation).toMatch(
      /^5 of 5 searches \(100%\) were made outside office hours/,
    );
    expect(byKind.get('short-justification')!.params.examples).toContain('‘check’');
    // The plate itself never appears in what a supervisor reads.
    expect(JSON.stringify(flags)).not.toContain('2XYZ987');
  });

  it('does not flag a plate that the cases name in their scope', () => {
    const list = [
      entry('d', '2026-03-03T09:00:00Z', { caseId: 'case-a', plate: '1-ABC-123' }),
      entry('d', '2026-03-04T09:00:00Z', { caseId: 'case-b', plate: '1ABC123' }),
    ];
    expect(computeFlags(list, options()).map((f) => f.kind)).toEqual([]);
  });

  it('compares a day against the officer’s own baseline, not against colleagues', () => {
    const before = ordinary('busy').map((e) =>
      entry('busy', new Date(e.at.getTime() - 28 * 86_400_000).toISOString(), {
        plate: '1-ABC-123',
      }),
    );
    const spike = Array.from({ length: 40 }, (_, i) =>
      entry('busy', new Date(Date.parse('2026-03-18T09:00:00Z') + i * 60_000).toISOString(), {
        plate: '1-ABC-123',
      }),
    );
    const flags = computeFlags([...before, ...spike], options());
    const f = flags.find((x) => x.kind === 'volume-spike')!;
    expect(f.params).toMatchObject({ day: '2026-03-18', count: 40, baseline: 2, factor: 20 });
    expect(f.explanation).toMatch(/40 searches, 20 times their usual 2 per working day/);
  });

  it('flags repeated refusals, copied boilerplate across cases, and personal data in a justification', () => {
    const text = 'Standard check requested by the unit for this file number 12.';
    const list = [
      ...[1, 2, 3].map((d) =>
        entry('p', `2026-03-0${d + 1}T10:00:00Z`, {
          outcome: 'denied',
          outcomeReason: 'You are not assigned to this case.',
          caseId: 'case-c',
        }),
      ),
      ...[1, 2, 3, 4, 5].map((d) =>
        entry('p', `2026-03-1${d}T10:00:00Z`, {
          caseId: d % 2 ? 'case-a' : 'case-b',
          justification: text,
        }),
      ),
      entry('p', '2026-03-20T10:00:00Z', {
        justification: 'Mother of the owner, NN 85.07.30-033.28, asked us to check.',
      }),
    ];
    const flags = computeFlags(list, options());
    const kinds = flags.map((f) => f.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['repeated-refusals', 'boilerplate', 'personal-data']),
    );
    const pd = flags.find((f) => f.kind === 'personal-data')!;
    expect(pd.severity).toBe('high');
    expect(pd.explanation).toContain('Belgian national register number');
    expect(JSON.stringify(flags)).not.toContain('033.28');
    expect(flags.find((f) => f.kind === 'repeated-refusals')!.explanation).toContain(
      'not assigned',
    );
  });

  it('redacts what it quotes', () => {
    expect(redact('ask jan@example.be about 1-ABC-123, tel 0471 23 45 67')).toBe(
      'ask [e-mail] about 1A•••••, tel [number]',
    );
  });
});

describe('daily activity', () => {
  it('counts queries, distinct plates and cases, refusals and out-of-hours work per local day', () => {
    const list = [
      entry('x', '2026-03-02T09:00:00Z', { plate: 'A1', caseId: 'case-a' }),
      entry('x', '2026-03-02T10:00:00Z', { plate: 'A1', caseId: 'case-b' }),
      entry('x', '2026-03-02T11:00:00Z', { plate: 'B2', caseId: 'case-a' }),
      // 23:30 UTC on the 2nd is 00:30 on the 3rd in Brussels.
      entry('x', '2026-03-02T23:30:00Z', { plate: 'C3', caseId: 'case-a' }),
      entry('x', '2026-03-03T09:00:00Z', { outcome: 'denied', caseId: 'case-c' }),
      entry('x', '2026-03-03T09:30:00Z', { operation: 'disclosure', action: 'case.export' }),
    ];
    const { days, totals } = dailyActivity(list, {
      from: new Date('2026-03-01T23:00:00Z'),
      to: new Date('2026-03-03T22:59:59Z'),
      zone: ZONE,
      hours: DEFAULT_OFFICE_HOURS,
    });
    expect(days.map((d) => d.day)).toEqual(['2026-03-02', '2026-03-03']);
    expect(days[0]).toMatchObject({
      queries: 3,
      distinctPlates: 2,
      distinctCases: 2,
      refused: 0,
      outOfHours: 0,
    });
    expect(days[1]).toMatchObject({
      queries: 2,
      distinctPlates: 1,
      refused: 1,
      exports: 1,
      outOfHours: 1,
    });
    expect(totals).toMatchObject({
      queries: 5,
      distinctPlates: 3,
      distinctCases: 3,
      exports: 1,
      refused: 1,
    });
  });
});
