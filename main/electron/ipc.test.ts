import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { methodNames } from '../../common/api/contract.ts';
import { configFromEnv } from '../core/config.ts';
import { createWorkstation } from '../core/workstation.ts';
import { channelFor, registerIpc, type IpcEventLike, type IpcMainLike } from './ipc.ts';

/**
 * The only fake in the suite: Electron's ipcMain cannot run here, so a
 * two-line stand-in records the handlers registerIpc installs. Everything
 * behind it (dispatch, validation, services) is the real code.
 */
function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  return { ipc, handlers };
}

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'anpr-ipc-'));
  const workstation = createWorkstation(configFromEnv({ ANPR_DATA_DIR: dataDir }, '0.0.0-test'));
  const { ipc, handlers } = fakeIpcMain();
  const errors: string[] = [];
  registerIpc(ipc, workstation, (method) => errors.push(method));
  const call = (name: string, url: string | null, input: unknown) =>
    handlers.get(channelFor(name))!({ senderFrame: url === null ? null : { url } }, input);
  return { handlers, call, errors };
}

describe('Electron IPC wiring', () => {
  it('registers exactly one handler per API method', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(methodNames.map(channelFor).sort());
  });

  it('serves calls from the app:// origin', async () => {
    const { call } = setup();
    expect(await call('app.info', 'app://workstation/index.html', {})).toMatchObject({
      ok: true,
      value: { transport: 'electron' },
    });
  });

  it('refuses a call from a foreign origin before it reaches any service', async () => {
    const { call, errors } = setup();
    const refused = await call('settings.update', 'https://evil.example/', { theme: 'dark' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('settings.update', null, { theme: 'dark' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // The refused calls changed nothing.
    expect(await call('settings.get', 'app://workstation/', {})).toMatchObject({
      ok: true,
      value: { theme: 'system' },
    });
    expect(errors).toEqual(['settings.update', 'settings.update']);
  });

  it('refuses an invalid argument with a clear error', async () => {
    const { call } = setup();
    const result = await call('settings.update', 'app://workstation/', { theme: 'neon' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect((result as { error: { message: string } }).error.message).toMatch(/theme/);
  });
});
