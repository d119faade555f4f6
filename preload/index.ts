import { contextBridge, ipcRenderer } from 'electron';
import { methodNames } from '../common/api/contract.ts';

/**
 * Exposes exactly the typed API: one function per method, nothing else. No
 * ipcRenderer, no process, no generic invoke(channel) that a compromised
 * renderer could point at other channels.
 */
const api: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const method of methodNames) {
  api[method] = (input: unknown) => ipcRenderer.invoke(`api:${method}`, input);
}
contextBridge.exposeInMainWorld('anpr', Object.freeze(api));
