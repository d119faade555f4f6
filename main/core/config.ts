import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { Locale, PolicyPackId } from '../../common/api/contract.ts';
import { TileUrlTemplate, TimeZone } from '../../common/settings.ts';
import { workstationDbPath } from './store/paths.ts';

/**
 * Workstation configuration, from the environment (documented in the README).
 * Parsed with zod so a typo gives a clear message at start instead of odd
 * behaviour later.
 */
export const WorkstationConfig = z.object({
  version: z.string(),
  platformUrl: z.url({ protocol: /^https?$/ }),
  dataDir: z.string().min(1),
  policyPack: PolicyPackId,
  locale: Locale,
  idleLockMinutes: z.coerce.number().int().min(1).max(30),
  /** New queries are refused when more local audit entries than this await upload... */
  auditMaxUnsynced: z.coerce.number().int().min(1).max(100_000),
  /** ...or when the oldest has waited longer than this (minutes). */
  auditMaxUnsyncedMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  /** Largest tolerated difference between our clock and the platform's. */
  maxClockSkewSeconds: z.coerce.number().int().min(5).max(3600),
  /** Optional agency tile server (`https://tiles.example/{z}/{x}/{y}.png`); empty = offline basemap only. */
  tileUrl: z.union([z.literal(''), TileUrlTemplate]).default(''),
  tileAttribution: z.string().max(300).default(''),
  /** Optional local PMTiles basemap (full path); wins over the tile URL. */
  pmtilesFile: z.string().default(''),
  /** Zone times are shown in until the officer picks one in settings. */
  timeZone: TimeZone,
});
export type WorkstationConfig = z.infer<typeof WorkstationConfig>;

/** Where releases before 0.2 kept the data, on every OS. */
export const LEGACY_DATA_DIR = join(homedir(), '.local', 'share', 'anpr-workstation');

/**
 * The data folder when ANPR_DATA_DIR is not set. Under Electron it is the
 * app's userData folder, which is the per-OS convention (%APPDATA% on
 * Windows, ~/Library/Application Support on macOS, ~/.config on Linux).
 * A workstation database already in the folder earlier releases used wins:
 * it holds the device's audit chain, possibly not yet uploaded, and its
 * case stores, which a silent move to an empty folder would orphan.
 */
export function defaultDataDir(
  appDataDir: string | undefined,
  hasWorkstationDb: (dir: string) => boolean = (dir) => existsSync(workstationDbPath(dir)),
): string {
  if (!appDataDir) return LEGACY_DATA_DIR;
  if (!hasWorkstationDb(appDataDir) && hasWorkstationDb(LEGACY_DATA_DIR)) return LEGACY_DATA_DIR;
  return appDataDir;
}

/**
 * `defaults.dataDir`: the shell's own data folder (Electron: userData); the
 * browser shell passes none and keeps ~/.local/share/anpr-workstation.
 */
export function configFromEnv(
  env: NodeJS.ProcessEnv,
  version: string,
  defaults: { dataDir?: string } = {},
): WorkstationConfig {
  const parsed = WorkstationConfig.safeParse({
    version,
    platformUrl: env.ANPR_PLATFORM_URL ?? 'http://127.0.0.1:7443',
    dataDir: env.ANPR_DATA_DIR ?? defaultDataDir(defaults.dataDir),
    policyPack: env.ANPR_POLICY ?? 'be',
    locale: env.ANPR_LOCALE ?? 'en',
    idleLockMinutes: env.ANPR_IDLE_LOCK_MINUTES ?? 15,
    maxClockSkewSeconds: env.ANPR_MAX_CLOCK_SKEW_SECONDS ?? 120,
    auditMaxUnsynced: env.ANPR_AUDIT_MAX_UNSYNCED ?? 1000,
    auditMaxUnsyncedMinutes: env.ANPR_AUDIT_MAX_UNSYNCED_MINUTES ?? 24 * 60,
    tileUrl: env.ANPR_TILE_URL ?? '',
    tileAttribution: env.ANPR_TILE_ATTRIBUTION ?? '',
    pmtilesFile: env.ANPR_PMTILES ?? '',
    timeZone:
      env.ANPR_TIME_ZONE || (env.ANPR_POLICY === 'dk' ? 'Europe/Copenhagen' : 'Europe/Brussels'),
  });
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid workstation configuration (${details})`);
  }
  return parsed.data;
}
