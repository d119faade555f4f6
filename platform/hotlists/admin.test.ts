import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POLICY_PACKS, type PolicyPack } from '../../common/policy.ts';
import type { Read } from '../../common/read.ts';
import { createAuditLog, type AuditLog } from '../audit/log.ts';
import { isDataError } from '../data/errors.ts';
import { CAMERAS, makeRead, testEnv, type TestEnv } from '../data/test-fixtures.ts';
import { testNow } from '../testing/platform.ts';
import { migrateAdmin } from '../admin/migrations.ts';
import { AccountStore } from '../identity/accounts.ts';
import { runHotlistCommand } from './command.ts';
import {
  addEntry,
  closeEntry,
  createGovernedHotlist,
  createOperation,
  endOperation,
  linkUnit,
  listEntries,
  rerunHotlist,
  setDeploymentLists,
  type AdminContext,
} from './admin.ts';

/**
 * Hotlists governed as the courts require and Danish targeted operations
 * (#14 items 4, 5), on a real encrypted platform database with the real
 * audit chain, on a clock anchored at testNow() and moved by hand.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WHY = 'Set up for the regional stolen-vehicle checks of this quarter';
const ADMIN = { officerId: 'adm-tom', username: 'admin1', role: 'admin' as const };

let env: TestEnv;
let audit: AuditLog;
let now: Date;

function setup(pack: PolicyPack): void {
  env = testEnv(pack);
  now = testNow();
  audit = createAuditLog(env.db, () => now);
}
afterEach(() => env.cleanup());

const admin = (): AdminContext => ({
  db: env.db,
  pack: env.store.pack,
  audit,
  actor: ADMIN,
  now,
});
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const later = (ms: number) => new Date(now.getTime() + ms).toISOString();

function list(id: string, category: number, extra: Record<string, unknown> = {}) {
  return createGovernedHotlist(admin(), {
    id,
    name: `List ${id}`,
    owner: 'Federal police ANG',
    legalBasis: 'Police Function Act, art. 44/1 (ANG signals)',
    purpose: 'Stop and check vehicles reported stolen in the national database',
    category,
    reason: WHY,
    ...extra,
  });
}

function entry(hotlistId: string, plate: string, validFrom: string, validUntil?: string) {
  return addEntry(admin(), hotlistId, {
    plate,
    country: 'BE',
    entryReason: 'Reported stolen on the ANG',
    validFrom,
    validUntil: validUntil ?? null,
    reason: WHY,
  });
}

function row(readId: string) {
  return env.db
    .prepare(
      'SELECT hit, hit_category, hit_list_id, retention_rule, retention_until FROM reads WHERE id = ?',
    )
    .get(readId) as
    | {
        hit: number;
        hit_category: number | null;
        hit_list_id: string | null;
        retention_rule: string;
        retention_until: number;
      }
    | undefined;
}

async function ingest(reads: Read[]) {
  return env.store.ingest(reads, { now });
}

function actions(): string[] {
  return audit.list({ limit: 500 }).entries.map((e) => e.body.action);
}

describe('governed hotlists (be)', () => {
  beforeEach(() => setup(POLICY_PACKS.be));

  it('a list names owner, legal basis, purpose and a category of the pack; bad input names the field', () => {
    const h = list('ang', 5);
    expect(h).toMatchObject({
      owner: 'Federal police ANG',
      category: 5,
      status: 'active',
      entries: { open: 0, closed: 0 },
    });
    const refused = (input: Record<string, unknown>) => {
      try {
        list('x', 5, input);
      } catch (e) {
        expect(isDataError(e, 'invalid')).toBe(true);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({ category: 14 })).toMatch(/category/);
    expect(refused({ owner: '' })).toMatch(/owner/);
    expect(refused({ reason: 'because' })).toMatch(/reason/);
    expect(refused({ expiresAt: ago(DAY) })).toMatch(/expiresAt/);
    // Nothing half-made: the refused lists are not there.
    expect(env.db.prepare("SELECT count(*) AS n FROM hotlists WHERE id = 'x'").get()).toEqual({
      n: 0,
    });
  });

  it('entries are closed, never deleted, and every change is audited with who and why', () => {
    list('ang', 5);
    const e = entry('ang', '1-abc-123', ago(DAY));
    expect(e).toMatchObject({ plate: '1ABC123', country: 'BE', category: 5, closedAt: null });
    const closed = closeEntry(admin(), 'ang', e.id, { reason: 'Vehicle recovered by its owner' });
    expect(closed).toMatchObject({
      closedAt: now.toISOString(),
      closedBy: 'adm-tom',
      closedReason: 'Vehicle recovered by its owner',
    });
    // Still there, as closed; a second close and a delete are refused.
    expect(listEntries(env.db, 'ang')).toEqual([closed]);
    expect(() =>
      closeEntry(admin(), 'ang', e.id, { reason: 'Vehicle recovered by its owner' }),
    ).toThrow(/already closed/);
    expect(() => env.db.prepare('DELETE FROM hotlist_entries').run()).toThrow(/never deleted/);
    expect(listEntries(env.db, 'ang')).toHaveLength(1);

    const entries = audit
      .list({ limit: 50 })
      .entries.filter((x) => x.body.action.startsWith('hotlist.'));
    expect(entries.map((x) => x.body.action).sort()).toEqual([
      'hotlist.create',
      'hotlist.entry-add',
      'hotlist.entry-close',
    ]);
    for (const x of entries) {
      expect(x.body.actor).toEqual(ADMIN);
      expect(x.body.justification).toBeTruthy();
    }
    // The log says which entry, never its plate.
    expect(JSON.stringify(entries)).not.toContain('1ABC123');
  });

  it('ingest hits only on lists the unit checks and on entries valid at the capture time, and carries list and category', async () => {
    list('ins', 2);
    list('ang', 5);
    entry('ins', 'INS0001', ago(10 * DAY));
    entry('ang', 'ANG0001', ago(10 * DAY));
    entry('ang', 'LATE001', ago(HOUR)); // listed after the read below was taken
    const closing = entry('ang', 'GONE001', ago(10 * DAY));
    now = new Date(now.getTime() + HOUR);
    closeEntry(admin(), 'ang', closing.id, { reason: 'Stolen vehicle found and returned' });
    now = new Date(now.getTime() + HOUR);
    // BXL-01 is deployed with the insurance list only; BXL-02 keeps the default (all lists).
    setDeploymentLists(admin(), 'BXL-01', { hotlistIds: ['ins'], reason: WHY });

    const r = {
      insAtBxl1: makeRead({ plate: 'INS0001', capturedAt: ago(HOUR), unitId: 'BXL-01' }),
      angAtBxl1: makeRead({ plate: 'ANG0001', capturedAt: ago(HOUR), unitId: 'BXL-01' }),
      angAtBxl2: makeRead({ plate: 'ANG0001', capturedAt: ago(HOUR), unitId: 'BXL-02' }),
      beforeListed: makeRead({ plate: 'LATE001', capturedAt: ago(4 * HOUR), unitId: 'BXL-02' }),
      beforeClosed: makeRead({ plate: 'GONE001', capturedAt: ago(3 * HOUR), unitId: 'BXL-02' }),
      afterClosed: makeRead({ plate: 'GONE001', capturedAt: ago(HOUR / 2), unitId: 'BXL-02' }),
    };
    const report = await ingest(Object.values(r));
    expect(report.accepted).toBe(6);
    expect(row(r.insAtBxl1.id)).toMatchObject({ hit: 1, hit_category: 2, hit_list_id: 'ins' });
    expect(row(r.angAtBxl1.id)).toMatchObject({ hit: 0, hit_list_id: null });
    expect(row(r.angAtBxl2.id)).toMatchObject({ hit: 1, hit_category: 5, hit_list_id: 'ang' });
    expect(row(r.beforeListed.id)).toMatchObject({ hit: 0 });
    expect(row(r.beforeClosed.id)).toMatchObject({ hit: 1, hit_list_id: 'ang' });
    expect(row(r.afterClosed.id)).toMatchObject({ hit: 0 });

    // Back to the default: BXL-01 now checks every active list.
    setDeploymentLists(admin(), 'BXL-01', { hotlistIds: [], reason: WHY });
    const again = makeRead({ plate: 'ANG0001', capturedAt: ago(HOUR / 2), unitId: 'BXL-01' });
    await ingest([again]);
    expect(row(again.id)).toMatchObject({ hit: 1, hit_list_id: 'ang' });
  });

  it('an expired list no longer matches', async () => {
    list('short', 3, { expiresAt: later(HOUR) });
    entry('short', 'EXP0001', ago(DAY));
    now = new Date(now.getTime() + 2 * HOUR);
    const read = makeRead({ plate: 'EXP0001', capturedAt: ago(HOUR / 2) });
    await ingest([read]);
    expect(row(read.id)).toMatchObject({ hit: 0 });
  });

  it('a re-run of a new list over past reads marks the retained reads it hits and logs every hit', async () => {
    const old = makeRead({ plate: 'RERUN01', capturedAt: ago(20 * DAY), unitId: 'BXL-01' });
    const inWindow = [
      makeRead({ plate: 'RERUN01', capturedAt: ago(5 * DAY), unitId: 'BXL-01' }),
      makeRead({ plate: 'RERUN01', capturedAt: ago(2 * DAY), unitId: 'GNT-01' }),
    ];
    const other = makeRead({ plate: 'OTHER01', capturedAt: ago(2 * DAY) });
    await ingest([old, ...inWindow, other]);
    for (const r of [old, ...inWindow, other]) expect(row(r.id)).toMatchObject({ hit: 0 });

    list('new', 9);
    entry('new', 'RERUN01', ago(10 * DAY));
    const report = rerunHotlist(admin(), 'new', {
      reason: 'New judicial signal list, check past reads',
    });
    expect(report).toMatchObject({ hotlistId: 'new', hits: 2 });
    for (const r of inWindow)
      expect(row(r.id)).toMatchObject({ hit: 1, hit_category: 9, hit_list_id: 'new' });
    expect(row(old.id)).toMatchObject({ hit: 0 }); // captured before the entry was valid
    expect(row(other.id)).toMatchObject({ hit: 0 });

    const hits = audit
      .list({ limit: 100 })
      .entries.filter((e) => e.body.action === 'hotlist.rerun-hit');
    expect(hits.map((e) => e.body.parameters.readId).sort()).toEqual(
      inWindow.map((r) => r.id).sort(),
    );
    expect(hits[0]!.body.actor).toEqual(ADMIN);
    expect(actions()).toContain('hotlist.rerun');

    // Run again: nothing new is found or logged twice.
    expect(
      rerunHotlist(admin(), 'new', { reason: 'Second run after adding no entries' }).hits,
    ).toBe(0);
  });

  it('the CLI adds a list and an entry as a named administrator, closes it and lists them; a bad category names the field', async () => {
    migrateAdmin(env.db, () => now);
    const accounts = new AccountStore(env.db, () => now, { scryptLog2N: 14 });
    await accounts.create({ username: 'boss', displayName: 'Admin Boss', roles: ['admin'] });
    await accounts.create({ username: 'anna', displayName: 'Det. Anna', roles: ['detective'] });
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      clock: () => now,
    };
    const run = (...args: string[]) => runHotlistCommand(env.db, args, io);
    const base = [
      '--name',
      'DIV insurance',
      '--owner',
      'FPS Mobility DIV',
      '--legal-basis',
      'Act of 21 November 1989, art. 2',
      '--purpose',
      'Stop uninsured vehicles on the road network',
      '--reason',
      WHY,
    ];
    // Only as an enabled administrator account.
    expect(() => run('hotlists', 'add', '--id', 'div', '--category', '2', ...base)).toThrow(
      /--as is required/,
    );
    expect(run('hotlists', 'add', '--id', 'div', '--category', '2', '--as', 'anna', ...base)).toBe(
      1,
    );
    expect(err.join('\n')).toMatch(/administrator role/);
    base.push('--as', 'boss');
    expect(run('hotlists', 'add', '--id', 'div', '--category', '2', ...base)).toBe(0);
    expect(run('hotlists', 'add', '--id', 'div2', '--category', '20', ...base)).toBe(1);
    expect(err.join('\n')).toMatch(/category/);
    expect(
      run(
        'hotlists',
        'entries',
        'add',
        'div',
        '--plate',
        '1XYZ999',
        '--entry-reason',
        'Insurance lapsed',
        '--valid-from',
        ago(DAY),
        '--as',
        'boss',
        '--reason',
        WHY,
      ),
    ).toBe(0);
    expect(
      run(
        'hotlists',
        'entries',
        'close',
        'div',
        '1',
        '--as',
        'boss',
        '--justification',
        'Insurance renewed today',
      ),
    ).toBe(0);
    out.length = 0;
    expect(run('hotlists', 'entries', 'list', 'div', '--json')).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject([
      { plate: '1XYZ999', closedReason: 'Insurance renewed today' },
    ]);
    out.length = 0;
    expect(run('hotlists', 'list')).toBe(0);
    expect(out.join('\n')).toMatch(/div .*0 open +1 closed/);
    const logged = audit
      .list({ limit: 50 })
      .entries.filter((e) => e.body.action === 'hotlist.entry-close');
    expect(logged[0]!.body).toMatchObject({
      actor: { username: 'boss', role: 'admin' },
      justification: 'Insurance renewed today',
      parameters: { via: 'cli' },
    });
  });
});

describe('targeted operations (dk § 6)', () => {
  beforeEach(async () => {
    setup(POLICY_PACKS.dk);
    await env.store.upsertCameras(CAMERAS, now);
  });

  it('a mobile unit linked to an operation keeps its no-hit reads by the operation rule; outside it 24 h', async () => {
    const outside = makeRead({ plate: 'DK10001', capturedAt: ago(HOUR), unitId: 'MOB-07' });
    await ingest([outside]);
    expect(row(outside.id)).toMatchObject({ retention_rule: 'technical-storage' });
    expect(row(outside.id)!.retention_until).toBe(Date.parse(outside.capturedAt) + DAY);

    const op = createOperation(admin(), {
      name: 'Operation Harbour',
      unitIds: ['MOB-01'],
      validFrom: ago(2 * HOUR),
      validTo: later(2 * DAY),
      reason: 'Concrete assessment: vehicle thefts around the harbour this week',
    });
    expect(op.status).toBe('running');
    const linked = linkUnit(admin(), op.id, {
      unitId: 'MOB-07',
      reason: 'The harbour van joins the operation tonight',
    });
    expect(linked.unitIds).toEqual(['MOB-01', 'MOB-07']);

    const inside = makeRead({ plate: 'DK10002', capturedAt: ago(HOUR / 2), unitId: 'MOB-07' });
    await ingest([inside]);
    expect(row(inside.id)).toMatchObject({ retention_rule: 'no-hit-targeted-operation' });
    expect(row(inside.id)!.retention_until).toBe(Date.parse(inside.capturedAt) + 30 * DAY);

    now = new Date(now.getTime() + HOUR);
    const ended = endOperation(admin(), op.id, { reason: 'Thefts solved, operation stops early' });
    expect(ended).toMatchObject({ status: 'ended', endedAt: now.toISOString() });
    now = new Date(now.getTime() + HOUR);
    const after = makeRead({ plate: 'DK10003', capturedAt: ago(HOUR / 2), unitId: 'MOB-07' });
    await ingest([after]);
    expect(row(after.id)).toMatchObject({ retention_rule: 'technical-storage' });

    expect(actions()).toEqual(
      expect.arrayContaining(['operation.create', 'operation.link-unit', 'operation.end']),
    );
    expect(() =>
      linkUnit(admin(), op.id, { unitId: 'MOB-09', reason: 'Too late, the operation ended' }),
    ).toThrow(/already ended/);
  });

  it('an operation names the lists its units check while it runs', async () => {
    list('sis', 10);
    list('ins', 2);
    entry('sis', 'SIS0001', ago(DAY));
    setDeploymentLists(admin(), 'MOB-07', { hotlistIds: ['ins'], reason: WHY });
    const before = makeRead({ plate: 'SIS0001', capturedAt: ago(HOUR), unitId: 'MOB-07' });
    await ingest([before]);
    expect(row(before.id)).toMatchObject({ retention_rule: 'technical-storage', hit: 0 });

    createOperation(admin(), {
      name: 'Operation Border',
      unitIds: ['MOB-07'],
      validFrom: ago(HOUR / 2),
      validTo: later(DAY),
      hotlistIds: ['sis'],
      reason: 'Concrete assessment: SIS alerts expected at the border crossing',
    });
    const during = makeRead({ plate: 'SIS0001', capturedAt: ago(HOUR / 4), unitId: 'MOB-07' });
    await ingest([during]);
    expect(row(during.id)).toMatchObject({
      hit: 1,
      hit_category: 10,
      hit_list_id: 'sis',
      retention_rule: 'hit-10-13',
    });
  });
});
