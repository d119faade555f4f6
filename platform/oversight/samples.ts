import { randomUUID } from 'node:crypto';
import { ApiError } from '../../common/api/result.ts';
import type { Verdict } from '../../common/oversight-api.ts';
import type { Db } from '../store/sqlite.ts';
import { migrateOversight } from './migrations.ts';
import { candidatesHash, commitmentOf, drawSample, newSeed } from './sample.ts';

/**
 * Storage of sample checks: created with a commitment, drawn once, reviewed
 * entry by entry, completed. The seed is kept from the start (the draw
 * needs it) but handed out only once the sample is drawn.
 */

export interface SampleRecord {
  id: string;
  officerId: string;
  from: Date;
  to: Date;
  size: number;
  createdBy: string;
  createdAt: Date;
  commitment: string;
  /** null until drawn. */
  seed: string | null;
  candidates: string[];
  candidatesHash: string;
  status: 'committed' | 'drawn' | 'completed';
  drawn: string[];
  drawnAt: Date | null;
  completedAt: Date | null;
  reviews: ReviewRecord[];
}

export interface ReviewRecord {
  ref: string;
  verdict: Verdict;
  note: string;
  reviewedBy: string;
  reviewedAt: Date;
  revisions: number;
}

interface SampleRow {
  id: string;
  officer_id: string;
  period_from: number;
  period_to: number;
  size: number;
  created_by: string;
  created_at: number;
  commitment: string;
  seed: string;
  candidates: string;
  candidates_hash: string;
  status: SampleRecord['status'];
  drawn: string | null;
  drawn_at: number | null;
  completed_at: number | null;
}

interface ReviewRow {
  ref: string;
  verdict: Verdict;
  note: string;
  reviewed_by: string;
  reviewed_at: number;
}

export interface SampleStore {
  create(input: {
    officerId: string;
    from: Date;
    to: Date;
    size: number;
    createdBy: string;
    now: Date;
    candidates: readonly string[];
  }): SampleRecord;
  draw(id: string, now: Date): SampleRecord;
  review(
    id: string,
    input: { ref: string; verdict: Verdict; note: string; by: string; now: Date },
  ): SampleRecord;
  complete(id: string, now: Date): SampleRecord;
  get(id: string): SampleRecord;
  list(limit?: number): SampleRecord[];
  lastCompletedAt(): Date | null;
}

export function createSampleStore(db: Db, clock: () => Date): SampleStore {
  migrateOversight(db, clock);
  const q = {
    insert: db.prepare(
      `INSERT INTO oversight_samples (id, officer_id, period_from, period_to, size, created_by, created_at,
         commitment, seed, candidates, candidates_hash, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'committed')`,
    ),
    get: db.prepare<[string], SampleRow>('SELECT * FROM oversight_samples WHERE id = ?'),
    list: db.prepare<[number], SampleRow>(
      'SELECT * FROM oversight_samples ORDER BY created_at DESC, id LIMIT ?',
    ),
    draw: db.prepare(
      "UPDATE oversight_samples SET status = 'drawn', drawn = ?, drawn_at = ? WHERE id = ? AND status = 'committed'",
    ),
    complete: db.prepare(
      "UPDATE oversight_samples SET status = 'completed', completed_at = ? WHERE id = ? AND status = 'drawn'",
    ),
    reviews: db.prepare<[string], ReviewRow>(
      'SELECT ref, verdict, note, reviewed_by, reviewed_at FROM oversight_reviews WHERE sample_id = ? ORDER BY id',
    ),
    addReview: db.prepare(
      'INSERT INTO oversight_reviews (sample_id, ref, verdict, note, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    lastCompleted: db.prepare<[], { t: number | null }>(
      "SELECT MAX(completed_at) AS t FROM oversight_samples WHERE status = 'completed'",
    ),
  };

  function toRecord(r: SampleRow): SampleRecord {
    const latest = new Map<string, ReviewRecord>();
    for (const v of q.reviews.all(r.id)) {
      const before = latest.get(v.ref);
      latest.set(v.ref, {
        ref: v.ref,
        verdict: v.verdict,
        note: v.note,
        reviewedBy: v.reviewed_by,
        reviewedAt: new Date(v.reviewed_at),
        revisions: before ? before.revisions + 1 : 0,
      });
    }
    const drawn = r.drawn ? (JSON.parse(r.drawn) as string[]) : [];
    return {
      id: r.id,
      officerId: r.officer_id,
      from: new Date(r.period_from),
      to: new Date(r.period_to),
      size: r.size,
      createdBy: r.created_by,
      createdAt: new Date(r.created_at),
      commitment: r.commitment,
      seed: r.status === 'committed' ? null : r.seed,
      candidates: JSON.parse(r.candidates) as string[],
      candidatesHash: r.candidates_hash,
      status: r.status,
      drawn,
      drawnAt: r.drawn_at === null ? null : new Date(r.drawn_at),
      completedAt: r.completed_at === null ? null : new Date(r.completed_at),
      reviews: drawn.flatMap((ref) => latest.get(ref) ?? []),
    };
  }

  function row(id: string): SampleRow {
    const r = q.get.get(id);
    if (!r) throw new ApiError('NOT_FOUND', 'No such sample check.');
    return r;
  }

  return {
    create(input) {
      if (input.to <= input.from)
        throw new ApiError('INVALID_ARGUMENT', 'The period must end after it starts.');
      const candidates = [...new Set(input.candidates)].sort();
      const seed = newSeed();
      const id = randomUUID();
      q.insert.run(
        id,
        input.officerId,
        input.from.getTime(),
        input.to.getTime(),
        input.size,
        input.createdBy,
        input.now.getTime(),
        commitmentOf(seed),
        seed,
        JSON.stringify(candidates),
        candidatesHash(candidates),
      );
      return toRecord(row(id));
    },
    draw(id, now) {
      const r = row(id);
      if (r.status !== 'committed')
        throw new ApiError('CONFLICT', 'This sample was drawn already.');
      const refs = drawSample(r.seed, JSON.parse(r.candidates) as string[], r.size);
      if (q.draw.run(JSON.stringify(refs), now.getTime(), id).changes !== 1)
        throw new ApiError('CONFLICT', 'This sample was drawn meanwhile.');
      return toRecord(row(id));
    },
    review(id, input) {
      const r = row(id);
      if (r.status === 'committed')
        throw new ApiError('CONFLICT', 'Draw the sample before reviewing it.');
      if (r.status === 'completed')
        throw new ApiError('CONFLICT', 'This sample check is completed; its reviews are final.');
      const drawn = JSON.parse(r.drawn ?? '[]') as string[];
      if (!drawn.includes(input.ref))
        throw new ApiError('INVALID_ARGUMENT', 'That entry is not part of this sample.');
      q.addReview.run(id, input.ref, input.verdict, input.note, input.by, input.now.getTime());
      return toRecord(row(id));
    },
    complete(id, now) {
      const rec = toRecord(row(id));
      if (rec.status !== 'drawn')
        throw new ApiError(
          'CONFLICT',
          rec.status === 'committed' ? 'Draw the sample first.' : 'Already completed.',
        );
      const missing = rec.drawn.length - rec.reviews.length;
      if (missing > 0)
        throw new ApiError(
          'PRECONDITION_FAILED',
          `${missing} drawn ${missing === 1 ? 'entry is' : 'entries are'} not reviewed yet.`,
        );
      if (q.complete.run(now.getTime(), id).changes !== 1)
        throw new ApiError('CONFLICT', 'This sample check changed meanwhile.');
      return toRecord(row(id));
    },
    get: (id) => toRecord(row(id)),
    list: (limit = 100) => q.list.all(limit).map(toRecord),
    lastCompletedAt() {
      const t = q.lastCompleted.get()?.t ?? null;
      return t === null ? null : new Date(t);
    },
  };
}

export const SAMPLE_INTERVAL_DAYS = 7;

/** Weekly checks (a design choice for the Danish "stikprøvekontrol"): due a week after the last one completed. */
export function sampleDue(
  lastCompletedAt: Date | null,
  now: Date,
  intervalDays = SAMPLE_INTERVAL_DAYS,
): { due: boolean; dueAt: Date } {
  if (!lastCompletedAt) return { due: true, dueAt: now };
  const dueAt = new Date(lastCompletedAt.getTime() + intervalDays * 86_400_000);
  return { due: dueAt <= now, dueAt };
}
