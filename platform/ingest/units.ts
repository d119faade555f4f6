import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Operator, UnitType } from '../../common/read.ts';
import { DataError } from '../data/errors.ts';
import type { Db } from '../store/sqlite.ts';
import { migrateIngest } from './migrations.ts';

/**
 * Camera and vehicle units allowed to send reads, with their machine
 * credentials. Units are not officers: they hold no role and never sign in
 * through OIDC; a unit's token lets it do one thing, POST its own reads.
 */

/**
 * Unit ids appear in reads (`unitId`, max 64) and in audit entries as
 * `unit:<id>` (officerId, max 64), hence 59 characters at most, and a
 * plain alphabet so they are safe in logs and on the command line.
 */
export const UnitId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,58}$/,
    'expected 1-59 characters: letters, digits and . _ : - (starting with a letter or digit)',
  );

export const UnitInput = z.object({
  id: UnitId,
  name: z.string().trim().min(1).max(120).optional(),
  unitType: UnitType,
  operator: Operator.nullable().default(null),
  /** Source system or camera brand, stamped on reads that do not name one. */
  source: z.string().trim().min(1).max(64),
});
export type UnitInput = z.input<typeof UnitInput>;

export interface IngestUnit {
  id: string;
  name: string;
  unitType: UnitType;
  operator: Operator | null;
  source: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  lastIngestAt: string | null;
  /** Credentials not revoked. */
  activeCredentials: number;
}

export interface IssuedCredential {
  unit: IngestUnit;
  credentialId: string;
  /** The secret: shown once, never stored (only its SHA-256). */
  token: string;
}

export type UnitAuth =
  | { status: 'ok'; unit: IngestUnit; credentialId: string }
  | { status: 'revoked'; unit: IngestUnit; credentialId: string }
  | { status: 'unknown' };

/** `anpr-unit.` + 256 random bits in base64url: recognisable in a leaked config, and unguessable. */
const TOKEN_PREFIX = 'anpr-unit.';
const TOKEN_RE = /^anpr-unit\.[A-Za-z0-9_-]{43}$/;

export function newUnitToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

interface UnitRow {
  id: string;
  name: string;
  unit_type: UnitType;
  operator: Operator | null;
  source: string;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
  revoked_by: string | null;
  last_ingest_at: number | null;
  active: number;
}

const UNIT_SELECT = `SELECT u.*, (SELECT count(*) FROM ingest_credentials c
  WHERE c.unit_id = u.id AND c.revoked_at IS NULL) AS active FROM ingest_units u`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toUnit(r: UnitRow): IngestUnit {
  return {
    id: r.id,
    name: r.name,
    unitType: r.unit_type,
    operator: r.operator,
    source: r.source,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
    revokedAt: iso(r.revoked_at),
    revokedBy: r.revoked_by,
    lastIngestAt: iso(r.last_ingest_at),
    activeCredentials: r.active,
  };
}

export class UnitStore {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    migrateIngest(db, clock);
    this.#db = db;
    this.#clock = clock;
  }

  /** Registers a unit and issues its first credential. */
  create(input: UnitInput, by: string): IssuedCredential {
    const parsed = UnitInput.safeParse(input);
    if (!parsed.success)
      throw new DataError(
        'invalid',
        `Invalid unit: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const u = parsed.data;
    const now = this.#clock().getTime();
    return this.#db.transaction(() => {
      if (this.#db.prepare('SELECT 1 FROM ingest_units WHERE id = ?').get(u.id))
        throw new DataError('conflict', `A unit with id ${u.id} already exists.`);
      this.#db
        .prepare(
          `INSERT INTO ingest_units (id, name, unit_type, operator, source, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(u.id, u.name ?? u.id, u.unitType, u.operator, u.source, now, by);
      return this.#issue(u.id, now);
    })();
  }

  /** Revokes the unit's credentials and issues a new one (e.g. after a token leaked). */
  rotate(id: string): IssuedCredential {
    const now = this.#clock().getTime();
    return this.#db.transaction(() => {
      const unit = this.get(id);
      if (unit.revokedAt) throw new DataError('conflict', `Unit ${id} is revoked.`);
      this.#db
        .prepare(
          'UPDATE ingest_credentials SET revoked_at = ? WHERE unit_id = ? AND revoked_at IS NULL',
        )
        .run(now, id);
      return this.#issue(id, now);
    })();
  }

  /** Revokes a unit and all its credentials, at once and for good. */
  revoke(id: string, by: string): IngestUnit {
    const now = this.#clock().getTime();
    this.#db.transaction(() => {
      const unit = this.get(id);
      if (unit.revokedAt) return;
      this.#db
        .prepare('UPDATE ingest_units SET revoked_at = ?, revoked_by = ? WHERE id = ?')
        .run(now, by, id);
      this.#db
        .prepare(
          'UPDATE ingest_credentials SET revoked_at = ? WHERE unit_id = ? AND revoked_at IS NULL',
        )
        .run(now, id);
    })();
    return this.get(id);
  }

  get(id: string): IngestUnit {
    const row = this.#db.prepare(`${UNIT_SELECT} WHERE u.id = ?`).get(id) as UnitRow | undefined;
    if (!row) throw new DataError('not-found', `No unit ${id}.`);
    return toUnit(row);
  }

  list(): IngestUnit[] {
    return (this.#db.prepare(`${UNIT_SELECT} ORDER BY u.id`).all() as UnitRow[]).map(toUnit);
  }

  /**
   * Looks a bearer token up by its hash. Revocation takes effect on the
   * next request: nothing is cached, so a `units revoke` from the CLI (another
   * process) stops the unit at once.
   */
  authenticate(token: string): UnitAuth {
    if (!TOKEN_RE.test(token)) return { status: 'unknown' };
    const hash = tokenHash(token);
    const cred = this.#db
      .prepare(
        'SELECT id, unit_id, token_sha256, revoked_at FROM ingest_credentials WHERE token_sha256 = ?',
      )
      .get(hash) as
      { id: string; unit_id: string; token_sha256: string; revoked_at: number | null } | undefined;
    // The index lookup already matched; the constant-time compare is belt and braces.
    if (!cred || !timingSafeEqual(Buffer.from(cred.token_sha256), Buffer.from(hash)))
      return { status: 'unknown' };
    const unit = this.get(cred.unit_id);
    if (cred.revoked_at !== null || unit.revokedAt !== null)
      return { status: 'revoked', unit, credentialId: cred.id };
    return { status: 'ok', unit, credentialId: cred.id };
  }

  /** Remembers when a unit last delivered reads (for `units list`). */
  touch(id: string, at: Date): void {
    this.#db
      .prepare('UPDATE ingest_units SET last_ingest_at = ? WHERE id = ?')
      .run(at.getTime(), id);
  }

  #issue(unitId: string, now: number): IssuedCredential {
    const token = newUnitToken();
    const credentialId = randomUUID();
    this.#db
      .prepare(
        'INSERT INTO ingest_credentials (id, unit_id, token_sha256, created_at) VALUES (?, ?, ?, ?)',
      )
      .run(credentialId, unitId, tokenHash(token), now);
    return { unit: this.get(unitId), credentialId, token };
  }
}
