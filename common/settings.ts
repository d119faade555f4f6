import { z } from 'zod';

/**
 * Officer-facing settings of the workstation, shared by the settings screen,
 * the workstation (which persists them and derives the CSP from them) and
 * the map. Validated here so a bad value is refused at the boundary with a
 * message the settings screen can show next to the field.
 */

export const Locale = z.enum(['en', 'nl', 'fr']);
export type Locale = z.infer<typeof Locale>;

/** True when this runtime's Intl knows the IANA zone (`Europe/Brussels`, `America/Chicago`). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone times are shown in; reads keep their UTC instant whatever it is. */
export const TimeZone = z.string().min(1).max(64).refine(isKnownTimeZone, {
  message: 'Unknown time zone (use an IANA name such as Europe/Brussels).',
});

/**
 * An agency tile server: http(s) with `{z}`, `{x}` and `{y}` placeholders.
 * Its origin is the only third-party origin the CSP ever admits.
 */
export const TileUrlTemplate = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .refine((v) => tileUrlOrigin(v) !== null, {
    message: 'The tile URL must be an http(s) address with {z}, {x} and {y} in it.',
  });

/** Origin of a tile URL template, or null when it is not an http(s) template with z/x/y. */
export function tileUrlOrigin(template: string): string | null {
  if (!/\{z\}/.test(template) || !/\{x\}/.test(template) || !/\{-?y\}/.test(template)) return null;
  try {
    const url = new URL(template.replace(/\{-?[a-z]\}/g, '0'));
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Absolute on POSIX (`/srv/maps/be.pmtiles`) or Windows (`D:\maps\be.pmtiles`). */
const AbsolutePath = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p) && !p.includes('\0'), {
    message: 'Give the full path of the .pmtiles file.',
  });

/**
 * Where the map's background comes from. `offline`: the basemap shipped in
 * the app (no network at all). `tiles`: an agency raster tile server.
 * `pmtiles`: a local vector PMTiles file (e.g. a Protomaps extract), read by
 * the workstation and served to the map from its own origin.
 */
export const Basemap = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offline') }).strict(),
  z
    .object({
      kind: z.literal('tiles'),
      url: TileUrlTemplate,
      attribution: z.string().trim().max(300).default(''),
    })
    .strict(),
  z.object({ kind: z.literal('pmtiles'), path: AbsolutePath }).strict(),
]);
export type Basemap = z.infer<typeof Basemap>;

/** Same-origin path under which the workstation serves the configured PMTiles file. */
export const LOCAL_PMTILES_PATH = '/pmtiles/basemap.pmtiles';

/** What the map needs to draw the background (the renderer never sees file paths it cannot use). */
export const MapBasemap = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offline') }),
  z.object({ kind: z.literal('tiles'), url: z.string(), attribution: z.string() }),
  z.object({ kind: z.literal('pmtiles'), url: z.string() }),
]);
export type MapBasemap = z.infer<typeof MapBasemap>;

export const Theme = z.enum(['system', 'light', 'dark']);

export const Settings = z.object({
  locale: Locale,
  theme: Theme,
  timeZone: TimeZone,
  basemap: Basemap,
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Used until the workstation answers, and as the base a partial settings file is merged onto. */
export const DEFAULT_SETTINGS: Settings = {
  locale: 'en',
  theme: 'system',
  timeZone: 'Europe/Brussels',
  basemap: { kind: 'offline' },
};

/** Cities whose name the officer's language spells differently from the IANA name. */
const CITY_NAMES: Record<string, Partial<Record<string, string>>> = {
  'Europe/Brussels': { nl: 'Brussel', fr: 'Bruxelles' },
  'Europe/Copenhagen': { nl: 'Kopenhagen', fr: 'Copenhague' },
  'Europe/London': { nl: 'Londen', fr: 'Londres' },
  'Europe/Paris': { nl: 'Parijs' },
  'Europe/Luxembourg': { nl: 'Luxemburg' },
};

/**
 * Short name of a zone for labels, "Time (Brussels)": the city of the IANA
 * name ("New York", "Lord Howe"), in the officer's language where we know
 * it; zones without a city (UTC, Etc/GMT+5) keep their name.
 */
export function zoneLabel(zone: string, language = 'en'): string {
  const localised = CITY_NAMES[zone]?.[language.slice(0, 2)];
  if (localised) return localised;
  if (!zone.includes('/') || zone.startsWith('Etc/')) return zone.replace(/^Etc\//, '');
  return zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ');
}
