import { createHash, randomUUID } from 'node:crypto';
import { ApiError } from '../../common/api/result.ts';
import type { Flag, Verdict } from '../../common/oversight-api.ts';
import type { Db } from '../store/sqlite.ts';
import { migrateOversight } from './migrations.ts';
import {
  candidatesHash,
  checkSupervisorValue,
  commitmentOf,
  drawSample,
  drawSeedOf,
  newSeed,
} from './sample.ts';

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
  /** The platform's seed: null until drawn. */
  seed: string | null;
  /** What the supervisor contributed at the draw (null before it, and for checks drawn before #15). */
  supervisorValue: string | null;
  /** The seed the draw used, sha256(seed || supervisor value): null until drawn. */
  drawSeed: string | null;
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
  supervisor_value: string | null;
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
  /** Draws with the supervisor's value mixed into the committed seed. */
  draw(id: string, supervisorValue: string, now: Date): SampleRecord;
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
      "UPDATE oversight_samples SET status = 'drawn', drawn = ?, drawn_at = ?, supervisor_value = ? WHERE id = ? AND status = 'committed'",
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
      supervisorValue: r.status === 'committed' ? null : r.supervisor_value,
      drawSeed: r.status === 'committed' ? null : drawSeedOf(r.seed, r.supervisor_value),
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
    draw(id, supervisorValue, now) {
      const r = row(id);
      if (r.status !== 'committed')
        throw new ApiError('CONFLICT', 'This sample was drawn already.');
      const value = checkSupervisorValue(supervisorValue);
      if (!value.ok) throw new ApiError('INVALID_ARGUMENT', value.message);
      const seed = drawSeedOf(r.seed, value.value);
      const refs = drawSample(seed, JSON.parse(r.candidates) as string[], r.size);
      if (q.draw.run(JSON.stringify(refs), now.getTime(), value.value, id).changes !== 1)
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

/** A check not completed this many days after its commitment counts as abandoned. */
export const ABANDONED_AFTER_DAYS = SAMPLE_INTERVAL_DAYS;

const DAY_MS = 86_400_000;

const overlaps = (a: SampleRecord, b: SampleRecord) => a.from < b.to && b.from < a.to;

/**
 * Flags on the sample checks themselves, raised against the supervisor who
 * started them: a supervisor who dislikes a sample could leave it and start
 * another until one suits.
 * - re-drawn (high): the check was drawn, then, while it was still open, a
 *   new check of the same officer over an overlapping period was started;
 * - abandoned: not completed ABANDONED_AFTER_DAYS after its commitment
 *   (medium when drawn, its entries seen but not all judged; low when never
 *   drawn).
 * `now` is passed in (the platform's clock), so tests move it.
 */
export function sampleFlags(
  list: readonly SampleRecord[],
  now: Date,
  o: {
    username: (officerId: string) => string;
    /** The audit entries that started and drew a check (commitment, draw). */
    refs: (sampleId: string) => string[];
    abandonedAfterDays?: number;
    /** Which checks to judge (e.g. those started in a period); the others still count as later checks. */
    include?: (s: SampleRecord) => boolean;
  },
): Flag[] {
  const days = o.abandonedAfterDays ?? ABANDONED_AFTER_DAYS;
  const out: Flag[] = [];
  for (const s of list) {
    if (s.status === 'completed' || (o.include && !o.include(s))) continue;
    const seenAt = s.drawnAt ?? s.createdAt;
    const next = s.drawnAt
      ? list
          .filter(
            (b) =>
              b.id !== s.id &&
              b.officerId === s.officerId &&
              b.createdAt > seenAt &&
              overlaps(s, b),
          )
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0]
      : undefined;
    const age = Math.floor((now.getTime() - s.createdAt.getTime()) / DAY_MS);
    if (!next && age < days) continue;
    const kind = next ? 'redrawn-sample' : 'abandoned-sample';
    const officer = o.username(s.officerId);
    const refs = o.refs(s.id);
    const reviewed = s.reviews.length;
    const drawn = s.drawn.length;
    const startedOn = s.createdAt.toISOString().slice(0, 10);
    out.push({
      id: createHash('sha256')
        .update(`${kind}\u0000${s.createdBy}\u0000${s.id}`)
        .digest('hex')
        .slice(0, 16),
      kind,
      severity: next ? 'high' : s.drawnAt ? 'medium' : 'low',
      officerId: s.createdBy,
      username: o.username(s.createdBy),
      params: next
        ? {
            officer,
            startedOn,
            reviewed,
            drawn,
            redrawnOn: next.createdAt.toISOString().slice(0, 10),
          }
        : { officer, startedOn, reviewed, drawn, days: age, limit: days, status: s.status },
      explanation: next
        ? `The sample check of ${officer} started on ${startedOn} was drawn, then left open (${reviewed} of ${drawn} entries judged) ` +
          `when a new check of the same officer and period was started on ${next.createdAt.toISOString().slice(0, 10)}. ` +
          'Starting over after seeing a sample lets a supervisor pick the sample they like; the first one should be finished.'
        : `The sample check of ${officer} started on ${startedOn} is ${s.status === 'drawn' ? `drawn with ${reviewed} of ${drawn} entries judged` : 'committed but never drawn'}, ` +
          `${age} days later (checks are due within ${days} days). An abandoned check can hide a sample nobody wanted to judge.`,
      count: refs.length,
      firstAt: s.createdAt.toISOString(),
      lastAt: (next?.createdAt ?? seenAt).toISOString(),
      entryRefs: refs,
    });
  }
  return out;
}
