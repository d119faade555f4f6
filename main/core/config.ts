import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { Locale, PolicyPackId } from '../../common/api/contract.ts';
import { TileUrlTemplate, TimeZone } from '../../common/settings.ts';

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

export function configFromEnv(env: NodeJS.ProcessEnv, version: string): WorkstationConfig {
  const parsed = WorkstationConfig.safeParse({
    version,
    platformUrl: env.ANPR_PLATFORM_URL ?? 'http://127.0.0.1:7443',
    dataDir: env.ANPR_DATA_DIR ?? join(homedir(), '.local', 'share', 'anpr-workstation'),
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
