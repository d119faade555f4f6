import type { detectiveContract } from '../../common/api/detective-contract.ts';
import type { Handlers } from '../../common/api/dispatch.ts';
import type { CallContext, WorkstationServices } from './services.ts';

/** Handlers of the detective workspace (analyses, map data, exports). */
export function detectiveHandlers(
  _s: WorkstationServices,
): Handlers<typeof detectiveContract, CallContext> {
  return {};
}
