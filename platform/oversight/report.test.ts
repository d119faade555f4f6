import { describe, expect, it } from 'vitest';
import type { AccessRequest, CaseContext, SampleCheck } from '../../common/oversight-api.ts';
import { renderDecisionPdf, renderSampleCsv, renderSamplePdf } from './report.ts';

const ZONE = 'Europe/Brussels';
const officer = {
  id: 'o1',
  username: 'abuser1',
  displayName: 'Insp. Kevin Mertens',
  roles: ['detective' as const],
};

const sample: SampleCheck = {
  id: '5d1c7a52-0000-4000-8000-000000000001',
  officer,
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-03-15T00:00:00.000Z',
  size: 2,
  status: 'completed',
  createdBy: 's1',
  createdByName: 'Comm. Marc Janssens',
  createdAt: '2026-03-16T09:00:00.000Z',
  commitment: 'a'.repeat(64),
  candidatesHash: 'b'.repeat(64),
  candidateCount: 12,
  seed: 'c'.repeat(64),
  supervisorValue: 'dice 3 6 1 4 4 2',
  drawSeed: 'd'.repeat(64),
  drawnAt: '2026-03-16T09:01:00.000Z',
  completedAt: '2026-03-16T09:30:00.000Z',
  entries: [
    {
      ref: 'platform:12',
      chain: 'platform',
      seq: 12,
      at: '2026-03-03T22:30:00.000Z',
      officerId: 'o1',
      username: 'abuser1',
      role: 'detective',
      operation: 'consultation',
      action: 'reads.plate-history',
      caseId: 'c1',
      caseNumber: 'LI.21.L1.2026/1893',
      purpose: 'judicial',
      reasonCode: 'other',
      justification: '=HYPERLINK("x")',
      parameters: { plate: '2X•••••' },
      maskedPlates: 1,
      resultCount: 3,
      outcome: 'allowed',
      outcomeReason: null,
      recipient: null,
      outOfHours: true,
    },
  ],
  reviews: [
    {
      ref: 'platform:12',
      verdict: 'unlawful',
      note: 'Night search, one word, "unrelated", plate not in the case',
      reviewedBy: 's1',
      reviewedByName: 'Comm. Marc Janssens',
      reviewedAt: '2026-03-16T09:20:00.000Z',
      revisions: 0,
    },
  ],
};

describe('oversight documents', () => {
  it('renders a sample check as a CSV a spreadsheet opens safely', () => {
    const csv = renderSampleCsv(sample, ZONE);
    const [header, row] = csv.trim().split('\r\n');
    expect(header).toMatch(/^sample_id,officer,n,entry,at_utc,at_local,action/);
    expect(row).toContain('2026-03-03 23:30'); // Brussels time
    expect(row).toContain(`"'=HYPERLINK(""x"")"`); // a formula is defused and quoted
    expect(row).toContain('"Night search, one word, ""unrelated"", plate not in the case"');
    expect(row).toContain('unlawful');
    // Everything needed to recompute the draw travels with the sheet.
    expect(header).toMatch(/,commitment,seed,supervisor_value,draw_seed$/);
    expect(row).toMatch(
      new RegExp(`,${'a'.repeat(64)},${'c'.repeat(64)},dice 3 6 1 4 4 2,${'d'.repeat(64)}$`),
    );
  });

  it('renders PDFs for a sample check and a decision', async () => {
    const pdf = await renderSamplePdf({
      sample,
      zone: ZONE,
      generatedAt: new Date(),
      generatedBy: 'Comm. Marc Janssens',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const request: AccessRequest = {
      id: 'r1',
      caseId: 'c1',
      caseNumber: 'KO.60.L5.2026/0788',
      requestedBy: 'd2',
      requestedByName: 'Insp. Lucas Dubois',
      plates: ['1ABC123'],
      area: null,
      periodFrom: '2026-01-01T00:00:00.000Z',
      periodTo: '2026-02-01T00:00:00.000Z',
      offence: 'Hit-and-run',
      legalBasis: 'CCP art. 28bis',
      justification: 'Route of the suspect car on the evening of the collision.',
      urgency: 'urgent',
      status: 'narrowed',
      createdAt: '2026-03-01T00:00:00.000Z',
      expired: false,
      decision: {
        id: 'd1',
        requestId: 'r1',
        decidedBy: 'p1',
        decidedByName: 'Subst. Sofie Claes',
        decision: 'narrow',
        plates: ['1ABC123'],
        area: null,
        periodFrom: '2026-01-10T00:00:00.000Z',
        periodTo: '2026-01-20T00:00:00.000Z',
        reasons: 'Only the ten days around the collision are proportionate.',
        expiresAt: '2026-04-01T00:00:00.000Z',
        decidedAt: '2026-03-02T00:00:00.000Z',
      },
    };
    const kase: CaseContext = {
      id: 'c1',
      number: 'KO.60.L5.2026/0788',
      title: 'Fatal hit-and-run, Kortrijk',
      offence: 'Hit-and-run',
      legalBasis: 'CCP art. 28bis',
      purpose: 'judicial',
      status: 'open',
      scope: '',
      createdAt: '2026-02-20T00:00:00.000Z',
      assignedOfficers: [{ id: 'd2', name: 'Insp. Lucas Dubois' }],
    };
    const decision = await renderDecisionPdf({
      request,
      case: kase,
      zone: ZONE,
      generatedAt: new Date(),
      generatedBy: 'x',
    });
    expect(decision.subarray(0, 5).toString()).toBe('%PDF-');
    expect(decision.length).toBeGreaterThan(2000);
  });
});
