import type { Contract } from './dispatch.ts';

/**
 * Oversight calls: extended-access requests and decisions (detective,
 * prosecutor, commissioner) and the supervisor's audit workspace. Merged into
 * the one workstation contract in contract.ts.
 */
export const oversightContract = {} satisfies Contract;
