import type { AppInfo } from '../../common/api/contract.ts';
import type { PolicyPack } from '../../common/policy.ts';
import type { Session } from './auth/session.ts';
import type { createCaseService } from './cases.ts';
import type { WorkstationConfig } from './config.ts';
import type { OfficerServices } from './officer-services.ts';
import type { PlatformClient } from './platform-client.ts';
import type { PullManager } from './pulls.ts';
import type { SettingsService } from './settings.ts';
import type { CaseStores } from './store/case-stores.ts';

/** What a transport knows about a call (never trusted for authorisation by services). */
export interface CallContext {
  transport: AppInfo['transport'];
}

/**
 * The workstation's services, handed to each area's handler factory
 * (detective.ts, oversight.ts) so areas stay in their own modules.
 */
export interface WorkstationServices {
  config: WorkstationConfig;
  clock: () => Date;
  pack: PolicyPack;
  session: Session;
  platform: PlatformClient;
  stores: CaseStores;
  cases: ReturnType<typeof createCaseService>;
  pulls: PullManager;
  /** Local audit chain (record, assertCanQuery), sync and retention of the signed-in officer. */
  officer: OfficerServices;
  /** The officer's settings (display zone, basemap). */
  settings: SettingsService;
}
