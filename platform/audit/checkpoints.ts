import { generateKeyPairSync } from 'node:crypto';
import type { ChainPosition } from '../../common/audit-chain.node.ts';
import { migrate, type Migration, type MigrationDb } from '../../common/migrations.ts';
import {
  openCheckpointNote,
  signCheckpointNote,
  verifierKey,
  type CheckpointNote,
  type NoteVerifierKey,
} from '../../common/signed-note.node.ts';
import type { ChainProblem } from '../../common/audit-chain.node.ts';
import type { Db } from '../store/sqlite.ts';

/**
 * Signed checkpoints of the platform's own audit chain, and the witnesses
 * workstations hold of them.
 *
 * The recorded head (audit_heads) sits in the same database as the entries,
 * so whoever can cut entries can move it back too. A checkpoint is the
 * platform's signed statement "the chain had N entries and entry N had hash
 * H" (a C2SP signed note, common/signed-note.node.ts). Two copies count:
 * - the platform's own, kept here: catch a cut made without also deleting
 *   them (the signing key is in this database too, so they are evidence
 *   against a careless edit, not against the database's owner);
 * - the workstations': each upload response hands the workstation a fresh
 *   checkpoint, the workstation keeps the latest in its own database and
 *   shows it again with its next upload, where it is recorded as a witness.
 *   Those copies are outside the platform operator's reach.
 *
 * Own migration module ('audit-checkpoints') so this schema evolves apart
 * from the entry tables.
 */

export interface CheckpointSettings {
  /** Sign a checkpoint after this many platform entries (default 100). */
  everyEntries?: number;
  /** The log's name in the note's first line and the key's name. */
  origin?: string;
}

export const DEFAULT_CHECKPOINT_EVERY = 100;
/** Default every-T schedule of the reference platform (see startCheckpointSchedule). */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10 * 60_000;
export const DEFAULT_ORIGIN = 'anpr-reference-platform/audit';

export interface PlatformCheckpointKey {
  origin: string;
  /** `<name>+<key id>+<base64 key>`, the signed-note verifier key. */
  vkey: string;
  publicKeyPem: string;
}

export interface StoredCheckpoint extends CheckpointNote {
  note: string;
  signedAt: string;
  reason: CheckpointReason;
}

export type CheckpointReason = 'interval' | 'schedule' | 'shutdown' | 'witness' | 'request';

export interface WitnessReport {
  deviceId: string;
  size: number;
  hash: string;
  note: string;
  reportedAt: string;
}

/** What a checkpoint (own or witnessed) says about the chain as it is now. */
export type CheckpointCheck =
  { ok: true } | { ok: false; firstBadSeq: number; problem: ChainProblem; message: string };

const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: 'platform checkpoint key, checkpoints, witness reports',
    up: `
      -- The key that signs the platform chain's checkpoints: created on
      -- first start and kept in this encrypted database like the identity
      -- provider's keys. Never replaced in place.
      CREATE TABLE audit_checkpoint_keys (
        origin TEXT PRIMARY KEY,
        private_key_pem TEXT NOT NULL,
        public_key_pem TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_checkpoints (
        size INTEGER PRIMARY KEY CHECK (size >= 0),
        hash TEXT NOT NULL,
        note TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        reason TEXT NOT NULL
      ) STRICT;

      -- Platform checkpoints shown back by workstations (verified on arrival).
      CREATE TABLE audit_witnesses (
        device_id TEXT NOT NULL,
        size INTEGER NOT NULL,
        hash TEXT NOT NULL,
        note TEXT NOT NULL,
        reported_at TEXT NOT NULL,
        PRIMARY KEY (device_id, size, hash)
      ) STRICT;

      ${['audit_checkpoint_keys', 'audit_checkpoints', 'audit_witnesses']
        .map(
          (t) => `
      CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t}
      BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
      CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t}
      BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;`,
        )
        .join('\n')}
    `,
  },
];

export interface CheckpointStore {
  key: PlatformCheckpointKey;
  verifier: NoteVerifierKey;
  /** Signs `head` unless the latest checkpoint already covers it; returns the latest checkpoint. */
  sign(head: ChainPosition | null, reason: CheckpointReason, at: Date): StoredCheckpoint | null;
  latest(): StoredCheckpoint | null;
  /** Every stored checkpoint whose signature verifies, smallest first, and the sizes of those that do not. */
  all(): { valid: StoredCheckpoint[]; forged: number[] };
  /** Records a witness if it is a checkpoint this platform signed; false otherwise. */
  recordWitness(deviceId: string, note: string, at: Date): boolean;
  /** The largest witnessed size per device (signature re-checked). */
  witnesses(): WitnessReport[];
}

export function createCheckpointStore(
  db: Db,
  clock: () => Date,
  settings: CheckpointSettings = {},
): CheckpointStore {
  migrate(db as unknown as MigrationDb, 'audit-checkpoints', migrations, { now: clock });
  const origin = settings.origin ?? DEFAULT_ORIGIN;
  const key = loadOrCreateKey(db, origin, clock);
  const verifier: NoteVerifierKey = { name: origin, publicKeyPem: key.publicKeyPem };

  const stmt = {
    latest: db.prepare<[], CheckpointRow>(
      'SELECT size, hash, note, signed_at, reason FROM audit_checkpoints ORDER BY size DESC LIMIT 1',
    ),
    all: db.prepare<[], CheckpointRow>(
      'SELECT size, hash, note, signed_at, reason FROM audit_checkpoints ORDER BY size',
    ),
    insert: db.prepare(
      'INSERT OR IGNORE INTO audit_checkpoints (size, hash, note, signed_at, reason) VALUES (?, ?, ?, ?, ?)',
    ),
    insertWitness: db.prepare(
      'INSERT OR IGNORE INTO audit_witnesses (device_id, size, hash, note, reported_at) VALUES (?, ?, ?, ?, ?)',
    ),
    witnesses: db.prepare<
      [],
      { device_id: string; size: number; hash: string; note: string; reported_at: string }
    >(
      'SELECT device_id, size, hash, note, reported_at FROM audit_witnesses ORDER BY device_id, size DESC',
    ),
  };

  const fromRow = (r: CheckpointRow): StoredCheckpoint => ({
    origin,
    size: r.size,
    hash: r.hash,
    note: r.note,
    signedAt: r.signed_at,
    reason: r.reason as CheckpointReason,
  });

  const latest = (): StoredCheckpoint | null => {
    const r = stmt.latest.get();
    return r ? fromRow(r) : null;
  };

  return {
    key: {
      origin,
      vkey: verifierKey(origin, key.publicKeyPem),
      publicKeyPem: key.publicKeyPem,
    },
    verifier,
    latest,
    sign(head, reason, at) {
      const current = latest();
      if (!head) return current; // an empty chain has nothing to witness yet
      const position = head;
      // Never sign a head behind one already signed: a cut chain must not
      // get a checkpoint that makes it look whole. The larger one is kept
      // and handed out, so witnesses keep the evidence.
      if (current && position.seq <= current.size) return current;
      const note = signCheckpointNote(
        { origin, size: position.seq, hash: position.hash },
        key.privateKeyPem,
      );
      stmt.insert.run(position.seq, position.hash, note, at.toISOString(), reason);
      return latest();
    },
    all() {
      const valid: StoredCheckpoint[] = [];
      const forged: number[] = [];
      for (const r of stmt.all.iterate()) {
        const opened = openCheckpointNote(r.note, verifier);
        if (opened && opened.size === r.size && opened.hash === r.hash) valid.push(fromRow(r));
        else forged.push(r.size);
      }
      return { valid, forged };
    },
    recordWitness(deviceId, note, at) {
      const opened = openCheckpointNote(note, verifier);
      if (!opened) return false;
      stmt.insertWitness.run(deviceId, opened.size, opened.hash, note, at.toISOString());
      return true;
    },
    witnesses() {
      const out = new Map<string, WitnessReport>();
      for (const r of stmt.witnesses.all()) {
        if (out.has(r.device_id)) continue; // largest size first
        const opened = openCheckpointNote(r.note, verifier);
        if (!opened || opened.size !== r.size || opened.hash !== r.hash) continue;
        out.set(r.device_id, {
          deviceId: r.device_id,
          size: r.size,
          hash: r.hash,
          note: r.note,
          reportedAt: r.reported_at,
        });
      }
      return [...out.values()];
    },
  };
}

interface CheckpointRow {
  size: number;
  hash: string;
  note: string;
  signed_at: string;
  reason: string;
}

function loadOrCreateKey(
  db: Db,
  origin: string,
  clock: () => Date,
): { privateKeyPem: string; publicKeyPem: string } {
  const read = db.prepare<[string], { private_key_pem: string; public_key_pem: string }>(
    'SELECT private_key_pem, public_key_pem FROM audit_checkpoint_keys WHERE origin = ?',
  );
  let row = read.get(origin);
  if (!row) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    // INSERT OR IGNORE + re-read: two processes starting at once agree on one key.
    db.prepare(
      'INSERT OR IGNORE INTO audit_checkpoint_keys (origin, private_key_pem, public_key_pem, created_at) VALUES (?, ?, ?, ?)',
    ).run(origin, privateKey, publicKey, clock().toISOString());
    row = read.get(origin)!;
  }
  return { privateKeyPem: row.private_key_pem, publicKeyPem: row.public_key_pem };
}

/**
 * Compares the chain as stored (its verified head and the hash stored at a
 * position) with a checkpoint of it. `who` names the checkpoint's holder in
 * the message ("the platform's checkpoint of …", "workstation X's witness").
 */
export function checkAgainstCheckpoint(
  head: ChainPosition | null,
  hashAt: (seq: number) => string | null,
  checkpoint: { size: number; hash: string },
  who: string,
): CheckpointCheck {
  const length = head?.seq ?? 0;
  if (checkpoint.size > length) {
    const from = length + 1;
    const range =
      from === checkpoint.size ? `Entry ${from} is` : `Entries ${from} to ${checkpoint.size} are`;
    return {
      ok: false,
      firstBadSeq: from,
      problem: 'truncated',
      message: `${range} missing from the end of the platform chain: ${who} shows the platform signed a chain of ${checkpoint.size} entries.`,
    };
  }
  if (checkpoint.size === 0) return { ok: true };
  const stored = hashAt(checkpoint.size);
  if (stored !== checkpoint.hash) {
    return {
      ok: false,
      firstBadSeq: checkpoint.size,
      problem: 'edited',
      message: `Entry ${checkpoint.size} does not match ${who}: the platform chain was rewritten at or before it.`,
    };
  }
  return { ok: true };
}

/**
 * Signs a checkpoint every `everyMs` (unref'd timer: it never keeps the
 * process alive) when the chain moved; the caller signs once more on shutdown.
 */
export function startCheckpointSchedule(
  checkpoint: (reason: CheckpointReason) => unknown,
  everyMs: number,
  onError: (error: unknown) => void,
): { stop(): void } {
  if (!(everyMs > 0)) return { stop: () => undefined };
  const timer = setInterval(() => {
    try {
      checkpoint('schedule');
    } catch (error) {
      onError(error);
    }
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
