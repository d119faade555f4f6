import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Role } from '../../common/officer.ts';
import type { Db } from '../store/sqlite.ts';
import { IdentitySettings } from '../config.ts';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';
import { checkTotp, newTotpSecret, totpUri } from './totp.ts';

/** Lower-case usernames: officers type them, so no case surprises. */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'Username: 2 to 64 characters a-z, 0-9, ".", "_" or "-".');

export const DisplayName = z.string().trim().min(1).max(120);
export const Roles = z
  .array(Role)
  .min(1, 'At least one role.')
  .transform((r) => [...new Set(r)]);

export interface Account {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  failedLogons: number;
  lockedUntil: Date | null;
  lastLogonAt: Date | null;
  createdAt: Date;
  /** Set when an administrator disabled the account: no sign-in until enabled again. */
  disabledAt: Date | null;
}

/**
 * An account ready to insert: the password already hashed (scrypt is slow and
 * asynchronous), so the insert itself can run inside the caller's transaction
 * together with its audit entry.
 */
export interface PreparedAccount {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  password: string;
  passwordHash: string;
  totpSecret: string;
}

export interface NewAccountCredentials {
  account: Account;
  /** Shown once to the administrator; only the scrypt hash is stored. */
  password: string;
  totpSecret: string;
  otpauthUri: string;
}

export type LogonResult =
  | { ok: true; account: Account }
  | {
      ok: false;
      reason: 'invalid' | 'locked';
      accountId: string | null;
      lockedUntil: Date | null;
      /** True when this very attempt was the one that locked the account. */
      newlyLocked: boolean;
      replayedCode: boolean;
    };

interface Row {
  id: string;
  username: string;
  display_name: string;
  roles: string;
  password_hash: string;
  totp_secret: string;
  last_totp_step: number | null;
  failed_logons: number;
  locked_until: string | null;
  last_logon_at: string | null;
  created_at: string;
  disabled_at: string | null;
}

function toAccount(row: Row): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: z.array(Role).parse(JSON.parse(row.roles)),
    failedLogons: row.failed_logons,
    lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
    lastLogonAt: row.last_logon_at ? new Date(row.last_logon_at) : null,
    createdAt: new Date(row.created_at),
    disabledAt: row.disabled_at ? new Date(row.disabled_at) : null,
  };
}

/**
 * Officer accounts: password + TOTP log-on with lock-out. Every method takes
 * time from the injected clock, so the lock-out window is testable.
 */
export class AccountStore {
  readonly #db: Db;
  readonly #clock: () => Date;
  readonly #settings: IdentitySettings;

  constructor(db: Db, clock: () => Date, settings: Partial<IdentitySettings> = {}) {
    this.#db = db;
    this.#clock = clock;
    this.#settings = IdentitySettings.parse(settings);
  }

  async create(input: {
    username: string;
    displayName: string;
    roles: Role[];
    password?: string;
    totpSecret?: string;
  }): Promise<NewAccountCredentials> {
    return this.insert(await this.prepare(input));
  }

  /** Validates and hashes a new account without writing it (see `insert`). */
  async prepare(input: {
    username: string;
    displayName: string;
    roles: Role[];
    password?: string;
    totpSecret?: string;
  }): Promise<PreparedAccount> {
    const username = Username.parse(input.username);
    const displayName = DisplayName.parse(input.displayName);
    const roles = Roles.parse(input.roles);
    if (this.#row(username)) throw new Error(`An account named "${username}" already exists.`);
    const password = input.password ?? generatePassword();
    const totpSecret = input.totpSecret ?? newTotpSecret();
    const passwordHash = await hashPassword(password, this.#scrypt());
    return { id: randomUUID(), username, displayName, roles, password, passwordHash, totpSecret };
  }

  /** Writes a prepared account (synchronous, so it can share a transaction). */
  insert(prepared: PreparedAccount): NewAccountCredentials {
    const { id, username, displayName, roles, passwordHash, totpSecret } = prepared;
    if (this.#row(username)) throw new Error(`An account named "${username}" already exists.`);
    const now = this.#clock().toISOString();
    this.#db
      .prepare(
        `INSERT INTO identity_accounts (id, username, display_name, roles, password_hash, totp_secret, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, username, displayName, JSON.stringify(roles), passwordHash, totpSecret, now, now);
    return {
      account: this.byId(id)!,
      password: prepared.password,
      totpSecret,
      otpauthUri: totpUri(totpSecret, username),
    };
  }

  /**
   * Disables (or enables again) an account. Disabling also ends every sign-in
   * of the account at once: its OIDC grants, sessions and tokens are deleted,
   * so its access tokens fail the grant check on the next call and no refresh
   * token works.
   */
  setDisabled(username: string, disabled: boolean, by: string | null = null): Account {
    const row = this.#required(username);
    const now = this.#clock().toISOString();
    this.#db
      .prepare(
        'UPDATE identity_accounts SET disabled_at = ?, disabled_by = ?, updated_at = ? WHERE id = ?',
      )
      .run(disabled ? now : null, disabled ? by : null, now, row.id);
    if (disabled) this.endSignIns(row.id);
    return this.byId(row.id)!;
  }

  /** Deletes every OIDC artefact (grants, sessions, codes, tokens) of an account. */
  endSignIns(accountId: string): number {
    const grants = (
      this.#db
        .prepare(
          `SELECT id FROM identity_oidc
           WHERE model IN ('Grant', 'Session') AND json_extract(payload, '$.accountId') = ?`,
        )
        .all(accountId) as Array<{ id: string }>
    ).map((r) => r.id);
    let ended = 0;
    for (const id of grants) {
      ended += this.#db
        .prepare('DELETE FROM identity_oidc WHERE grant_id = ? OR id = ?')
        .run(id, id).changes;
    }
    ended += this.#db
      .prepare(`DELETE FROM identity_oidc WHERE json_extract(payload, '$.accountId') = ?`)
      .run(accountId).changes;
    return ended;
  }

  byId(id: string): Account | null {
    const row = this.#db.prepare('SELECT * FROM identity_accounts WHERE id = ?').get(id) as
      Row | undefined;
    return row ? toAccount(row) : null;
  }

  byUsername(username: string): Account | null {
    const row = this.#row(username);
    return row ? toAccount(row) : null;
  }

  list(): Account[] {
    return (
      this.#db.prepare('SELECT * FROM identity_accounts ORDER BY username').all() as Row[]
    ).map(toAccount);
  }

  isLocked(account: Account, now = this.#clock()): boolean {
    return account.lockedUntil !== null && account.lockedUntil.getTime() > now.getTime();
  }

  unlock(username: string): Account {
    const row = this.#required(username);
    this.#db
      .prepare(
        'UPDATE identity_accounts SET failed_logons = 0, locked_until = NULL, updated_at = ? WHERE id = ?',
      )
      .run(this.#clock().toISOString(), row.id);
    return this.byId(row.id)!;
  }

  /** New TOTP secret (lost phone); the old one stops working at once. */
  resetTotp(
    username: string,
    secret: string = newTotpSecret(),
  ): { account: Account; totpSecret: string; otpauthUri: string } {
    const row = this.#required(username);
    this.#db
      .prepare(
        'UPDATE identity_accounts SET totp_secret = ?, last_totp_step = NULL, updated_at = ? WHERE id = ?',
      )
      .run(secret, this.#clock().toISOString(), row.id);
    return {
      account: this.byId(row.id)!,
      totpSecret: secret,
      otpauthUri: totpUri(secret, row.username),
    };
  }

  async setPassword(
    username: string,
    password: string = generatePassword(),
  ): Promise<{ account: Account; password: string }> {
    const row = this.#required(username);
    const hash = await hashPassword(password, this.#scrypt());
    this.#db
      .prepare('UPDATE identity_accounts SET password_hash = ?, updated_at = ? WHERE id = ?')
      .run(hash, this.#clock().toISOString(), row.id);
    return { account: this.byId(row.id)!, password };
  }

  setRoles(username: string, roles: Role[]): Account {
    const row = this.#required(username);
    this.#db
      .prepare('UPDATE identity_accounts SET roles = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(Roles.parse(roles)), this.#clock().toISOString(), row.id);
    return this.byId(row.id)!;
  }

  /**
   * One log-on attempt with password and TOTP code. A wrong password, a wrong
   * code and a replayed code all count as a failed log-on; the last allowed
   * failure locks the account. A locked account is refused without checking
   * anything, so guessing during the lock teaches nothing.
   */
  async logon(input: { username: string; password: string; code: string }): Promise<LogonResult> {
    const parsed = Username.safeParse(input.username);
    const row = parsed.success ? this.#row(parsed.data) : undefined;
    const now = this.#clock();
    if (!row || row.disabled_at) {
      // A disabled account is answered like an unknown one, after the same work.
      await verifyPassword(input.password, null);
      return {
        ok: false,
        reason: 'invalid',
        accountId: row?.id ?? null,
        lockedUntil: null,
        newlyLocked: false,
        replayedCode: false,
      };
    }
    const lockedUntil = row.locked_until ? new Date(row.locked_until) : null;
    if (lockedUntil && lockedUntil.getTime() > now.getTime()) {
      return {
        ok: false,
        reason: 'locked',
        accountId: row.id,
        lockedUntil,
        newlyLocked: false,
        replayedCode: false,
      };
    }
    const passwordOk = await verifyPassword(input.password, row.password_hash);
    const totp = passwordOk
      ? await checkTotp(row.totp_secret, input.code.trim(), now, row.last_totp_step)
      : ({ valid: false, replayed: false } as const);
    if (totp.valid && this.#acceptStep(row.id, totp.step, now)) {
      return { ok: true, account: this.byId(row.id)! };
    }
    return this.#fail(row.id, now, !totp.valid && totp.replayed);
  }

  #acceptStep(id: string, step: number, now: Date): boolean {
    // Conditional update: two parallel log-ons with the same code cannot both win.
    const result = this.#db
      .prepare(
        `UPDATE identity_accounts
           SET last_totp_step = ?, failed_logons = 0, locked_until = NULL, last_logon_at = ?, updated_at = ?
         WHERE id = ? AND (last_totp_step IS NULL OR last_totp_step < ?)`,
      )
      .run(step, now.toISOString(), now.toISOString(), id, step);
    return result.changes === 1;
  }

  #fail(id: string, now: Date, replayedCode: boolean): LogonResult {
    const { maxFailedLogons, lockSeconds } = this.#settings;
    return this.#db.transaction((): LogonResult => {
      const current = this.#db
        .prepare('SELECT failed_logons FROM identity_accounts WHERE id = ?')
        .get(id) as {
        failed_logons: number;
      };
      const failures = current.failed_logons + 1;
      if (failures >= maxFailedLogons) {
        const until = new Date(now.getTime() + lockSeconds * 1000);
        this.#db
          .prepare(
            'UPDATE identity_accounts SET failed_logons = 0, locked_until = ?, updated_at = ? WHERE id = ?',
          )
          .run(until.toISOString(), now.toISOString(), id);
        return {
          ok: false,
          reason: 'locked',
          accountId: id,
          lockedUntil: until,
          newlyLocked: true,
          replayedCode,
        };
      }
      this.#db
        .prepare('UPDATE identity_accounts SET failed_logons = ?, updated_at = ? WHERE id = ?')
        .run(failures, now.toISOString(), id);
      return {
        ok: false,
        reason: 'invalid',
        accountId: id,
        lockedUntil: null,
        newlyLocked: false,
        replayedCode,
      };
    })();
  }

  #scrypt() {
    return { log2N: this.#settings.scryptLog2N, r: 8, p: 1 };
  }

  #row(username: string): Row | undefined {
    return this.#db
      .prepare('SELECT * FROM identity_accounts WHERE username = ?')
      .get(username.trim().toLowerCase()) as Row | undefined;
  }

  #required(username: string): Row {
    const row = this.#row(username);
    if (!row) throw new Error(`No account named "${username.trim().toLowerCase()}".`);
    return row;
  }
}
