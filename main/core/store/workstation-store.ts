/**
 * The workstation database: settings, sync state and the local audit queue.
 * Encrypted like a case store (key in the keychain under `workstation-db`)
 * and, like it, used inside the storage worker.
 *
 * The audit queue stores entries exactly as the audit chain produced them
 * (common/audit-chain); this module only refuses an entry that does not extend
 * the local chain (wrong sequence or previous hash), so a bug or a race can
 * never fork the chain on disk.
 */
import { migrate } from '../../../common/migrations.ts';
import { AuditChainConflictError, mapSqliteError } from './errors.ts';
import { openEncryptedStore, type Db, type OpenStoreOptions } from './open.ts';
import { WORKSTATION_MODULE, workstationMigrations } from './workstation-schema.ts';

export interface AuditEntryRecord {
  seq: number;
  prevHash: string;
  hash: string;
  /** The entry's body as hashed (canonical JSON string). */
  body: string;
  createdAt: string;
  syncedAt: string | null;
}

export interface CheckpointRecord {
  seq: number;
  hash: string;
  createdAt: string;
  signature: string | null;
  acknowledgedAt: string | null;
  receipt: unknown;
}

interface AuditRow {
  seq: number;
  prev_hash: string;
  hash: string;
  body: string;
  created_at: number;
  synced_at: number | null;
}

export class WorkstationStore {
  readonly db: Db;

  private constructor(db: Db) {
    this.db = db;
  }

  static open(
    file: string,
    keyHex: string,
    options: OpenStoreOptions & { now?: () => Date } = {},
  ): WorkstationStore {
    const db = openEncryptedStore(file, keyHex, options);
    try {
      migrate(
        db,
        WORKSTATION_MODULE,
        workstationMigrations,
        options.now ? { now: options.now } : {},
      );
    } catch (error) {
      db.close();
      throw mapSqliteError(error);
    }
    return new WorkstationStore(db);
  }

  getSetting(key: string): unknown {
    return this.guard(() =>
      parseValue(this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key)),
    );
  }

  setSetting(key: string, value: unknown, now: Date): void {
    this.guard(() => this.upsert('settings', key, value, now));
  }

  allSettings(): Record<string, unknown> {
    return this.guard(() => {
      const out: Record<string, unknown> = {};
      for (const r of this.db
        .prepare('SELECT key, value FROM settings ORDER BY key')
        .all() as Array<{ key: string; value: string }>) {
        out[r.key] = JSON.parse(r.value) as unknown;
      }
      return out;
    });
  }

  getSyncState(key: string): unknown {
    return this.guard(() =>
      parseValue(this.db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key)),
    );
  }

  setSyncState(key: string, value: unknown, now: Date): void {
    this.guard(() => this.upsert('sync_state', key, value, now));
  }

  /** Appends one entry; it must carry seq = last seq + 1 and prevHash = last hash. */
  appendAudit(entry: {
    seq: number;
    prevHash: string;
    hash: string;
    body: string;
    createdAt: string;
  }): void {
    this.guard(() =>
      this.db
        .transaction(() => {
          const last = this.lastAudit();
          const expectedSeq = (last?.seq ?? 0) + 1;
          if (entry.seq !== expectedSeq || (last !== null && entry.prevHash !== last.hash)) {
            throw new AuditChainConflictError(undefined, `expected seq ${expectedSeq}`);
          }
          this.db
            .prepare(
              'INSERT INTO audit_entries (seq, prev_hash, hash, body, created_at) VALUES (?, ?, ?, ?, ?)',
            )
            .run(entry.seq, entry.prevHash, entry.hash, entry.body, Date.parse(entry.createdAt));
        })
        .immediate(),
    );
  }

  lastAudit(): AuditEntryRecord | null {
    return this.guard(() => {
      const row = this.db.prepare('SELECT * FROM audit_entries ORDER BY seq DESC LIMIT 1').get() as
        AuditRow | undefined;
      return row ? toAudit(row) : null;
    });
  }

  auditEntries(fromSeq: number, limit: number): AuditEntryRecord[] {
    return this.guard(() =>
      (
        this.db
          .prepare('SELECT * FROM audit_entries WHERE seq >= ? ORDER BY seq LIMIT ?')
          .all(fromSeq, limit) as AuditRow[]
      ).map(toAudit),
    );
  }

  unsyncedAudit(limit: number): AuditEntryRecord[] {
    return this.guard(() =>
      (
        this.db
          .prepare('SELECT * FROM audit_entries WHERE synced_at IS NULL ORDER BY seq LIMIT ?')
          .all(limit) as AuditRow[]
      ).map(toAudit),
    );
  }

  /** Marks every entry up to `seq` as delivered; returns how many changed. */
  markAuditSynced(seq: number, now: Date): number {
    return this.guard(
      () =>
        this.db
          .prepare('UPDATE audit_entries SET synced_at = ? WHERE seq <= ? AND synced_at IS NULL')
          .run(now.getTime(), seq).changes,
    );
  }

  addCheckpoint(c: {
    seq: number;
    hash: string;
    createdAt: string;
    signature?: string | null;
  }): void {
    this.guard(() =>
      this.db
        .prepare('INSERT INTO checkpoints (seq, hash, created_at, signature) VALUES (?, ?, ?, ?)')
        .run(c.seq, c.hash, Date.parse(c.createdAt), c.signature ?? null),
    );
  }

  acknowledgeCheckpoint(seq: number, receipt: unknown, now: Date): void {
    this.guard(() =>
      this.db
        .prepare('UPDATE checkpoints SET acknowledged_at = ?, receipt = ? WHERE seq = ?')
        .run(now.getTime(), JSON.stringify(receipt ?? null), seq),
    );
  }

  lastCheckpoint(): CheckpointRecord | null {
    return this.guard(() => {
      const r = this.db.prepare('SELECT * FROM checkpoints ORDER BY seq DESC LIMIT 1').get() as
        | {
            seq: number;
            hash: string;
            created_at: number;
            signature: string | null;
            acknowledged_at: number | null;
            receipt: string | null;
          }
        | undefined;
      if (!r) return null;
      return {
        seq: r.seq,
        hash: r.hash,
        createdAt: new Date(r.created_at).toISOString(),
        signature: r.signature,
        acknowledgedAt:
          r.acknowledged_at === null ? null : new Date(r.acknowledged_at).toISOString(),
        receipt: r.receipt === null ? null : (JSON.parse(r.receipt) as unknown),
      };
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private upsert(table: 'settings' | 'sync_state', key: string, value: unknown, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO ${table} (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value ?? null), now.getTime());
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw mapSqliteError(error);
    }
  }
}

function parseValue(row: unknown): unknown {
  return row ? (JSON.parse((row as { value: string }).value) as unknown) : null;
}

function toAudit(r: AuditRow): AuditEntryRecord {
  return {
    seq: r.seq,
    prevHash: r.prev_hash,
    hash: r.hash,
    body: r.body,
    createdAt: new Date(r.created_at).toISOString(),
    syncedAt: r.synced_at === null ? null : new Date(r.synced_at).toISOString(),
  };
}
