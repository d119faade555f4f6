import type { Db } from '../store/sqlite.ts';

/**
 * oidc-provider storage adapter on the platform database, so sessions,
 * grants and refresh tokens survive a restart and sit encrypted at rest.
 *
 * Expiry follows the provider's own time source (the system clock): the
 * provider stamps `iat`/`exp` with it, and an artefact must vanish exactly
 * when the provider considers it expired.
 */

type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string };

const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

export function sqliteAdapterFactory(db: Db, systemNow: () => number = Date.now) {
  const statements = {
    upsert: db.prepare(
      `INSERT INTO identity_oidc (model, id, payload, grant_id, user_code, uid, expires_at, consumed_at)
       VALUES (@model, @id, @payload, @grantId, @userCode, @uid, @expiresAt, NULL)
       ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
         user_code = excluded.user_code, uid = excluded.uid, expires_at = excluded.expires_at, consumed_at = NULL`,
    ),
    find: db.prepare(
      `SELECT payload, consumed_at FROM identity_oidc
       WHERE model = ? AND id = ? AND (expires_at IS NULL OR expires_at > ?)`,
    ),
    findByUid: db.prepare(
      `SELECT payload, consumed_at FROM identity_oidc
       WHERE model = ? AND uid = ? AND (expires_at IS NULL OR expires_at > ?)`,
    ),
    findByUserCode: db.prepare(
      `SELECT payload, consumed_at FROM identity_oidc
       WHERE model = ? AND user_code = ? AND (expires_at IS NULL OR expires_at > ?)`,
    ),
    consume: db.prepare('UPDATE identity_oidc SET consumed_at = ? WHERE model = ? AND id = ?'),
    destroy: db.prepare('DELETE FROM identity_oidc WHERE model = ? AND id = ?'),
    revokeByGrantId: db.prepare('DELETE FROM identity_oidc WHERE model = ? AND grant_id = ?'),
    sweep: db.prepare('DELETE FROM identity_oidc WHERE expires_at IS NOT NULL AND expires_at <= ?'),
  };

  function decode(
    row: { payload: string; consumed_at: number | null } | undefined,
  ): Payload | undefined {
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as Payload;
    return row.consumed_at === null ? payload : { ...payload, consumed: row.consumed_at };
  }

  class SqliteAdapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      statements.upsert.run({
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grantId:
          GRANTABLE.has(this.model) && typeof payload.grantId === 'string' ? payload.grantId : null,
        userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
        uid: this.model === 'Session' && typeof payload.uid === 'string' ? payload.uid : null,
        expiresAt: typeof expiresIn === 'number' ? systemNow() + expiresIn * 1000 : null,
      });
    }

    async find(id: string): Promise<Payload | undefined> {
      return decode(statements.find.get(this.model, id, systemNow()) as never);
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      return decode(statements.findByUid.get(this.model, uid, systemNow()) as never);
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      return decode(statements.findByUserCode.get(this.model, userCode, systemNow()) as never);
    }

    async consume(id: string): Promise<void> {
      statements.consume.run(Math.floor(systemNow() / 1000), this.model, id);
    }

    async destroy(id: string): Promise<void> {
      statements.destroy.run(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      statements.revokeByGrantId.run(this.model, grantId);
    }
  }

  return {
    Adapter: SqliteAdapter,
    /** Deletes expired artefacts; called periodically by the server. */
    sweep: (): number => statements.sweep.run(systemNow()).changes,
  };
}
