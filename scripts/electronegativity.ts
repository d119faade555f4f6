import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/**
 * Electronegativity (Doyensec's Electron security scanner) over the Electron
 * shell's own code, main/electron and preload, offline, failing on any
 * finding not suppressed with a reason in scripts/electronegativity.json.
 *
 * The sources are TypeScript newer than the TypeScript parser the scanner
 * bundles, so they are first transpiled (types erased, nothing else
 * changed) into a scratch folder of the same layout, and that is scanned in
 * one run, so the scanner's global checks see the whole shell at once.
 *
 * A suppression names its checks, its file and the source text it sits on
 * (`at`, found again in the scanned file, so it survives edits that move
 * lines), and the reason it is a false positive. Suppressions that match
 * nothing are listed, so they do not outlive the code they were written for.
 *
 *   node scripts/electronegativity.ts          exit 1 on any finding left
 */

export interface Finding {
  check: string;
  /** Repository-relative source path (or "N/A" for whole-application findings). */
  file: string;
  line: number;
  severity: string;
  description: string;
}

export interface Suppression {
  checks: string[];
  file: string;
  /** Source text on the finding's line; omitted: any line of the file. */
  at?: string;
  reason: string;
}

export interface Config {
  inputs: string[];
  skip: string[];
  excludeChecks: Array<{ check: string; reason: string }>;
  suppress: Suppression[];
}

/**
 * Splits findings into those a suppression covers and those left, and names
 * the suppressions that covered nothing. `lineOf(file, text)` gives the
 * lines of the scanned file that contain the text.
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  linesOf: (file: string, text: string) => number[],
): { left: Finding[]; suppressed: Finding[]; unused: Suppression[] } {
  const used = new Set<Suppression>();
  const left: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const by = suppressions.find(
      (s) =>
        s.reason.trim().length > 0 &&
        s.checks.includes(f.check) &&
        s.file === f.file &&
        (s.at === undefined || linesOf(f.file, s.at).includes(f.line)),
    );
    if (by) {
      used.add(by);
      suppressed.push(f);
    } else left.push(f);
  }
  return { left, suppressed, unused: suppressions.filter((s) => !used.has(s)) };
}

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');

function sourcesOf(config: Config): string[] {
  const skip = config.skip.map((p) => new RegExp(p));
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|js|cjs|mjs|html)$/.test(e.name) && !skip.some((r) => r.test(path)))
        out.push(path);
    }
  };
  for (const input of config.inputs) walk(input);
  return out.sort();
}

/** Types erased, one output line per input line where TypeScript allows, modules kept as written. */
function transpile(source: string, file: string): string {
  if (!file.endsWith('.ts')) return source;
  return ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: false,
      removeComments: false,
    },
  }).outputText;
}

interface RawIssue {
  id: string;
  file: string;
  location?: { line?: number };
  severity?: { name?: string } | string;
  description?: string;
}

type Run = (
  options: Record<string, unknown>,
  forCli?: boolean,
) => Promise<{
  issues: RawIssue[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
}>;

/** Routes the scanner's `got` to a stub that fails at once: no request leaves the machine. */
function keepScannerOffline(): void {
  const stub = pathToFileURL(join(ROOT, 'scripts/electronegativity-offline-got.cjs')).href;
  registerHooks({
    resolve: (specifier, context, next) =>
      specifier === 'got'
        ? { url: stub, format: 'commonjs', shortCircuit: true }
        : next(specifier, context),
  });
}

async function main(): Promise<number> {
  const config = JSON.parse(
    readFileSync(join(ROOT, 'scripts/electronegativity.json'), 'utf8'),
  ) as Config;
  keepScannerOffline();
  const require = createRequire(import.meta.url);
  let run: Run;
  try {
    const mod = require('@doyensec/electronegativity') as Run | { default: Run };
    run = typeof mod === 'function' ? mod : mod.default;
  } catch {
    console.error(
      'electronegativity: @doyensec/electronegativity is not installed (npm ci installs it).',
    );
    return 1;
  }
  const electronVersion = (require('electron/package.json') as { version: string }).version;

  // Scratch copy: scanned path → repository path.
  const scratch = mkdtempSync(join(tmpdir(), 'anpr-electronegativity-'));
  const origin = new Map<string, string>();
  const scanned = new Map<string, string[]>();
  try {
    for (const file of sourcesOf(config)) {
      const text = transpile(readFileSync(join(ROOT, file), 'utf8'), file);
      const out = file.replace(/\.ts$/, '.js');
      mkdirSync(join(scratch, dirname(out)), { recursive: true });
      writeFileSync(join(scratch, out), text);
      origin.set(out, file);
      scanned.set(file, text.split('\n'));
    }
    const result = await run(
      {
        input: scratch,
        customScan: [],
        excludeFromScan: config.excludeChecks.map((c) => c.check.toLowerCase()),
        parserPlugins: [],
        isRelative: false,
        isVerbose: true,
        electronVersionOverride: electronVersion,
      },
      false,
    );

    const unparsed = result.errors.filter((e) => !e.tolerable);
    for (const e of unparsed)
      console.error(`electronegativity: could not parse ${e.file}: ${e.message}`);

    const findings: Finding[] = result.issues.map((i) => {
      const rel = i.file === 'N/A' ? 'N/A' : relative(scratch, i.file).split(sep).join('/');
      return {
        check: i.id,
        file: origin.get(rel) ?? rel,
        line: i.location?.line ?? 0,
        severity: typeof i.severity === 'string' ? i.severity : (i.severity?.name ?? 'UNRATED'),
        description: i.description ?? '',
      };
    });
    const { left, suppressed, unused } = applySuppressions(
      findings,
      config.suppress,
      (file, text) =>
        (scanned.get(file) ?? []).flatMap((l, i) => (l.includes(text) ? [i + 1] : [])),
    );

    for (const f of left)
      console.error(
        `electronegativity: ${f.severity} ${f.check} ${f.file}:${f.line} ${f.description}`,
      );
    for (const s of unused)
      console.warn(
        `electronegativity: suppression of ${s.checks.join(', ')} in ${s.file} matched nothing; remove what no longer applies`,
      );
    console.log(
      `electronegativity: ${origin.size} files, ${findings.length} findings, ${suppressed.length} suppressed with a reason, ${left.length} left` +
        (unparsed.length ? `, ${unparsed.length} files not parsed` : ''),
    );
    return left.length === 0 && unparsed.length === 0 && origin.size > 0 ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exitCode = await main();
