import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What the installers contain, checked with electron-builder's own code
 * (its config loader and schema, its file matchers, its fuse flipping) against
 * electron-builder.yml, so a change to the file that would ship a broken or
 * bloated installer fails here, without the Electron binary.
 */
const root = process.cwd();
const load = createRequire(join(root, 'package.json'));
const lib = (p: string): unknown => load(`app-builder-lib/out/${p}`);

type Config = {
  files?: unknown;
  afterPack?: string | null;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  electronFuses?: Record<string, boolean>;
  deb?: { depends?: string[] };
  win?: { target?: unknown; files?: unknown };
  msi?: { perMachine?: boolean; upgradeCode?: string };
  linux?: { files?: unknown };
  mac?: { files?: unknown };
};
type Stat = { isDirectory(): boolean; moduleFullFilePath?: string };
type Filter = (file: string, stat: Stat) => boolean;
type Matcher = { createFilter(): Filter };

const { getConfig, validateConfiguration } = lib('util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, debugLogger: { isEnabled: boolean }): Promise<void>;
};
const { getMainFileMatchers, getNodeModuleFileMatcher } = lib('fileMatcher.js') as {
  getMainFileMatchers(...args: unknown[]): Matcher[];
  getNodeModuleFileMatcher(...args: unknown[]): Matcher;
};
const { expandMacro } = lib('util/macroExpander.js') as {
  expandMacro(p: string, arch: string, appInfo: object, extra: object): string;
};

let config: Config;
beforeAll(async () => {
  config = await getConfig(root, join(root, 'electron-builder.yml'), null);
});

const PLATFORM_KEY = { linux: 'linux', win32: 'win', darwin: 'mac' } as const;
type Os = keyof typeof PLATFORM_KEY;

/** electron-builder's filters for app files and node_modules of one target (as in PlatformPackager.doPack). */
function filtersFor(os: Os, arch: string): { app: Filter[]; modules: Filter } {
  const platformOptions = (config[PLATFORM_KEY[os]] ?? {}) as object;
  const macroExpander = (p: string) =>
    expandMacro(p, arch, {}, { os: PLATFORM_KEY[os], '/*': '{,/**/*}' });
  const debugLogger = { isEnabled: false };
  const info = {
    projectDir: root,
    buildResourcesDir: 'build',
    isPrepackedAppAsar: false,
    config,
    debugLogger,
  };
  const app = getMainFileMatchers(
    root,
    '/dest/app',
    macroExpander,
    platformOptions,
    { info },
    join(root, 'release'),
    false,
  ).map((m) => m.createFilter());
  const modules = getNodeModuleFileMatcher(root, '/dest/app', macroExpander, platformOptions, {
    config,
    debugLogger,
  }).createFilter();
  return { app, modules };
}

const fileStat = (dir: boolean, moduleFullFilePath?: string): Stat => ({
  isDirectory: () => dir,
  moduleFullFilePath,
});

/**
 * Whether electron-builder would copy this project-relative app file: some
 * matcher (top-level and platform `files` are separate ones) takes it and
 * every folder on its way.
 */
function shipsAppFile(app: Filter[], rel: string): boolean {
  const parts = rel.split('/');
  return app.some((filter) =>
    parts.every((_, i) =>
      filter(join(root, ...parts.slice(0, i + 1)), fileStat(i < parts.length - 1)),
    ),
  );
}

/**
 * Whether electron-builder would copy this file of a package (`node_modules/x/...`,
 * nested ones too). It walks each package from its own folder down, matching
 * paths as `node_modules/x/...` (NodeModuleCopyHelper).
 */
function shipsModuleFile(modules: Filter, rel: string): boolean {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\/(.+)$/.exec(rel);
  if (!m) throw new Error(`not a file of a package: ${rel}`);
  const inside = m[2]!.split('/');
  return inside.every((_, i) => {
    const p = `${m[1]}/${inside.slice(0, i + 1).join('/')}`;
    return modules(join(root, p), fileStat(i < inside.length - 1, p));
  });
}

describe('electron-builder.yml', () => {
  it('is accepted by electron-builder 26 (its schema refuses unknown or misspelled options)', async () => {
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
  });

  it("keeps electron-builder's default .deb dependencies and adds the keyring", () => {
    // Setting deb.depends replaces the defaults; without them a minimal
    // install lacks GTK/NSS (Electron does not start) or xdg-utils
    // (shell.openExternal, so sign-in in the browser, fails).
    const { default: FpmTarget } = lib('targets/FpmTarget.js') as {
      default: { prototype: { getDefaultDepends(target: string): string[] } };
    };
    const defaults = FpmTarget.prototype.getDefaultDepends.call(null, 'deb');
    expect(defaults).toContain('libgtk-3-0');
    const depends = config.deb?.depends ?? [];
    expect(depends).toEqual(expect.arrayContaining(defaults));
    // keytar talks to the Secret Service: libsecret is the client, gnome-keyring the service.
    expect(depends).toEqual(
      expect.arrayContaining(['xdg-utils', 'libsecret-1-0', 'gnome-keyring']),
    );
  });

  it('builds an MSI for managed deployment next to the NSIS installer', () => {
    expect(config.win?.target).toEqual(expect.arrayContaining(['nsis', 'msi']));
    expect(config.msi?.perMachine).toBe(true);
    // Intune/SCCM detect and upgrade the product by this code: it must stay fixed.
    expect(config.msi?.upgradeCode).toBe('AE18D1A1-4A62-518D-BFD1-F5C584E7A017');
  });
});

describe('fuses of the packaged binary', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'anpr-fuses-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in Electron binary: only the fuse wire, every fuse in the state Electron ships. */
  function fakeElectron(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    const shipped = '101100101'; // RunAsNode, NODE_OPTIONS, inspect on; integrity, asar-only off
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.alloc(64),
        Buffer.from(SENTINEL),
        Buffer.from([1, 9]),
        Buffer.from(shipped),
        Buffer.alloc(64),
      ]),
    );
  }

  // `mas` is where the old afterPack script looked for a binary that does not exist.
  it.each([
    ['linux', 'ANPR Workstation'],
    ['win32', 'ANPR Workstation.exe'],
    [
      'darwin',
      'ANPR Workstation.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
    ],
    [
      'mas',
      'ANPR Workstation.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
    ],
  ])('are flipped by electron-builder on %s', async (platform, binary) => {
    expect(config.afterPack ?? '').not.toMatch(/fuses/);
    const { PlatformPackager } = lib('platformPackager.js') as {
      PlatformPackager: {
        prototype: {
          generateFuseConfig(f: object): Promise<object>;
          addElectronFuses(ctx: object, fuses: object): Promise<unknown>;
        };
      };
    };
    const appOutDir = join(dir, platform);
    fakeElectron(join(appOutDir, binary));
    // What PlatformPackager.doAddElectronFuses does between afterPack and signing.
    const packager = { appInfo: { productFilename: 'ANPR Workstation' } };
    const fuses = await PlatformPackager.prototype.generateFuseConfig.call(
      packager,
      config.electronFuses!,
    );
    await PlatformPackager.prototype.addElectronFuses.call(
      packager,
      { appOutDir, electronPlatformName: platform },
      fuses,
    );
    const wire = await getCurrentFuseWire(join(appOutDir, binary.split('/Contents/')[0]!));
    const on = (i: number) => String.fromCharCode(wire[i as keyof typeof wire] as number);
    expect({
      runAsNode: on(0),
      cookieEncryption: on(1),
      nodeOptions: on(2),
      inspect: on(3),
      asarIntegrity: on(4),
      onlyLoadFromAsar: on(5),
      fileProtocolPrivileges: on(7),
    }).toEqual({
      runAsNode: '0',
      cookieEncryption: '1',
      nodeOptions: '0',
      inspect: '0',
      asarIntegrity: '1',
      onlyLoadFromAsar: '1',
      fileProtocolPrivileges: '0',
    });
  });
});

/** Node built-ins and Electron are provided by the runtime, never shipped. */
const builtins = new Set(load('node:module').builtinModules as string[]);
const isRuntime = (s: string) =>
  s === 'electron' || s.startsWith('node:') || builtins.has(s.split('/')[0]!);

/** Package name of a bare specifier (`@scope/name/sub` -> `@scope/name`). */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

const dependencies = Object.keys(
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: object })
    .dependencies,
);

/** Bare module specifiers a bundle imports or resolves at run time. */
function bareSpecifiers(code: string): string[] {
  const found = new Set<string>();
  const keep = (s: string) => !s.startsWith('.') && !s.startsWith('/') && !isRuntime(s);
  // A specifier never holds white space: without that rule, text such as a
  // message "… from '" in the bundle reads as an import up to the next quote.
  for (const re of [
    /\bfrom\s*["']([^"'\s]+)["']/g,
    /\bimport\s*["']([^"'\s]+)["']/g,
    /\bimport\(\s*["']([^"'\s]+)["']\s*\)/g,
  ]) {
    for (const m of code.matchAll(re)) if (keep(m[1]!)) found.add(m[1]!);
  }
  // require() and createRequire(...).resolve() (the PDF fonts), however the
  // bundler renamed them; only package names count (a Promise's resolve("x") does not).
  for (const m of code.matchAll(/\b[\w$]*(?:require|resolve)[\w$]*\(\s*["']([^"'\s]+)["']/g)) {
    if (keep(m[1]!) && dependencies.includes(packageOf(m[1]!))) found.add(m[1]!);
  }
  return [...found];
}

/**
 * Needed only to build or install, never loaded: keytar loads its compiled
 * build/Release/keytar.node directly; node-addon-api is C++ headers.
 */
const BUILD_TIME_ONLY = new Set(['node-addon-api', 'prebuild-install']);

/** node_modules folders (repo-relative, `/`) of packages and what they depend on, as Node resolves them. */
function closure(names: string[], skip = new Set<string>()): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string, from: string) => {
    if (skip.has(name)) return;
    let d = from;
    let dir: string | null = null;
    for (;;) {
      const candidate = join(d, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) {
        dir = candidate;
        break;
      }
      if (d === root || dirname(d) === d) break;
      d = dirname(d);
    }
    if (dir === null)
      throw new Error(`${name} (needed from ${relative(root, from) || '.'}) is not installed`);
    const rel = relative(root, dir).split(sep).join('/');
    if (seen.has(rel)) return;
    seen.add(rel);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: object;
      optionalDependencies?: object;
    };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }))
      visit(dep, dir);
  };
  for (const n of names) visit(n, root);
  return seen;
}

const listFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));

describe('files in the installers', () => {
  let outDir: string;
  let builtFiles: string[];
  let mainSpecifiers: string[];
  let needed: Set<string>;

  beforeAll(async () => {
    // The same build `npm run dist` packages, into a scratch folder.
    outDir = join(mkdtempSync(join(tmpdir(), 'anpr-dist-')), 'out');
    await promisify(execFile)(
      process.execPath,
      [
        join(root, 'node_modules/electron-vite/bin/electron-vite.js'),
        'build',
        '--outDir',
        outDir,
        '--logLevel',
        'error',
      ],
      { cwd: root },
    );
    builtFiles = listFiles(outDir).map((f) => `out/${f}`);
    const mainJs = listFiles(join(outDir, 'main')).filter((f) => f.endsWith('.js'));
    mainSpecifiers = [
      ...new Set(
        mainJs.flatMap((f) => bareSpecifiers(readFileSync(join(outDir, 'main', f), 'utf8'))),
      ),
    ];
    needed = closure([...new Set(mainSpecifiers.map(packageOf))], BUILD_TIME_ONLY);
  }, 120_000);
  afterAll(() => rmSync(dirname(outDir), { recursive: true, force: true }));

  it('ship everything electron-vite built and none of the sources', () => {
    const { app } = filtersFor('linux', 'x64');
    expect(builtFiles).toContain('out/main/index.js');
    expect(builtFiles.filter((f) => !shipsAppFile(app, f) && !f.endsWith('.map'))).toEqual([]);
    for (const source of [
      'main/electron/index.ts',
      'main/core/store/worker.ts',
      'renderer/src/main.tsx',
      'renderer/index.html',
      'platform/server.ts',
      'platform/cli.ts',
      'resources/mappings/generic.json',
      'test/unit/packaging.test.ts',
      'electron.vite.config.ts',
      'build/icon.png',
    ]) {
      expect(shipsAppFile(app, source), source).toBe(false);
    }
    expect(shipsAppFile(app, 'package.json')).toBe(true);
  });

  it('ship every package the main process loads, and what those packages need', () => {
    expect(mainSpecifiers.map(packageOf)).toEqual(
      expect.arrayContaining([
        'better-sqlite3-multiple-ciphers',
        'keytar',
        'pdfkit',
        'dejavu-fonts-ttf',
      ]),
    );
    // electron-builder ships "dependencies" only: an import of anything else fails at start.
    expect(mainSpecifiers.map(packageOf).filter((p) => !dependencies.includes(p))).toEqual([]);
    for (const os of Object.keys(PLATFORM_KEY) as Os[]) {
      const { modules } = filtersFor(os, 'x64');
      const missing = [...needed].filter((dir) => !shipsModuleFile(modules, `${dir}/package.json`));
      expect(missing, `${os}: add to the node_modules list in electron-builder.yml`).toEqual([]);
    }
    // The files the main process resolves by name (the PDF fonts) and pdfkit's standard font metrics.
    const { modules } = filtersFor('linux', 'x64');
    const resolved = mainSpecifiers
      .filter((s) => s.includes('.') && s !== packageOf(s))
      .map((s) => `node_modules/${s}`);
    expect(resolved.length).toBeGreaterThan(0);
    for (const f of [
      ...resolved,
      'node_modules/pdfkit/js/pdfkit.node.mjs',
      'node_modules/pdfkit/js/data/Helvetica.afm',
    ]) {
      expect(existsSync(join(root, f)), f).toBe(true);
      expect(shipsModuleFile(modules, f), f).toBe(true);
    }
  });

  it('leave out every other runtime dependency: the renderer bundles its own, the platform is not shipped', () => {
    const all = closure(dependencies);
    const unneeded = [...all].filter((dir) => !needed.has(dir));
    expect(unneeded).toEqual(
      expect.arrayContaining([
        'node_modules/react',
        'node_modules/leaflet',
        'node_modules/fastify',
        'node_modules/oidc-provider',
      ]),
    );
    for (const os of Object.keys(PLATFORM_KEY) as Os[]) {
      const { modules } = filtersFor(os, 'arm64');
      const shipped = unneeded.filter((dir) => shipsModuleFile(modules, `${dir}/package.json`));
      expect(shipped, os).toEqual([]);
    }
  });

  it.each([
    ['linux', 'x64', 'linux-x64'],
    ['linux', 'arm64', 'linux-arm64'],
    ['win32', 'x64', 'win32-x64'],
    ['win32', 'arm64', 'win32-arm64'],
    ['darwin', 'x64', 'darwin-x64'],
    ['darwin', 'arm64', 'darwin-arm64'],
  ] as const)('carry only the %s-%s SQLite prebuild and no C sources', (os, arch, own) => {
    const { modules } = filtersFor(os, arch);
    const sqlite = 'node_modules/better-sqlite3-multiple-ciphers';
    const prebuilds = readdirSync(join(root, sqlite, 'prebuilds'));
    expect(prebuilds).toHaveLength(8);
    expect(prebuilds.filter((p) => shipsModuleFile(modules, `${sqlite}/prebuilds/${p}`))).toEqual([
      `${own}.node`,
    ]);
    const sources = listFiles(join(root, sqlite)).filter((f) => /^(deps|src)\//.test(f));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((f) => shipsModuleFile(modules, `${sqlite}/${f}`))).toEqual([]);
    expect(shipsModuleFile(modules, `${sqlite}/lib/index.js`)).toBe(true);
    expect(shipsModuleFile(modules, 'node_modules/keytar/build/Release/keytar.node')).toBe(true);
    // Native modules must sit outside app.asar to be loaded.
    expect(config.asarUnpack).toContain('**/*.node');
  });
});

describe('native modules for the target (build/native-modules.cjs)', () => {
  const { binaryTarget, checkNativeModules } = load('./build/native-modules.cjs') as {
    binaryTarget(b: Buffer): { os: string; arch: string[] };
    checkNativeModules(unpackedDir: string, platform: string, arch: string): string[];
  };
  const prebuilds = join(root, 'node_modules/better-sqlite3-multiple-ciphers/prebuilds');
  const keytarNode = join(root, 'node_modules/keytar/build/Release/keytar.node');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'anpr-native-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['linux-x64', 'linux-arm64', 'win32-x64', 'win32-arm64', 'darwin-x64', 'darwin-arm64'])(
    'reads the OS and CPU of the real %s SQLite prebuild',
    (target) => {
      const [os, arch] = target.split('-');
      expect(binaryTarget(readFileSync(join(prebuilds, `${target}.node`)))).toEqual({
        os,
        arch: [arch],
      });
    },
  );

  /** An app.asar.unpacked with this machine's keytar and the given SQLite prebuild. */
  function unpacked(name: string, sqlite: string): string {
    const d = join(dir, name, 'node_modules');
    mkdirSync(join(d, 'keytar/build/Release'), { recursive: true });
    mkdirSync(join(d, 'better-sqlite3-multiple-ciphers/prebuilds'), { recursive: true });
    copyFileSync(keytarNode, join(d, 'keytar/build/Release/keytar.node'));
    copyFileSync(
      join(prebuilds, `${sqlite}.node`),
      join(d, `better-sqlite3-multiple-ciphers/prebuilds/${sqlite}.node`),
    );
    return join(dir, name);
  }

  it('accepts a package built on this machine for this machine', () => {
    const here = binaryTarget(readFileSync(keytarNode));
    const target = `${here.os}-${here.arch[0]}`;
    expect(checkNativeModules(unpacked('native', target), here.os, here.arch[0]!)).toEqual([]);
  });

  it('refuses a package for another OS that carries the keychain module compiled here', () => {
    // e.g. a Windows installer built on Linux: keytar has no prebuilds in its npm package.
    const here = binaryTarget(readFileSync(keytarNode));
    const other = here.os === 'win32' ? 'linux' : 'win32';
    const problems = checkNativeModules(unpacked('cross', `${other}-x64`), other, 'x64');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`keytar/build/Release/keytar.node is built for ${here.os}-`);
  });

  it('refuses a package without the SQLite prebuild for its target', () => {
    const problems = checkNativeModules(unpacked('nosqlite', 'linux-x64'), 'linux', 'arm64');
    expect(problems.some((p) => p.includes('prebuilds/linux-arm64.node is missing'))).toBe(true);
  });
});
