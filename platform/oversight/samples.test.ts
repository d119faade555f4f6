import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPlatformDb, type Db } from '../store/sqlite.ts';
import { commitmentOf, drawSample } from './sample.ts';
import { createSampleStore, sampleDue, type SampleStore } from './samples.ts';

let dir: string;
let db: Db;
let store: SampleStore;
const now = new Date('2026-03-20T10:00:00Z');
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
    const drawn = store.draw(s.id, now);
    expect(drawn.seed).not.toBeNull();
    expect(commitmentOf(drawn.seed!)).toBe(s.commitment);
    expect(drawn.drawn).toEqual(drawSample(drawn.seed!, refs, 4));
    expect(() => store.draw(s.id, now)).toThrow(/drawn already/);
  });

  it('refuses to change a commitment, a draw or a review, even by SQL', () => {
    const s = store.draw(create().id, now);
    expect(() =>
      db
        .prepare('UPDATE oversight_samples SET commitment = ? WHERE id = ?')
        .run('0'.repeat(64), s.id),
    ).toThrow(/never change/);
    expect(() =>
      db.prepare('UPDATE oversight_samples SET drawn = ? WHERE id = ?').run('[]', s.id),
    ).toThrow(/drawn once/);
    expect(() => db.prepare('DELETE FROM oversight_samples').run()).toThrow(/kept/);
    store.review(s.id, { ref: s.drawn[0]!, verdict: 'lawful', note: '', by: 'supervisor-1', now });
    expect(() => db.prepare("UPDATE oversight_reviews SET verdict = 'unlawful'").run()).toThrow(
      /append-only/,
    );
  });

  it('keeps earlier verdicts when one is revised, and completes only when every entry is reviewed', () => {
    const s = store.draw(create(2).id, now);
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

  it('says a weekly check is due a week after the last one was completed', () => {
    expect(sampleDue(null, now).due).toBe(true);
    expect(sampleDue(new Date('2026-03-15T10:00:00Z'), now)).toMatchObject({ due: false });
    expect(sampleDue(new Date('2026-03-13T09:00:00Z'), now).due).toBe(true);
  });
});
