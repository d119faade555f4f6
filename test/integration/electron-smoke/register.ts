/**
 * `node --import ./register.ts out/main/index.js`: resolves the bundle's
 * `import … from 'electron'` to the stand-in (electron-stub.ts) instead of the
 * npm package, which only knows where Electron's binary would be.
 */
import { registerHooks } from 'node:module';

const stub = new URL('./electron-stub.ts', import.meta.url).href;
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: stub, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
