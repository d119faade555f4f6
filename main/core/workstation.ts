import type { Handlers } from '../../common/api/dispatch.ts';
import type { AppInfo, Settings, WorkstationContract } from '../../common/api/contract.ts';
import type { WorkstationConfig } from './config.ts';

/**
 * The workstation's services behind the API contract. Both shells (Electron
 * and the browser host) build exactly one of these and hand it to their
 * transport; nothing here knows which transport is in use except `app.info`.
 */
export interface Workstation {
  handlers: Handlers<WorkstationContract, CallContext>;
  close(): Promise<void>;
}

/** What a transport knows about a call (never trusted for authorisation by services). */
export interface CallContext {
  transport: AppInfo['transport'];
}

export function createWorkstation(config: WorkstationConfig): Workstation {
  let settings: Settings = { locale: config.locale, theme: 'system' };

  const handlers: Workstation['handlers'] = {
    'app.info': (_input, ctx) => ({
      name: 'ANPR Workstation',
      version: config.version,
      transport: ctx.transport,
      platformUrl: config.platformUrl,
      policyPack: config.policyPack,
      dataDir: config.dataDir,
    }),
    'session.status': () => ({
      state: 'signed-out',
      officer: null,
      activeRole: null,
      idleLockMinutes: config.idleLockMinutes,
      blockedReason: null,
    }),
    'settings.get': () => settings,
    'settings.update': (patch) => {
      settings = { ...settings, ...patch };
      return settings;
    },
  };

  return {
    handlers,
    async close() {},
  };
}
