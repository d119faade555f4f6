import type { oversightContract } from '../../common/api/oversight-contract.ts';
import type { Handlers } from '../../common/api/dispatch.ts';
import type { CallContext, WorkstationServices } from './services.ts';

/** Handlers of extended-access requests and the prosecutor and supervisor workspaces. */
export function oversightHandlers(
  _s: WorkstationServices,
): Handlers<typeof oversightContract, CallContext> {
  return {};
}
