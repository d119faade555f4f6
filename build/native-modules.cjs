// electron-builder afterPack hook: refuses a package whose native modules are
// not for the target's OS and CPU.
//
// keytar and the SQLite module are N-API builds, so Electron loads the binary
// `npm ci` produced without a rebuild (npmRebuild: false), but only on the OS
// and CPU it was built for. keytar has no prebuilds in its npm package: it is
// compiled (or its prebuild downloaded) for the machine that ran `npm ci`. A
// Windows installer built on Linux would therefore carry a Linux keychain
// module and fail at the first sign-in; this hook stops that build instead.
// The SQLite module ships prebuilds for 8 platforms; electron-builder.yml keeps
// only the target's, and this hook checks exactly that one arrived.
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const path = require('node:path');

/** Native modules the app loads, relative to app.asar.unpacked. */
const REQUIRED = {
  keytar: () => 'node_modules/keytar/build/Release/keytar.node',
  sqlite: (platform, arch) =>
    `node_modules/better-sqlite3-multiple-ciphers/prebuilds/${platform}-${arch}.node`,
};

/** electron-builder's Arch enum (builder-util), by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/**
 * OS and CPU a native binary was built for, read from its header:
 * ELF (Linux), PE (Windows), Mach-O (macOS, thin or universal).
 * @param {Buffer} b the first bytes of the file (at least 4 KiB)
 * @returns {{ os: string, arch: string[] }}
 */
function binaryTarget(b) {
  if (b.length >= 20 && b.readUInt32BE(0) === 0x7f454c46) {
    const little = b[5] === 1;
    const machine = little ? b.readUInt16LE(18) : b.readUInt16BE(18);
    const elf = { 0x03: 'ia32', 0x3e: 'x64', 0x28: 'armv7l', 0xb7: 'arm64' };
    return { os: 'linux', arch: [elf[machine] ?? `elf-machine-${machine}`] };
  }
  if (b.length >= 64 && b.readUInt16BE(0) === 0x4d5a) {
    const pe = b.readUInt32LE(0x3c);
    if (pe + 6 <= b.length && b.readUInt32BE(pe) === 0x50450000) {
      const machine = b.readUInt16LE(pe + 4);
      const coff = { 0x14c: 'ia32', 0x8664: 'x64', 0x1c4: 'armv7l', 0xaa64: 'arm64' };
      return { os: 'win32', arch: [coff[machine] ?? `pe-machine-${machine}`] };
    }
  }
  const macho = { 0x01000007: 'x64', 0x0100000c: 'arm64', 7: 'ia32' };
  if (b.length >= 8 && b.readUInt32LE(0) === 0xfeedfacf) {
    return { os: 'darwin', arch: [macho[b.readUInt32LE(4)] ?? 'unknown'] };
  }
  if (b.length >= 8 && b.readUInt32BE(0) === 0xcafebabe) {
    const count = b.readUInt32BE(4);
    const arch = [];
    for (let i = 0; i < count && 8 + i * 20 + 4 <= b.length; i++) {
      arch.push(macho[b.readUInt32BE(8 + i * 20)] ?? 'unknown');
    }
    return { os: 'darwin', arch };
  }
  return { os: 'unknown', arch: [] };
}

function readHead(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    return buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

function listNodeFiles(dir, base = dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listNodeFiles(p, base);
    return e.name.endsWith('.node') ? [path.relative(base, p).split(path.sep).join('/')] : [];
  });
}

/**
 * Problems with the native modules of a packaged app, empty when it is right.
 * @param {string} unpackedDir the package's resources/app.asar.unpacked
 * @param {string} platform 'linux' | 'win32' | 'darwin' | 'mas'
 * @param {string} arch 'x64' | 'arm64' | ...
 * @returns {string[]}
 */
function checkNativeModules(unpackedDir, platform, arch) {
  const os = platform === 'mas' ? 'darwin' : platform;
  const problems = [];
  for (const [name, rel] of Object.entries(REQUIRED)) {
    if (!fs.existsSync(path.join(unpackedDir, rel(os, arch)))) {
      problems.push(`${name}: ${rel(os, arch)} is missing`);
    }
  }
  for (const rel of listNodeFiles(unpackedDir)) {
    const t = binaryTarget(readHead(path.join(unpackedDir, rel)));
    const archOk = arch === 'universal' ? t.arch.length > 1 : t.arch.includes(arch);
    if (t.os !== os || !archOk) {
      problems.push(`${rel} is built for ${t.os}-${t.arch.join('+')}, the target is ${os}-${arch}`);
    }
  }
  return problems;
}

exports.binaryTarget = binaryTarget;
exports.checkNativeModules = checkNativeModules;

/** @param {import('app-builder-lib').AfterPackContext} context */
exports.default = async function afterPack(context) {
  const { packager, appOutDir, electronPlatformName, arch } = context;
  const unpacked = path.join(packager.getResourcesDir(appOutDir), 'app.asar.unpacked');
  const archName = ARCH_NAMES[arch] ?? String(arch);
  const problems = checkNativeModules(unpacked, electronPlatformName, archName);
  if (problems.length > 0) {
    throw new Error(
      `native modules do not match ${electronPlatformName}-${archName}:\n  ${problems.join('\n  ')}\n` +
        `Build each OS's installers on that OS after \`npm ci\` there (README "Packaging").`,
    );
  }
};
