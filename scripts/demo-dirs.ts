import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the demo keeps its data, shared by `npm run demo` and
 * `npm run demo:code`: the code must come from the accounts of the platform
 * the officer is signing in to, whatever --data-dir the demo was given.
 */
export interface DemoRun {
  dataDir: string;
  policy: string;
  size: string;
}

/** The default data directory; each size has its own (a loaded world is never resized). */
export function demoDataDir(root: string, policy: string, size: string): string {
  return join(root, '.data', size === 'demo' ? `demo-${policy}` : `demo-${policy}-${size}`);
}

const lastFile = (root: string) => join(root, '.data', 'demo-last.json');

/** Records the data directory the demo runs on, for demo:code. */
export function recordLastDemo(root: string, run: DemoRun): void {
  mkdirSync(join(root, '.data'), { recursive: true });
  writeFileSync(lastFile(root), JSON.stringify(run, null, 2) + '\n');
}

/** The demo run recorded last, if any (and if its file still reads). */
export function lastDemo(root: string): DemoRun | null {
  if (!existsSync(lastFile(root))) return null;
  try {
    const run = JSON.parse(readFileSync(lastFile(root), 'utf8')) as Partial<DemoRun>;
    return typeof run.dataDir === 'string'
      ? { dataDir: run.dataDir, policy: String(run.policy), size: String(run.size) }
      : null;
  } catch {
    return null;
  }
}

/**
 * A path the user typed: npm runs scripts from the project root, so a
 * relative path is taken from where npm was started (INIT_CWD).
 */
export function resolveUserPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.INIT_CWD ?? process.cwd(), path);
}
