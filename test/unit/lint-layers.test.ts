import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Proves the layer rules bite: the same lint that `npm run lint` runs refuses
 * forbidden cross-layer imports and accepts the allowed ones.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === 'layers/allowed-imports')
    .map((m) => m.message);
}

describe('layer rules (npm run lint)', () => {
  it.each([
    ['common/x.ts', "import { a } from '../main/core/workstation.ts';\nexport const b = a;"],
    ['main/core/x.ts', "import { a } from '../electron/policy.ts';\nexport const b = a;"],
    ['main/core/x.ts', "import { app } from 'electron';\nexport const b = app;"],
    ['renderer/src/x.ts', "import { a } from '../../main/core/config.ts';\nexport const b = a;"],
    ['renderer/src/x.ts', "import { readFile } from 'node:fs';\nexport const b = readFile;"],
    [
      'renderer/src/x.ts',
      "import { a } from '../../common/audit-chain.node.ts';\nexport const b = a;",
    ],
    ['platform/x.ts', "import { a } from '../main/core/config.ts';\nexport const b = a;"],
    ['platform/x.ts', "export { a } from '../renderer/src/api.ts';"],
    ['preload/x.ts', "import { a } from '../main/core/config.ts';\nexport const b = a;"],
    ['common/x.ts', "import { createHash } from 'node:crypto';\nexport const b = createHash;"],
  ])('refuses a forbidden import in %s', async (file, code) => {
    expect(await layerErrors(file, code)).toHaveLength(1);
  });

  it.each([
    [
      'main/core/x.ts',
      "import { contract } from '../../common/api/contract.ts';\nexport const b = contract;",
    ],
    ['main/host/x.ts', "import { a } from '../core/config.ts';\nexport const b = a;"],
    [
      'main/electron/x.ts',
      "import { app } from 'electron';\nimport { a } from '../core/config.ts';\nexport const b = [app, a];",
    ],
    [
      'renderer/src/x.ts',
      "import { contract } from '../../common/api/contract.ts';\nexport const b = contract;",
    ],
    ['platform/x.ts', "import { Read } from '../common/read.ts';\nexport const b = Read;"],
    ['common/x.node.ts', "import { createHash } from 'node:crypto';\nexport const b = createHash;"],
  ])('accepts an allowed import in %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
