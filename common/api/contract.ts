import { z } from 'zod';
import { Officer, Role } from '../officer.ts';
import type { Contract } from './dispatch.ts';

/**
 * THE workstation API: every call the renderer can make, with the schema of
 * its argument and of its result. Both transports (Electron IPC and the
 * loopback browser host) are generated from this map, and so is the
 * renderer's typed client, so the three cannot drift apart.
 *
 * Naming: `area.verb`. Arguments are always an object (possibly empty) so a
 * call can gain optional fields without breaking older callers.
 */

const Empty = z.object({}).strict();

export const PolicyPackId = z.enum(['be', 'dk']);
export const Locale = z.enum(['en', 'nl', 'fr']);
export type Locale = z.infer<typeof Locale>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'browser']),
  platformUrl: z.string(),
  policyPack: PolicyPackId,
  /** Where the workstation keeps its encrypted stores (shown in settings). */
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const SessionState = z.enum(['signed-out', 'signing-in', 'active', 'locked']);
export const SessionStatus = z.object({
  state: SessionState,
  officer: Officer.nullable(),
  /** The workspace the officer works in now (one of their roles). */
  activeRole: Role.nullable(),
  /** Minutes of inactivity after which the session locks. */
  idleLockMinutes: z.number().int().min(1).max(30),
  /** Plain-language reason when the workstation refuses to work (e.g. clock skew). */
  blockedReason: z.string().nullable(),
});
export type SessionStatus = z.infer<typeof SessionStatus>;

export const Settings = z.object({
  locale: Locale,
  theme: z.enum(['system', 'light', 'dark']),
});
export type Settings = z.infer<typeof Settings>;

export const contract = {
  'app.info': { input: Empty, output: AppInfo },
  'session.status': { input: Empty, output: SessionStatus },
  'settings.get': { input: Empty, output: Settings },
  'settings.update': { input: Settings.partial().strict(), output: Settings },
} satisfies Contract;

export type WorkstationContract = typeof contract;
export const methodNames = Object.keys(contract) as Array<keyof WorkstationContract>;
