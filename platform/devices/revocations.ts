import { migrate, type MigrationDb } from '../../common/migrations.ts';
import type { Db } from '../store/sqlite.ts';

/**
 * Revoked workstations (#15 item 9, remote deprovisioning). A revocation is
 * evidence (who withdrew which device, when, why), so the table is
 * append-only like the audit tables, in its own migration module (`devices`).
 * A revoked device is told so at its next contact and crypto-shreds its local
 * data; its audit uploads are still accepted, so its last entries arrive.
 */
const migrations = [
  {
    version: 1,
    name: 'device revocations',
    up: `
      CREATE TABLE device_revocations (
        device_id TEXT PRIMARY KEY,
        revoked_at TEXT NOT NULL,
        revoked_by TEXT NOT NULL,      -- officer id, or platform-cli
        reason TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER device_revocations_no_update BEFORE UPDATE ON device_revocations
      BEGIN SELECT RAISE(ABORT, 'device revocations are append-only'); END;
      CREATE TRIGGER device_revocations_no_delete BEFORE DELETE ON device_revocations
      BEGIN SELECT RAISE(ABORT, 'device revocations are append-only'); END;
    `,
  },
];

export interface DeviceRevocation {
  deviceId: string;
  revokedAt: string;
  revokedBy: string;
  reason: string;
}

export interface DeviceListItem {
  deviceId: string;
  officerId: string;
  registeredAt: string;
  revocation: DeviceRevocation | null;
}

export class DeviceRevocations {
  private readonly db: Db;
  private readonly clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.db = db;
    this.clock = clock;
    migrate(db as unknown as MigrationDb, 'devices', migrations, { now: clock });
  }

  /** Registered devices (audit_devices) with their revocation, if any. */
  list(): DeviceListItem[] {
    const hasDevices = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_devices'")
      .get();
    if (!hasDevices) return [];
    const rows = this.db
      .prepare(
        `SELECT d.device_id, d.officer_id, d.registered_at, r.revoked_at, r.revoked_by, r.reason
         FROM audit_devices d LEFT JOIN device_revocations r USING (device_id) ORDER BY d.device_id`,
      )
      .all() as Array<{
      device_id: string;
      officer_id: string;
      registered_at: string;
      revoked_at: string | null;
      revoked_by: string | null;
      reason: string | null;
    }>;
    return rows.map((r) => ({
      deviceId: r.device_id,
      officerId: r.officer_id,
      registeredAt: r.registered_at,
      revocation:
        r.revoked_at === null
          ? null
          : {
              deviceId: r.device_id,
              revokedAt: r.revoked_at,
              revokedBy: r.revoked_by ?? '',
              reason: r.reason ?? '',
            },
    }));
  }

  get(deviceId: string): DeviceRevocation | null {
    const r = this.db
      .prepare(
        'SELECT device_id, revoked_at, revoked_by, reason FROM device_revocations WHERE device_id = ?',
      )
      .get(deviceId) as
      { device_id: string; revoked_at: string; revoked_by: string; reason: string } | undefined;
    return r
      ? {
          deviceId: r.device_id,
          revokedAt: r.revoked_at,
          revokedBy: r.revoked_by,
          reason: r.reason,
        }
      : null;
  }

  /** Revokes once; revoking again returns the first revocation (and `created: false`). */
  revoke(
    deviceId: string,
    revokedBy: string,
    reason: string,
  ): { revocation: DeviceRevocation; created: boolean } {
    const existing = this.get(deviceId);
    if (existing) return { revocation: existing, created: false };
    const revokedAt = this.clock().toISOString();
    this.db
      .prepare(
        'INSERT INTO device_revocations (device_id, revoked_at, revoked_by, reason) VALUES (?, ?, ?, ?)',
      )
      .run(deviceId, revokedAt, revokedBy, reason);
    return { revocation: { deviceId, revokedAt, revokedBy, reason }, created: true };
  }
}
