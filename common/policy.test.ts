import { describe, expect, it } from 'vitest';
import beJson from '../resources/policy/be.json' with { type: 'json' };
import {
  POLICY_PACKS,
  addDuration,
  configureRetention,
  consultationDecision,
  maxExtendedAccessStart,
  normalWindowStart,
  parseDuration,
  parsePolicyPack,
  privateRecipientsAllowed,
  retentionDeadline,
  retentionExpired,
  retentionRuleFor,
  subtractDuration,
  type RetentionInput,
} from './policy.ts';

const be = POLICY_PACKS.be;
const dk = POLICY_PACKS.dk;
const d = (iso: string): Date => new Date(iso);
const SECOND = 1000;

describe('durations', () => {
  it('parses the ISO-8601 subset and rejects the rest', () => {
    expect(parseDuration('P1Y6M')).toMatchObject({ years: 1, months: 6 });
    expect(parseDuration('PT24H')).toMatchObject({ hours: 24 });
    expect(parseDuration('PT0S')).toMatchObject({ seconds: 0 });
    for (const bad of ['P', 'PT', '30D', 'P1.5D', 'P-1D', 'p30d', ''])
      expect(() => parseDuration(bad)).toThrow();
  });

  it('does calendar arithmetic in UTC with end-of-month clamping', () => {
    expect(addDuration(d('2026-01-31T10:00:00Z'), 'P1M')).toEqual(d('2026-02-28T10:00:00Z'));
    expect(addDuration(d('2024-02-29T00:00:00Z'), 'P1Y')).toEqual(d('2025-02-28T00:00:00Z'));
    expect(subtractDuration(d('2026-03-31T12:00:00Z'), 'P1M')).toEqual(d('2026-02-28T12:00:00Z'));
    expect(addDuration(d('2026-12-15T00:00:00Z'), 'P3M')).toEqual(d('2027-03-15T00:00:00Z'));
    // Across the EU summer-time change a UTC day is still 24 hours.
    expect(addDuration(d('2026-03-28T12:00:00Z'), 'P1D')).toEqual(d('2026-03-29T12:00:00Z'));
    expect(addDuration(d('2026-03-28T12:00:00Z'), 'PT24H')).toEqual(d('2026-03-29T12:00:00Z'));
  });
});

describe('packs', () => {
  it('load validated, with a description on every rule', () => {
    expect(Object.keys(POLICY_PACKS).sort()).toEqual(['be', 'dk']);
    for (const pack of [be, dk])
      for (const rule of pack.retention.rules) expect(rule.description.length).toBeGreaterThan(20);
  });

  it('refuse to load a pack whose last rule is not a catch-all, or with a bad duration', () => {
    const noCatchAll = structuredClone(beJson) as {
      retention: { rules: Array<{ when: object; keep: string }> };
    };
    noCatchAll.retention.rules[0]!.when = { hit: true };
    expect(() => parsePolicyPack(noCatchAll)).toThrow(/catch-all/);
    const badDuration = structuredClone(beJson) as {
      retention: { rules: Array<{ keep: string }> };
    };
    badDuration.retention.rules[0]!.keep = '12 months';
    expect(() => parsePolicyPack(badDuration)).toThrow(/ISO-8601/);
    expect(() => parsePolicyPack({ ...beJson, surprise: true })).toThrow();
  });

  it('allow no private recipients in either jurisdiction', () => {
    expect(privateRecipientsAllowed(be)).toBe(false);
    expect(privateRecipientsAllowed(dk)).toBe(false);
  });
});

describe('retention (Belgium)', () => {
  const read: RetentionInput = {
    capturedAt: d('2026-01-10T08:00:00Z'),
    hit: false,
    hitCategory: null,
    unitType: 'fixed',
    targetedOperation: false,
  };

  it('purges every read 12 months after capture, the deadline instant still kept', () => {
    const deadline = retentionDeadline(be, read);
    expect(deadline).toEqual(d('2027-01-10T08:00:00Z'));
    expect(retentionExpired(be, read, deadline)).toBe(false);
    expect(retentionExpired(be, read, new Date(deadline.getTime() + SECOND))).toBe(true);
  });

  it('ignores a postponement, which Belgian law does not provide for', () => {
    expect(retentionDeadline(be, read, d('2030-01-01T00:00:00Z'))).toEqual(
      d('2027-01-10T08:00:00Z'),
    );
  });
});

describe('retention (Denmark)', () => {
  const at = d('2026-01-10T08:00:00Z');
  const base: RetentionInput = {
    capturedAt: at,
    hit: true,
    hitCategory: 1,
    unitType: 'fixed',
    targetedOperation: false,
  };
  const deadline = (over: Partial<RetentionInput>, postponed?: Date | null): string =>
    retentionDeadline(dk, { ...base, ...over }, postponed).toISOString();

  it('keeps hits by category: 1-4 three months, 5-9 one year, 10-13 two years', () => {
    expect(deadline({ hitCategory: 1 })).toBe('2026-04-10T08:00:00.000Z');
    expect(deadline({ hitCategory: 4 })).toBe('2026-04-10T08:00:00.000Z');
    expect(deadline({ hitCategory: 5 })).toBe('2027-01-10T08:00:00.000Z');
    expect(deadline({ hitCategory: 9 })).toBe('2027-01-10T08:00:00.000Z');
    expect(deadline({ hitCategory: 10 })).toBe('2028-01-10T08:00:00.000Z');
    expect(deadline({ hitCategory: 13 })).toBe('2028-01-10T08:00:00.000Z');
  });

  it('gives a hit without a valid category the shortest hit deadline', () => {
    expect(deadline({ hitCategory: null })).toBe('2026-04-10T08:00:00.000Z');
    expect(retentionRuleFor(dk, { ...base, hitCategory: null }).id).toBe('hit-unknown-category');
  });

  it('keeps no-hit reads of a targeted operation 30 days, technical storage 24 hours, others not at all', () => {
    expect(deadline({ hit: false, hitCategory: null, targetedOperation: true })).toBe(
      '2026-02-09T08:00:00.000Z',
    );
    expect(deadline({ hit: false, hitCategory: null, unitType: 'mobile-manned' })).toBe(
      '2026-01-11T08:00:00.000Z',
    );
    expect(deadline({ hit: false, hitCategory: null, unitType: 'mobile-unmanned' })).toBe(
      '2026-01-11T08:00:00.000Z',
    );
    expect(deadline({ hit: false, hitCategory: null, unitType: 'fixed' })).toBe(
      '2026-01-10T08:00:00.000Z',
    );
    const tech = { ...base, hit: false, hitCategory: null, unitType: 'mobile-manned' as const };
    expect(retentionExpired(dk, tech, d('2026-01-11T08:00:00Z'))).toBe(false);
    expect(retentionExpired(dk, tech, d('2026-01-11T08:00:01Z'))).toBe(true);
  });

  it('lets the 30-day targeted-operation period be shortened but never extended', () => {
    const noHit = { hit: false, hitCategory: null, targetedOperation: true };
    const shorter = configureRetention(dk, 'no-hit-targeted-operation', 'P14D');
    expect(retentionDeadline(shorter, { ...base, ...noHit }).toISOString()).toBe(
      '2026-01-24T08:00:00.000Z',
    );
    const longer = configureRetention(dk, 'no-hit-targeted-operation', 'P90D');
    expect(retentionDeadline(longer, { ...base, ...noHit }).toISOString()).toBe(
      '2026-02-09T08:00:00.000Z',
    );
    expect(() => configureRetention(dk, 'hit-1-4', 'P1Y')).toThrow(/not configurable/);
  });

  it('extends (never shortens) a deadline by a commissioner postponement', () => {
    expect(deadline({ hitCategory: 1 }, d('2026-12-31T00:00:00Z'))).toBe(
      '2026-12-31T00:00:00.000Z',
    );
    expect(deadline({ hitCategory: 1 }, d('2026-02-01T00:00:00Z'))).toBe(
      '2026-04-10T08:00:00.000Z',
    );
    expect(deadline({ hitCategory: 1 }, null)).toBe('2026-04-10T08:00:00.000Z');
    expect(dk.retention.postponement?.decidedByRole).toBe('commissioner');
  });
});

describe('consultation (Belgium)', () => {
  const now = d('2026-06-15T12:00:00Z');
  const thirtyDaysAgo = d('2026-05-16T12:00:00Z');
  const judicial = (
    capturedAt: Date,
    approval?: Parameters<typeof consultationDecision>[1]['approval'],
  ) => consultationDecision(be, { now, purpose: 'judicial', capturedAt, approval });

  it('allows reads up to exactly 30 days old without approval, not one second older', () => {
    expect(normalWindowStart(be, now, 'judicial')).toEqual(thirtyDaysAgo);
    expect(judicial(thirtyDaysAgo)).toEqual({ allowed: true, basis: 'normal-window' });
    const older = judicial(new Date(thirtyDaysAgo.getTime() - SECOND));
    expect(older).toMatchObject({ allowed: false, reason: 'needs-extended-access' });
    if (!older.allowed) expect(older.message).toMatch(/prosecutor/);
  });

  it('allows older reads with an approval covering the period, until the expiry instant', () => {
    const approval = {
      periodFrom: d('2026-01-01T00:00:00Z'),
      periodTo: d('2026-01-31T23:59:59Z'),
      expiresAt: d('2026-06-15T12:00:00Z'),
    };
    const capturedAt = d('2026-01-20T10:00:00Z');
    const valid = { ...approval, expiresAt: new Date(now.getTime() + SECOND) };
    expect(judicial(capturedAt, valid)).toEqual({ allowed: true, basis: 'extended-access' });
    expect(judicial(capturedAt, approval)).toMatchObject({
      allowed: false,
      reason: 'approval-expired',
    });
    // Period bounds are inclusive.
    expect(judicial(approval.periodFrom, valid)).toMatchObject({ allowed: true });
    expect(judicial(approval.periodTo, valid)).toMatchObject({ allowed: true });
    expect(judicial(new Date(approval.periodTo.getTime() + SECOND), valid)).toMatchObject({
      allowed: false,
      reason: 'outside-approved-period',
    });
  });

  it('never reaches more than 12 months back, approval or not', () => {
    const limit = maxExtendedAccessStart(be, now);
    expect(limit).toEqual(d('2025-06-15T12:00:00Z'));
    const approval = {
      periodFrom: d('2020-01-01T00:00:00Z'),
      periodTo: now,
      expiresAt: d('2027-01-01T00:00:00Z'),
    };
    expect(judicial(limit, approval)).toEqual({ allowed: true, basis: 'extended-access' });
    expect(judicial(new Date(limit.getTime() - SECOND), approval)).toMatchObject({
      allowed: false,
      reason: 'beyond-retention',
    });
  });

  it('keeps an administrative purpose within one month, whatever the approval', () => {
    const approval = {
      periodFrom: d('2020-01-01T00:00:00Z'),
      periodTo: now,
      expiresAt: d('2027-01-01T00:00:00Z'),
    };
    const oneMonthAgo = d('2026-05-15T12:00:00Z');
    // In a 31-day month "one month" is longer than 30 days: the narrower bound applies without approval.
    expect(normalWindowStart(be, now, 'administrative')).toEqual(thirtyDaysAgo);
    const admin = (capturedAt: Date) =>
      consultationDecision(be, { now, purpose: 'administrative', capturedAt, approval });
    expect(admin(thirtyDaysAgo)).toEqual({ allowed: true, basis: 'normal-window' });
    expect(admin(oneMonthAgo)).toEqual({ allowed: true, basis: 'extended-access' });
    const denied = admin(new Date(oneMonthAgo.getTime() - SECOND));
    expect(denied).toMatchObject({ allowed: false, reason: 'administrative-window' });
    if (!denied.allowed) expect(denied.message).toMatch(/administrative purpose/);
    // In February one month is 28 days: narrower than the 30-day police window.
    const march = d('2026-03-01T00:00:00Z');
    expect(normalWindowStart(be, march, 'administrative')).toEqual(d('2026-02-01T00:00:00Z'));
    expect(normalWindowStart(be, march, 'judicial')).toEqual(d('2026-01-30T00:00:00Z'));
  });
});

describe('consultation (Denmark)', () => {
  const now = d('2026-06-15T12:00:00Z');

  it('allows whatever may still be retained and nothing older', () => {
    expect(
      consultationDecision(dk, { now, purpose: 'judicial', capturedAt: d('2024-06-15T12:00:00Z') }),
    ).toEqual({
      allowed: true,
      basis: 'normal-window',
    });
    const old = consultationDecision(dk, {
      now,
      purpose: 'judicial',
      capturedAt: d('2024-06-15T11:59:59Z'),
    });
    expect(old).toMatchObject({ allowed: false, reason: 'beyond-retention' });
    expect(normalWindowStart(dk, now, 'judicial')).toEqual(d('2024-06-15T12:00:00Z'));
    expect(maxExtendedAccessStart(dk, now)).toEqual(d('2024-06-15T12:00:00Z'));
  });
});
