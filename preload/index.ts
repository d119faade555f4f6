import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS } from './api-methods.ts';

/**
 * Exposes exactly the typed API: one function per method, nothing else. No
 * ipcRenderer, no process, no generic invoke(channel) that a compromised
 * renderer could point at other channels. The names come from a generated
 * plain list (api-methods.ts): the contract's zod schemas are checked in the
 * main process, so the preload need not carry them.
 */
const api: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const method of API_METHODS) {
  api[method] = (input: unknown) => ipcRenderer.invoke(`api:${method}`, input);
}
contextBridge.exposeInMainWorld('anpr', Object.freeze(api));
