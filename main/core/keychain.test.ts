/* Runs against the real Secret Service: scripts/with-keyring.sh npx vitest run main/core/keychain.test.ts */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkKeychain, createKeytarStore, KeychainUnavailableError } from './keychain.ts';
import { allFiles } from './store/fixtures/scan.ts';

const service = `ANPR Workstation (test ${randomBytes(4).toString('hex')})`;

describe('keychain (real Secret Service)', () => {
  it('round-trips, reports absence, and deletes', async () => {
    const store = createKeytarStore(service);
    await checkKeychain(store);
    const secret = randomBytes(32).toString('hex');
    expect(await store.get('case:c1')).toBeNull();
    await store.set('case:c1', secret);
    expect(await store.get('case:c1')).toBe(secret);
    expect(await store.delete('case:c1')).toBe(true);
    expect(await store.get('case:c1')).toBeNull();
    expect(await store.delete('case:c1')).toBe(false);
  });

  it('without a reachable keychain: KeychainUnavailableError with a plain explanation, and nothing written', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'anpr-nokeyring-')), 'data');
    try {
      const child = fileURLToPath(new URL('./store/fixtures/keychain-child.ts', import.meta.url));
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/anpr-test-bus',
      };
      delete env.DISPLAY;
      const result = await new Promise<Record<string, { name: string; message: string }>>(
        (resolve, reject) => {
          const proc = fork(child, [dataDir], {
            env,
            execArgv: [],
            stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
          });
          let stderr = '';
          proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
          proc.once('message', (m) =>
            resolve(m as Record<string, { name: string; message: string }>),
          );
          proc.once('exit', (code) =>
            reject(new Error(`child exited (${code}) without reporting: ${stderr}`)),
          );
        },
      );
      for (const r of [result.caseResult!, result.workstationResult!]) {
        expect(r.name).toBe('KeychainUnavailableError');
        expect(r.message).toMatch(/system keychain cannot be reached/);
        expect(r.message).toMatch(/never stores them in plaintext/);
        expect(r.message).toMatch(/Unlock your system keyring/);
      }
      expect(allFiles(dataDir)).toEqual([]);
    } finally {
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  });

  it('maps a keytar that cannot even load to KeychainUnavailableError', async () => {
    const broken = createKeytarStore(service, () =>
      Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file')),
    );
    const error = await broken.get('workstation-db').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeychainUnavailableError);
    expect((error as KeychainUnavailableError).detail).toMatch(/libsecret/);
    await expect(checkKeychain(broken)).rejects.toBeInstanceOf(KeychainUnavailableError);
  });
});
