import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../common/audit.ts';
import type { AuditLog } from '../audit/log.ts';
import type { HeartbeatChange } from '../data/camera-register.ts';

/**
 * Unit heartbeats (issue #14 item 3): a unit that stops sending for longer
 * than its interval is marked down, and up again when it resumes. The state
 * itself is in platform/data/camera-register.ts; this is the wire answer and
 * the audit entries, written by the platform itself (actor `system`).
 */

export const HeartbeatResponse = z
  .object({
    unitId: z.string(),
    /** Platform time the contact was recorded at. */
    at: z.iso.datetime(),
    /** Outages this contact ended (the unit's camera was marked down). */
    up: z.number().int().min(0),
  })
  .meta({ id: 'HeartbeatResponse' });
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

export function auditHeartbeatChanges(
  audit: Pick<AuditLog, 'append'>,
  changes: readonly HeartbeatChange[],
): void {
  for (const c of changes) {
    audit.append({
      actor: SYSTEM_ACTOR,
      operation: 'alteration',
      action: c.change === 'down' ? 'camera.outage.down' : 'camera.outage.up',
      caseId: null,
      purpose: null,
      reasonCode: 'heartbeat',
      justification:
        c.change === 'down'
          ? 'No contact from the unit within its heartbeat interval.'
          : 'The unit made contact again.',
      parameters: { cameraId: c.cameraId, outageId: c.outageId, at: c.at },
      resultCount: null,
      outcome: 'allowed',
      outcomeReason: null,
      recipient: null,
    });
  }
}
