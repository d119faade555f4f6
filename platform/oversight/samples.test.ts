import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPlatformDb, type Db } from '../store/sqlite.ts';
import { commitmentOf, drawSample, drawSeedOf, verifyDraw } from './sample.ts';
import {
  ABANDONED_AFTER_DAYS,
  createSampleStore,
  sampleDue,
  sampleFlags,
  type SampleStore,
} from './samples.ts';

let dir: string;
let db: Db;
let store: SampleStore;
const now = new Date('2026-03-20T10:00:00Z');
/** What the supervisor's browser contributes at the draw. */
const VALUE = '9f2c41d07ab35e68c1d2e3f405162738';
const refs = Array.from({ length: 30 }, (_, i) => `platform:${i + 1}`);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-oversight-'));
  db = openPlatformDb(dir, {}); // a real encrypted database
  store = createSampleStore(db, () => now);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function create(size = 4) {
  return store.create({
    officerId: 'officer-1',
    from: new Date('2026-03-01T00:00:00Z'),
    to: new Date('2026-03-15T00:00:00Z'),
    size,
    createdBy: 'supervisor-1',
    now,
    candidates: refs,
  });
}

describe('sample check storage', () => {
  it('keeps the seed secret until the draw, then reveals one that matches the commitment', () => {
    const s = create();
    expect(s.seed).toBeNull();
    expect(s.status).toBe('committed');
    const drawn = store.draw(s.id, VALUE, now);
    expect(drawn.seed).not.toBeNull();
    expect(commitmentOf(drawn.seed!)).toBe(s.commitment);
    // The draw used sha256(platform seed || supervisor value), not the platform seed alone.
    expect(drawn.supervisorValue).toBe(VALUE);
    expect(drawn.drawSeed).toBe(drawSeedOf(drawn.seed!, VALUE));
    expect(drawn.drawn).toEqual(drawSample(drawn.drawSeed!, refs, 4));
    expect(drawn.drawn).not.toEqual(drawSample(drawn.seed!, refs, 4));
    expect(() => store.draw(s.id, VALUE, now)).toThrow(/drawn already/);
  });

  it('refuses to change a commitment, a draw or a review, even by SQL', () => {
    const s = store.draw(create().id, VALUE, now);
    expect(() =>
      db
        .prepare('UPDATE oversight_samples SET commitment = ? WHERE id = ?')
        .run('0'.repeat(64), s.id),
    ).toThrow(/never change/);
    expect(() =>
      db.prepare('UPDATE oversight_samples SET drawn = ? WHERE id = ?').run('[]', s.id),
    ).toThrow(/drawn once/);
    expect(() => db.prepare('DELETE FROM oversight_samples').run()).toThrow(/kept/);
    expect(() =>
      db
        .prepare('UPDATE oversight_samples SET supervisor_value = ? WHERE id = ?')
        .run('a value that suits better', s.id),
    ).toThrow(/set once/);
    store.review(s.id, { ref: s.drawn[0]!, verdict: 'lawful', note: '', by: 'supervisor-1', now });
    expect(() => db.prepare("UPDATE oversight_reviews SET verdict = 'unlawful'").run()).toThrow(
      /append-only/,
    );
  });

  it('keeps earlier verdicts when one is revised, and completes only when every entry is reviewed', () => {
    const s = store.draw(create(2).id, VALUE, now);
    const [a, b] = s.drawn as [string, string];
    expect(() =>
      store.review(s.id, { ref: 'platform:999', verdict: 'lawful', note: '', by: 'sv', now }),
    ).toThrow(/not part of this sample/);
    store.review(s.id, { ref: a, verdict: 'lawful', note: '', by: 'sv', now });
    expect(() => store.complete(s.id, now)).toThrow(/1 drawn entry is not reviewed/);
    const revised = store.review(s.id, {
      ref: a,
      verdict: 'doubtful',
      note: 'night search',
      by: 'sv',
      now,
    });
    expect(revised.reviews.find((r) => r.ref === a)).toMatchObject({
      verdict: 'doubtful',
      revisions: 1,
    });
    store.review(s.id, { ref: b, verdict: 'unlawful', note: 'no case link', by: 'sv', now });
    const done = store.complete(s.id, now);
    expect(done.status).toBe('completed');
    expect(() =>
      store.review(s.id, { ref: b, verdict: 'lawful', note: '', by: 'sv', now }),
    ).toThrow(/final/);
    expect(store.lastCompletedAt()).toEqual(now);
  });

  it('refuses a draw without a usable supervisor value, and leaves the check undrawn', () => {
    const s = create();
    expect(() => store.draw(s.id, 'short', now)).toThrow(/8 to 200 characters/);
    expect(() => store.draw(s.id, 'two\nlines of text', now)).toThrow(/one line/);
    expect(store.get(s.id)).toMatchObject({ status: 'committed', seed: null, drawn: [] });
  });

  it('lets anyone repeat the draw from the published values, and catches a platform that swaps its seed', () => {
    const committed = create(5);
    const s = store.draw(committed.id, VALUE, now);
    const published = {
      commitment: committed.commitment, // published before the supervisor value was known
      supervisorValue: VALUE,
      candidates: [...refs].reverse(), // as the audit log lists them, in any order
      size: 5,
      recorded: s.drawn,
    };
    expect(verifyDraw({ ...published, platformSeed: s.seed! })).toMatchObject({
      commitmentMatches: true,
      drawSeed: s.drawSeed,
      sameAsRecorded: true,
    });

    // A platform that, having seen the supervisor value, reveals another seed (one whose
    // draw suits it better) does not match its own commitment.
    const swapped = Array.from({ length: 50 }, (_, i) =>
      `${i.toString(16).padStart(2, '0')}`.repeat(32),
    ).find((seed) => drawSample(drawSeedOf(seed, VALUE), refs, 5).join() !== s.drawn.join())!;
    expect(verifyDraw({ ...published, platformSeed: swapped })).toMatchObject({
      commitmentMatches: false,
      sameAsRecorded: false,
    });
    // Nor can it change the stored seed afterwards.
    expect(() =>
      db.prepare('UPDATE oversight_samples SET seed = ? WHERE id = ?').run(swapped, s.id),
    ).toThrow(/never change/);
    // The supervisor value matters as much: another value draws other entries.
    expect(
      verifyDraw({ ...published, platformSeed: s.seed!, supervisorValue: 'another value' })
        .sameAsRecorded,
    ).toBe(false);
  });

  it('flags a check left open past the limit, and one started over after its draw, against its supervisor', () => {
    const username = (id: string) => `user-${id}`;
    const refsOf = (id: string) => [`platform:commit-${id}`];
    const at = (days: number, hours = 0) =>
      new Date(now.getTime() + days * 86_400_000 + hours * 3_600_000);
    const flagsAt = (when: Date) =>
      sampleFlags(store.list(), when, { username, refs: refsOf }).map((f) => ({
        kind: f.kind,
        severity: f.severity,
        supervisor: f.username,
        officer: f.params.officer,
        entryRefs: f.entryRefs,
      }));
    const start = (officerId: string, when: Date) =>
      store.create({
        officerId,
        from: new Date('2026-03-01T00:00:00Z'),
        to: new Date('2026-03-15T00:00:00Z'),
        size: 2,
        createdBy: 'supervisor-1',
        now: when,
        candidates: refs,
      });

    // Drawn and left: seen entries, no verdicts.
    const left = store.draw(start('officer-1', now).id, VALUE, now);
    // Committed and never drawn.
    const undrawn = start('officer-2', now);
    // Finished properly: never flagged.
    const done = store.draw(start('officer-3', now).id, VALUE, now);
    for (const ref of done.drawn)
      store.review(done.id, { ref, verdict: 'lawful', note: '', by: 'supervisor-1', now });
    store.complete(done.id, at(1));

    expect(flagsAt(at(ABANDONED_AFTER_DAYS - 1, 23))).toEqual([]);
    expect(flagsAt(at(ABANDONED_AFTER_DAYS))).toEqual(
      expect.arrayContaining([
        {
          kind: 'abandoned-sample',
          severity: 'medium',
          supervisor: 'user-supervisor-1',
          officer: 'user-officer-1',
          entryRefs: [`platform:commit-${left.id}`],
        },
        {
          kind: 'abandoned-sample',
          severity: 'low',
          supervisor: 'user-supervisor-1',
          officer: 'user-officer-2',
          entryRefs: [`platform:commit-${undrawn.id}`],
        },
      ]),
    );
    expect(flagsAt(at(ABANDONED_AFTER_DAYS))).toHaveLength(2);

    // Drawn, then started over for the same officer an hour later: flagged at once.
    const first = store.draw(start('officer-4', at(2)).id, VALUE, at(2));
    start('officer-4', at(2, 1));
    expect(flagsAt(at(2, 2))).toEqual([
      {
        kind: 'redrawn-sample',
        severity: 'high',
        supervisor: 'user-supervisor-1',
        officer: 'user-officer-4',
        entryRefs: [`platform:commit-${first.id}`],
      },
    ]);
  });

  it('says a weekly check is due a week after the last one was completed', () => {
    expect(sampleDue(null, now).due).toBe(true);
    expect(sampleDue(new Date('2026-03-15T10:00:00Z'), now)).toMatchObject({ due: false });
    expect(sampleDue(new Date('2026-03-13T09:00:00Z'), now).due).toBe(true);
  });
});
