'use strict';
/* global process, console -- Node's own globals: this file is plain CommonJS for old Nodes. */
// Runs before every TypeScript entry point (see package.json "scripts"):
// plain CommonJS that any old Node parses, so a too-old Node gets one line
// saying what to do instead of ERR_UNKNOWN_FILE_EXTENSION on a .ts file.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** "22.18.0" >= "22.12.1"? Numeric, part by part. */
function atLeast(version, minimum) {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) > (b[i] || 0);
  return true;
}

function minimumNode() {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  const m = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(String((pkg.engines && pkg.engines.node) || ''));
  if (!m) throw new Error('package.json "engines.node" must read ">=X.Y.Z"');
  return m[1];
}

module.exports = { atLeast, minimumNode };

if (require.main === module) {
  const minimum = minimumNode();
  if (!atLeast(process.versions.node, minimum)) {
    console.error(
      `This project needs Node ${minimum} or newer; this is Node ${process.versions.node} (${process.execPath}). ` +
        'Run scripts/demo.sh or scripts/test.sh instead: they install Node 24 into .tools/node24 (nothing global).',
    );
    process.exit(1);
  }
}
