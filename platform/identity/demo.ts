import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../common/officer.ts';
import type { Db } from '../store/sqlite.ts';
import { AccountStore } from './accounts.ts';
import { loadOrCreateSecret } from './keys.ts';
import { migrateIdentity } from './migrations.ts';
import { passwordFromBytes } from './passwords.ts';
import { newTotpSecret, totpUri } from './totp.ts';

/**
 * Demo officers for a demo or test data directory. Credentials are derived
 * from a random seed kept in that directory's database: the same data dir
 * always yields the same credentials (seeding twice is harmless), another
 * data dir gets different ones. Never use this on a real deployment.
 */

export interface DemoAccount {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  password: string;
  totpSecret: string;
  otpauthUri: string;
}

export const DEMO_OFFICERS: ReadonlyArray<{
  username: string;
  displayName: string;
  roles: Role[];
}> = [
  // detective1 also supervises, so switching workspace can be shown.
  { username: 'detective1', displayName: 'Insp. An Peeters', roles: ['detective', 'supervisor'] },
  { username: 'detective2', displayName: 'Insp. Lucas Dubois', roles: ['detective'] },
  { username: 'prosecutor1', displayName: 'Subst. Sofie Claes', roles: ['prosecutor'] },
  { username: 'supervisor1', displayName: 'Comm. Marc Janssens', roles: ['supervisor'] },
  { username: 'commissioner1', displayName: 'Hoofdcomm. Els Maes', roles: ['commissioner'] },
  { username: 'admin1', displayName: 'Beheerder Tom Wouters', roles: ['admin'] },
  // A detective whose activity the demo shows as misuse for supervisors to find.
  { username: 'abuser1', displayName: 'Insp. Kevin Mertens', roles: ['detective'] },
];

export const DEMO_ACCOUNTS_FILE = 'demo-accounts.json';

export async function seedDemoAccounts(
  db: Db,
  clock: () => Date,
  options: { dataDir?: string; scryptLog2N?: number } = {},
): Promise<DemoAccount[]> {
  migrateIdentity(db, clock);
  const seed = Buffer.from(
    loadOrCreateSecret(db, 'demo.seed', () => randomBytes(32).toString('hex'), clock),
    'hex',
  );
  const derive = (label: string) => createHmac('sha256', seed).update(label).digest();
  const store = new AccountStore(
    db,
    clock,
    options.scryptLog2N ? { scryptLog2N: options.scryptLog2N } : {},
  );

  const result: DemoAccount[] = [];
  for (const officer of DEMO_OFFICERS) {
    const password = passwordFromBytes(derive(`password:${officer.username}`));
    const totpSecret = newTotpSecret(derive(`totp:${officer.username}`).subarray(0, 20));
    let account = store.byUsername(officer.username);
    if (!account) {
      account = (await store.create({ ...officer, password, totpSecret })).account;
    } else {
      // Re-seeding restores the documented credentials (demo data dirs only).
      await store.setPassword(officer.username, password);
      store.resetTotp(officer.username, totpSecret);
      store.setRoles(officer.username, officer.roles);
      store.unlock(officer.username);
    }
    result.push({
      id: account.id,
      username: account.username,
      displayName: account.displayName,
      roles: officer.roles,
      password,
      totpSecret,
      otpauthUri: totpUri(totpSecret, officer.username),
    });
  }

  if (options.dataDir) {
    const file = join(options.dataDir, DEMO_ACCOUNTS_FILE);
    writeFileSync(
      file,
      JSON.stringify(
        { warning: 'Demo credentials. Never use on real data.', accounts: result },
        null,
        2,
      ) + '\n',
      {
        mode: 0o600,
      },
    );
    chmodSync(file, 0o600);
  }
  return result;
}
