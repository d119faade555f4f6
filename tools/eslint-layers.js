// @ts-check
/**
 * ESLint rule enforcing the architecture's layers (see README "Architecture").
 * It resolves every relative import against the importing file, so
 * `../electron/x.ts` written inside main/core is caught just like a path that
 * names the layer. Packages are checked too: `electron` only in the shells and
 * preload, Node built-ins never in the renderer, and in common only in
 * `*.node.ts` files (which the renderer may not import).
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { builtinModules } from 'node:module';

/** Layer of a repository-relative path, or null for tooling (tests, bench, scripts). */
export function layerOf(relPath) {
  const p = relPath.split(sep).join('/');
  if (p.startsWith('common/')) return 'common';
  if (p.startsWith('main/core/')) return 'main/core';
  if (p.startsWith('main/electron/')) return 'main/electron';
  if (p.startsWith('main/host/')) return 'main/host';
  if (p.startsWith('preload/')) return 'preload';
  if (p.startsWith('renderer/')) return 'renderer';
  if (p.startsWith('platform/')) return 'platform';
  if (p.startsWith('resources/') || p === 'package.json') return 'resources';
  return null;
}

/** Which layers each layer may import from (itself is always allowed). */
export const allowed = {
  common: ['resources'],
  'main/core': ['common', 'resources'],
  'main/electron': ['main/core', 'common', 'resources'],
  'main/host': ['main/core', 'common', 'resources'],
  preload: ['common'],
  renderer: ['common', 'resources'],
  platform: ['common', 'resources'],
};

const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer boundaries of the architecture' },
    schema: [],
    messages: {
      layer: '{{from}} may not import from {{to}} (allowed: {{allowed}}).',
      nodeOnly: '{{from}} may not import the Node-only module "{{what}}".',
      electron: '{{from}} may not import electron: only main/electron and preload may.',
    },
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const from = layerOf(relative(root, file));
    if (!from || from === 'resources') return {};
    const fileIsNodeOnly = file.endsWith('.node.ts');
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (source.startsWith('.')) {
        const target = relative(root, resolve(dirname(file), source));
        const to = layerOf(target) ?? 'tooling';
        if (to !== from && !allowed[from].includes(to)) {
          context.report({
            node,
            messageId: 'layer',
            data: { from, to, allowed: [from, ...allowed[from]].join(', ') },
          });
        }
        if (from === 'renderer' && target.endsWith('.node.ts')) {
          context.report({ node, messageId: 'nodeOnly', data: { from, what: target } });
        }
        return;
      }
      if (source === 'electron' || source.startsWith('electron/')) {
        if (from !== 'main/electron' && from !== 'preload')
          context.report({ node, messageId: 'electron', data: { from } });
        return;
      }
      const isBuiltin = nodeBuiltins.has(source) || nodeBuiltins.has(source.split('/')[0] ?? '');
      if (isBuiltin && (from === 'renderer' || (from === 'common' && !fileIsNodeOnly))) {
        context.report({ node, messageId: 'nodeOnly', data: { from, what: source } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'allowed-imports': rule } };
