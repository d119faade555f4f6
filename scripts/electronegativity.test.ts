import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applySuppressions, type Config, type Finding } from './electronegativity.ts';

const finding = (over: Partial<Finding> = {}): Finding => ({
  check: 'CONTEXT_ISOLATION_JS_CHECK',
  file: 'main/electron/index.ts',
  line: 12,
  severity: 'HIGH',
  description: 'Review the use of the contextIsolation option',
  ...over,
});

const source: Record<string, string[]> = {
  'main/electron/index.ts': ['', 'x', 'y']
    .concat(Array(8).fill(''))
    .concat(['win = new BrowserWindow({']),
};
const linesOf = (file: string, text: string) =>
  (source[file] ?? []).flatMap((l, i) => (l.includes(text) ? [i + 1] : []));

describe('Electronegativity suppressions', () => {
  const spread = {
    checks: ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK'],
    file: 'main/electron/index.ts',
    at: 'new BrowserWindow(',
    reason: 'webPreferences come from the spread secureWebPreferences',
  };

  it('suppresses only the named checks, in the named file, on the line holding the named text', () => {
    const r = applySuppressions(
      [
        finding(),
        finding({ check: 'SANDBOX_JS_CHECK' }),
        finding({ line: 3 }), // same check elsewhere in the file: a real finding
        finding({ check: 'OPEN_EXTERNAL_JS_CHECK' }),
        finding({ file: 'preload/index.ts' }),
      ],
      [spread],
      linesOf,
    );
    expect(r.suppressed).toHaveLength(2);
    expect(r.left.map((f) => [f.check, f.file, f.line])).toEqual([
      ['CONTEXT_ISOLATION_JS_CHECK', 'main/electron/index.ts', 3],
      ['OPEN_EXTERNAL_JS_CHECK', 'main/electron/index.ts', 12],
      ['CONTEXT_ISOLATION_JS_CHECK', 'preload/index.ts', 12],
    ]);
    expect(r.unused).toEqual([]);
  });

  it('never suppresses without a reason, and lists suppressions that match nothing', () => {
    const silent = { ...spread, reason: '  ' };
    expect(applySuppressions([finding()], [silent], linesOf)).toMatchObject({
      left: [finding()],
      unused: [silent],
    });
  });

  it('has a reason for every suppression and excluded check, and scans folders that exist', () => {
    const config = JSON.parse(
      readFileSync(new URL('./electronegativity.json', import.meta.url), 'utf8'),
    ) as Config;
    expect(config.inputs).toEqual(['main/electron', 'preload']);
    for (const input of config.inputs)
      expect(existsSync(new URL(`../${input}`, import.meta.url)), input).toBe(true);
    for (const s of [...config.suppress, ...config.excludeChecks])
      expect(s.reason.length, JSON.stringify(s)).toBeGreaterThan(40);
    // The scan is offline: the one check that downloads Electron's release list is off.
    expect(config.excludeChecks.map((c) => c.check)).toContain('AvailableSecurityFixesGlobalCheck');
    // Suppressions in source files point at text that is still there.
    for (const s of config.suppress.filter((x) => x.file !== 'N/A' && x.at)) {
      expect(
        readFileSync(new URL(`../${s.file}`, import.meta.url), 'utf8'),
        `${s.file}: ${s.at}`,
      ).toContain(s.at);
    }
  });
});
