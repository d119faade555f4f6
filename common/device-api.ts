/**
 * Platform API between a workstation and the platform about the device
 * itself (#15 items 8 and 9): audit write failures the workstation reports,
 * its revocation status (remote deprovisioning), and the erasure it reports
 * once it has crypto-shredded its local data.
 */
import { z } from 'zod';
import { Timestamp } from './read.ts';

const DeviceIdField = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export const AuditFailureCause = z.enum(['disk-full', 'read-only', 'unavailable']);
export type AuditFailureCause = z.infer<typeof AuditFailureCause>;

/** One audit entry that could not be written locally; no personal data. */
export const AuditFailureReport = z.object({
  id: z.uuid(),
  at: Timestamp,
  /** The officer the unwritten entry was for. */
  officerId: z.string().min(1).max(64),
  username: z.string().min(1).max(64),
  /** The action that was stopped, or whose outcome went unlogged (e.g. case.pull-completed). */
  action: z.string().min(1).max(100),
  caseId: z.string().min(1).max(64).nullable(),
  cause: AuditFailureCause,
  /** SQLite code or error class. */
  detail: z.string().max(80),
});
export type AuditFailureReport = z.infer<typeof AuditFailureReport>;

export const AuditFailuresRequest = z.object({
  /** Null when the workstation database (which holds the device id) could not be opened. */
  deviceId: DeviceIdField.nullable(),
  reports: z.array(AuditFailureReport).min(1).max(500),
});
export const AuditFailuresResponse = z.object({ recorded: z.number().int().min(0) });

export const DeviceStatusResponse = z.object({
  deviceId: z.string(),
  revoked: z.boolean(),
  revokedAt: Timestamp.nullable(),
  reason: z.string().nullable(),
});
export type DeviceStatusResponse = z.infer<typeof DeviceStatusResponse>;

export const RevokeDeviceRequest = z.object({
  justification: z.string().trim().min(10).max(1000),
});

/** What the workstation erased when it was deprovisioned (counts only). */
export const DeviceErasureRequest = z.object({
  cases: z.number().int().min(0),
  casesComplete: z.number().int().min(0),
  workstationDb: z.boolean(),
  problems: z.array(z.string().max(300)).max(50),
});
export const DeviceErasureResponse = z.object({ recorded: z.literal(true) });
