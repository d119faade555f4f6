import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatZodError } from '../../common/api/dispatch.ts';
import { ApiError } from '../../common/api/result.ts';
import {
  DEFAULT_SETTINGS,
  LOCAL_PMTILES_PATH,
  Settings,
  SettingsPatch,
  tileUrlOrigin,
  type MapBasemap,
} from '../../common/settings.ts';
import type { WorkstationConfig } from './config.ts';

/**
 * The officer's settings (language, theme, display time zone, basemap),
 * kept in `settings.json` in the data directory so they survive a restart.
 *
 * Nothing in it is secret (no plate, token or key), so it is a plain file;
 * it is written whole to a temporary file and renamed, so a crash never
 * leaves half a file. A file that no longer validates (hand-edited, or from
 * a build with other options) is set aside as `settings.invalid.json` and
 * the defaults apply: the officer is told, nothing is silently lost.
 *
 * The CSP is derived from these settings, so the only third-party origin the
 * renderer may ever reach is a tile server the officer (or agency) chose.
 */
export interface SettingsService {
  get(): Settings;
  /** Validates, checks a PMTiles file exists and is one, persists; throws ApiError INVALID_ARGUMENT. */
  update(patch: unknown): Promise<Settings>;
  /** What the map needs (a PMTiles path becomes the same-origin URL the shell serves it on). */
  mapBasemap(): MapBasemap;
  /** The tile server origin the CSP must admit, or null. */
  tileOrigin(): string | null;
  /** The configured PMTiles file, or null. */
  pmtilesFile(): string | null;
  /** Why the saved file was set aside at start, if it was (shown once in the settings screen). */
  readonly loadProblem: string | null;
}

/** Defaults for a fresh workstation: the environment's choices (agency deployment) over ours. */
export function defaultSettings(config: WorkstationConfig): Settings {
  const basemap: Settings['basemap'] = config.pmtilesFile
    ? { kind: 'pmtiles', path: config.pmtilesFile }
    : config.tileUrl
      ? { kind: 'tiles', url: config.tileUrl, attribution: config.tileAttribution }
      : { kind: 'offline' };
  return {
    ...DEFAULT_SETTINGS,
    locale: config.locale,
    timeZone: config.timeZone,
    basemap,
  };
}

export function openSettings(dataDir: string, defaults: Settings): SettingsService {
  const file = join(dataDir, 'settings.json');
  let loadProblem: string | null = null;
  let current = defaults;
  let raw: string | null = null;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (raw !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    // Fields a newer default added are filled in; fields that are wrong are not guessed.
    const result = Settings.safeParse(
      parsed && typeof parsed === 'object' ? { ...defaults, ...parsed } : parsed,
    );
    if (result.success) current = result.data;
    else {
      loadProblem =
        parsed === undefined
          ? 'The saved settings file was not valid JSON; defaults apply.'
          : `The saved settings were invalid (${formatZodError(result.error)}); defaults apply.`;
      renameSync(file, join(dataDir, 'settings.invalid.json'));
    }
  }

  const save = async (next: Settings) => {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  };

  return {
    get: () => current,
    async update(patch) {
      const parsed = SettingsPatch.safeParse(patch);
      if (!parsed.success) throw new ApiError('INVALID_ARGUMENT', formatZodError(parsed.error));
      const next = Settings.parse({ ...current, ...parsed.data });
      if (next.basemap.kind === 'pmtiles') {
        const problem = pmtilesProblem(next.basemap.path);
        if (problem) throw new ApiError('INVALID_ARGUMENT', problem);
      }
      await save(next);
      current = next;
      return current;
    },
    mapBasemap() {
      const b = current.basemap;
      if (b.kind === 'tiles') return { kind: 'tiles', url: b.url, attribution: b.attribution };
      if (b.kind === 'pmtiles') return { kind: 'pmtiles', url: LOCAL_PMTILES_PATH };
      return { kind: 'offline' };
    },
    tileOrigin: () =>
      current.basemap.kind === 'tiles' ? tileUrlOrigin(current.basemap.url) : null,
    pmtilesFile: () => (current.basemap.kind === 'pmtiles' ? current.basemap.path : null),
    get loadProblem() {
      return loadProblem;
    },
  };
}

/**
 * Why a path cannot serve as the PMTiles basemap, in the officer's terms, or
 * null. Checked when the setting is saved, so a typo is caught at the field
 * rather than as a blank map later.
 */
export function pmtilesProblem(path: string): string | null {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return `Not a file: ${path}`;
    size = st.size;
  } catch {
    return `No file at ${path}`;
  }
  const head = Buffer.alloc(8);
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 8, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return `The file cannot be read: ${path}`;
  }
  // PMTiles v3: "PMTiles" then the spec version byte, in a 127-byte header.
  if (size < 127 || head.subarray(0, 7).toString('latin1') !== 'PMTiles')
    return `Not a PMTiles file: ${path}`;
  if (head[7] !== 3) return `PMTiles version ${head[7]} is not supported (version 3 is).`;
  return null;
}
