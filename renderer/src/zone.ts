/**
 * The zone times are shown and typed in: the officer's setting
 * (`Settings.timeZone`), Europe/Brussels until the settings arrive. Reads,
 * logs and the platform keep UTC instants; only what the officer sees and
 * types is local, so the same read shows 08:15 in Brussels and 02:15 in
 * New York.
 *
 * The zone is module state read at render time: the app sets it before the
 * workspace renders and remounts the workspace when it changes, so nothing
 * formatted here outlives a zone change. The zone math itself is
 * common/time-zone.ts; the wrappers here only default the zone.
 */
import {
  DEFAULT_SETTINGS,
  isKnownTimeZone,
  zoneLabel as commonZoneLabel,
} from '../../common/settings.ts';
import {
  type WallFields,
  type WallTime,
  wallTime as wallTimeIn,
  zonedInstant as zonedInstantIn,
  zoneOffsetMs as zoneOffsetIn,
} from '../../common/time-zone.ts';

export const DEFAULT_DISPLAY_ZONE = DEFAULT_SETTINGS.timeZone;

let current = DEFAULT_DISPLAY_ZONE;

/**
 * Shows and reads times in `zone` from now on. An IANA name this browser's
 * Intl does not know (older ICU than the workstation's) is refused and the
 * zone stays as it was: returns false, so the caller can say so.
 */
export function setDisplayZone(zone: string): boolean {
  if (!isKnownTimeZone(zone)) return false;
  current = zone;
  return true;
}

/** The IANA zone times are shown in. */
export function displayZone(): string {
  return current;
}

/** The wall clock in `zone` (the display zone unless given) at instant `ms`. */
export function wallTime(ms: number, zone: string = current): WallTime {
  return wallTimeIn(ms, zone);
}

/** How far the display zone's (or `zone`'s) clock is ahead of UTC at `ms`. */
export function zoneOffsetMs(ms: number, zone: string = current): number {
  return zoneOffsetIn(ms, zone);
}

/**
 * The instant a wall-clock time in the display zone (or `zone`) names, or
 * null when out of range; gaps and overlaps as in common/time-zone.ts.
 */
export function zonedInstant(w: WallFields, zone: string = current): number | null {
  return zonedInstantIn(w, zone);
}

/** Short name of a zone for labels, "Time (Brussels)" (see common/settings.ts). */
export function zoneLabel(zone: string = current, language = 'en'): string {
  return commonZoneLabel(zone, language);
}
