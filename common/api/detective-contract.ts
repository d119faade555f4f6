import type { Contract } from './dispatch.ts';

/**
 * Detective workspace calls (map data, analyses, timeline, exports). Merged
 * into the one workstation contract in contract.ts.
 */
export const detectiveContract = {} satisfies Contract;
