import { describe, expect, it } from 'vitest';
import type { Case } from '../../common/case.ts';
import { planDepartures } from './cases.ts';

/**
 * Which cases leave the officer's list at a contact with the platform, whose
 * local copy is shredded, and what the officer is told. A wrong answer either
 * keeps data past its case or destroys a copy the officer still needs.
 */
const ME = 'detective2';
const at = '2026-11-30T09:00:00.000Z';
function kase(id: string, over: Partial<Case> = {}): Case {
  return {
    id,
    number: `NB.${id}/2026`,
    title: `Case ${id}`,
    offence: 'Theft',
    legalBasis: 'Code of Criminal Procedure art. 28bis',
    purpose: 'judicial',
    status: 'open',
    assignedOfficers: [ME],
    createdAt: at,
    scope: '',
    ...over,
  };
}

describe('planDepartures', () => {
  it('keeps an open case the officer is assigned to, with its local copy', () => {
    const plan = planDepartures({
      officerId: ME,
      listed: [kase('a')],
      departed: [],
      held: ['a'],
      shownBefore: [kase('a')],
    });
    expect(plan).toEqual({ shown: [kase('a')], leaving: [] });
  });

  it('a closed case leaves the list; its local copy is shredded and the platform says when and why', () => {
    const plan = planDepartures({
      officerId: ME,
      listed: [kase('a', { status: 'closed' }), kase('b')],
      departed: [
        {
          caseId: 'a',
          number: 'NB.a/2026',
          title: 'Case a',
          reason: 'closed',
          at,
          closeReason: 'Suspect convicted',
        },
      ],
      held: ['a'],
      shownBefore: [],
    });
    expect(plan.shown.map((c) => c.id)).toEqual(['b']);
    expect(plan.leaving).toEqual([
      {
        shred: true,
        notice: {
          caseId: 'a',
          number: 'NB.a/2026',
          title: 'Case a',
          reason: 'closed',
          at,
          closeReason: 'Suspect convicted',
          localCopyErased: true,
        },
      },
    ]);
  });

  it('a held case the platform no longer lists was unassigned; named from the departed list', () => {
    const plan = planDepartures({
      officerId: ME,
      listed: [],
      departed: [
        {
          caseId: 'a',
          number: 'NB.a/2026',
          title: 'Case a',
          reason: 'unassigned',
          at: null,
          closeReason: null,
        },
      ],
      held: ['a'],
      shownBefore: [],
    });
    expect(plan.leaving).toEqual([
      {
        shred: true,
        notice: expect.objectContaining({ number: 'NB.a/2026', reason: 'unassigned' }),
      },
    ]);
  });

  it('a case shown earlier but never pulled leaves with a notice and nothing to shred', () => {
    const plan = planDepartures({
      officerId: ME,
      listed: [],
      departed: [],
      held: [],
      shownBefore: [kase('a')],
    });
    expect(plan.leaving).toEqual([
      {
        shred: false,
        notice: expect.objectContaining({
          caseId: 'a',
          number: 'NB.a/2026',
          reason: 'unassigned',
          localCopyErased: false,
        }),
      },
    ]);
  });

  it('a held copy of a case neither listed nor named is still shredded, shown by its id', () => {
    const plan = planDepartures({
      officerId: ME,
      listed: [],
      departed: [],
      held: ['x'],
      shownBefore: [],
    });
    expect(plan.leaving).toEqual([
      { shred: true, notice: expect.objectContaining({ caseId: 'x', number: 'x', title: '' }) },
    ]);
  });

  it('an oversight role still sees an open case it is not assigned to, but keeps no copy of it', () => {
    const other = kase('a', { assignedOfficers: ['detective1'] });
    const plan = planDepartures({
      officerId: ME,
      listed: [other],
      departed: [],
      held: ['a'],
      shownBefore: [other],
    });
    expect(plan.shown).toEqual([other]);
    expect(plan.leaving).toEqual([
      { shred: true, notice: expect.objectContaining({ reason: 'unassigned' }) },
    ]);
  });
});
