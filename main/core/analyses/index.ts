/**
 * The detective's route analyses. Each one is `(source, params) => result`,
 * synchronous (it runs where the case store's handle lives), with zod schemas
 * for both sides so the API contract can reuse them as they are.
 */
import { convoy, ConvoyParams, ConvoyResult } from './convoy.ts';
import { firstLastSeen, FirstLastSeenParams, FirstLastSeenResult } from './first-last-seen.ts';
import {
  impossibleJourneys,
  ImpossibleJourneysParams,
  ImpossibleJourneysResult,
} from './impossible-journeys.ts';
import { locate, LocateParams, LocateResult } from './locate.ts';
import { multiPlace, MultiPlaceParams, MultiPlaceResult } from './multi-place.ts';
import { plateSearch, PlateSearchParams, PlateSearchResult } from './plate-search.ts';
import { stakeout, StakeoutParams, StakeoutResult } from './stakeout.ts';

export * from './convoy.ts';
export * from './first-last-seen.ts';
export * from './impossible-journeys.ts';
export * from './locate.ts';
export * from './multi-place.ts';
export * from './plate-search.ts';
export * from './stakeout.ts';
export { AreaVehicle } from './area-reads.ts';
export { Sighting, MAX_AREA_WINDOW_MS } from './schemas.ts';
export type { AnalysisSource, SourceRead, TimeRange, PlateStats, UnitInfo } from './source.ts';
export { sqliteSource } from './sqlite-source.ts';
export { memorySource, type MemoryRead } from './memory-source.ts';

/** Every analysis by kind (the `kind` recorded in the case store's analyses table). */
export const analyses = {
  plateSearch: { params: PlateSearchParams, result: PlateSearchResult, run: plateSearch },
  stakeout: { params: StakeoutParams, result: StakeoutResult, run: stakeout },
  multiPlace: { params: MultiPlaceParams, result: MultiPlaceResult, run: multiPlace },
  convoy: { params: ConvoyParams, result: ConvoyResult, run: convoy },
  locate: { params: LocateParams, result: LocateResult, run: locate },
  impossibleJourneys: {
    params: ImpossibleJourneysParams,
    result: ImpossibleJourneysResult,
    run: impossibleJourneys,
  },
  firstLastSeen: { params: FirstLastSeenParams, result: FirstLastSeenResult, run: firstLastSeen },
} as const;
export type AnalysisKind = keyof typeof analyses;
