/** Shared shapes of the map's public props. */
import type { Camera, PlateAlternative } from '../../../common/read.ts';
import type { z } from 'zod';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export type { Camera };

/** A read as the sighting layer needs it (see `sightingFromRead`). */
export interface MapSighting {
  id: string;
  lat: number;
  lon: number;
  /** ISO-8601 with offset. */
  at: string;
  unitId: string;
  direction: string | null;
  confidence: number;
  plate?: string;
  /** Site name of the camera, when known. */
  camera?: string;
  alternatives?: ReadonlyArray<z.infer<typeof PlateAlternative>>;
  /** Marker colour, e.g. the colour of the vehicle's route. */
  colour?: string;
}

/** A hotlist hit as the hit layer needs it (#14): its read's place and the category already named. */
export interface MapHotlistHit {
  id: string;
  lat: number;
  lon: number;
  /** ISO-8601 with offset. */
  at: string;
  unitId: string;
  /** Site name of the camera, when known. */
  camera?: string;
  plate?: string;
  /** The category as shown to the officer, e.g. "10 · SIS II alert …". */
  category: string;
  /** Its number alone ('' for a hit without one), for the legend. */
  code: string;
  /** Ring colour: the category's group. */
  colour: string;
}
