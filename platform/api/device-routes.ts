import { z } from 'zod';
import {
  AuditFailuresRequest,
  AuditFailuresResponse,
  DeviceErasureRequest,
  DeviceErasureResponse,
  DeviceStatusResponse,
  RevokeDeviceRequest,
} from '../../common/device-api.ts';
import { DeviceId } from '../audit/log.ts';
import { DeviceRevocations } from '../devices/revocations.ts';
import { HttpError } from '../http/errors.ts';
import { route } from '../http/openapi.ts';
import { actingRole, auditRequest, type ApiRoutes } from './deps.ts';

/**
 * Workstations as devices (#15 items 8 and 9):
 * - supervisors and administrators revoke a lost workstation; at its next
 *   contact it asks for its status, learns it is revoked and crypto-shreds
 *   its local data. The platform logs the contact itself, so the erasure is
 *   on record even if the device's own report never arrives; the report,
 *   when it does, is logged too;
 * - workstations report audit entries they could not write locally; each
 *   report becomes a platform audit entry, which the supervisor overview
 *   shows as an `audit-failure` flag.
 */
const Device = z.object({ deviceId: DeviceId });
const OFFICER_ROLES = ['detective', 'supervisor', 'prosecutor', 'commissioner', 'admin'] as const;
const REVOKERS = ['supervisor', 'admin'] as const;

export const deviceRoutes: ApiRoutes = (app, deps) => {
  const revocations = new DeviceRevocations(deps.ctx.db, deps.ctx.clock);
  const status = (deviceId: string) => {
    const r = revocations.get(deviceId);
    return {
      deviceId,
      revoked: r !== null,
      revokedAt: r?.revokedAt ?? null,
      reason: r?.reason ?? null,
    };
  };

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/devices/:deviceId/revoke',
      summary: 'Revoke a workstation: at its next contact it crypto-shreds all its local data',
      tags: ['devices'],
      security: { roles: REVOKERS },
      params: Device,
      body: RevokeDeviceRequest,
      response: DeviceStatusResponse,
    },
    ({ officer, params, body }) => {
      if (!deps.audit.devicePublicKey(params.deviceId))
        throw new HttpError(404, 'not_found', 'No workstation with this id is registered.');
      const { created } = revocations.revoke(params.deviceId, officer.id, body.justification);
      auditRequest(deps, officer, actingRole(officer, REVOKERS), {
        operation: 'alteration',
        action: 'device.revoke',
        caseId: null,
        purpose: null,
        reasonCode: null,
        justification: body.justification,
        parameters: { deviceId: params.deviceId, alreadyRevoked: !created },
        resultCount: null,
        outcome: 'allowed',
        outcomeReason: null,
        recipient: null,
      });
      return status(params.deviceId);
    },
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/devices/:deviceId/status',
      summary: "A workstation's own status at each contact (revoked: it must erase its local data)",
      tags: ['devices'],
      security: { roles: OFFICER_ROLES },
      params: Device,
      response: DeviceStatusResponse,
    },
    ({ officer, params }) => {
      const s = status(params.deviceId);
      if (s.revoked) {
        // Recorded here, before the device erases anything: the erasure order
        // is on the platform's record even if the device never reports back.
        auditRequest(deps, officer, actingRole(officer, OFFICER_ROLES), {
          operation: 'erasure',
          action: 'device.erasure-ordered',
          caseId: null,
          purpose: null,
          reasonCode: 'device-revoked',
          justification: s.reason,
          parameters: { deviceId: params.deviceId, revokedAt: s.revokedAt },
          resultCount: null,
          outcome: 'allowed',
          outcomeReason: null,
          recipient: null,
        });
      }
      return s;
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/devices/:deviceId/erasure',
      summary: 'A revoked workstation reports what it crypto-shredded (counts only)',
      tags: ['devices'],
      security: { roles: OFFICER_ROLES },
      params: Device,
      body: DeviceErasureRequest,
      response: DeviceErasureResponse,
    },
    ({ officer, params, body }) => {
      if (!revocations.get(params.deviceId))
        throw new HttpError(409, 'conflict', 'This workstation is not revoked.');
      const complete = body.casesComplete === body.cases && body.workstationDb;
      auditRequest(deps, officer, actingRole(officer, OFFICER_ROLES), {
        operation: 'erasure',
        action: 'device.erased',
        caseId: null,
        purpose: null,
        reasonCode: 'device-revoked',
        justification: 'The revoked workstation crypto-shredded its local data.',
        parameters: { deviceId: params.deviceId, ...body },
        resultCount: body.cases,
        outcome: complete ? 'allowed' : 'error',
        outcomeReason: complete ? null : body.problems.join('; ').slice(0, 500) || 'incomplete',
        recipient: null,
      });
      return { recorded: true as const };
    },
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/audit/failures',
      summary: 'A workstation reports audit entries it could not write (the actions were stopped)',
      tags: ['audit'],
      security: { roles: OFFICER_ROLES },
      body: AuditFailuresRequest,
      response: AuditFailuresResponse,
    },
    ({ officer, body }) => {
      for (const r of body.reports) {
        // Attributed to the officer the unwritten entry was for; who delivered it is kept too.
        deps.audit.append({
          actor: {
            officerId: r.officerId,
            username: r.username,
            role: actingRole(officer, OFFICER_ROLES),
          },
          operation: 'alteration',
          action: 'audit.workstation-failure',
          caseId: r.caseId,
          purpose: null,
          reasonCode: null,
          justification: null,
          parameters: {
            deviceId: body.deviceId,
            reportId: r.id,
            failedAction: r.action,
            failedAt: r.at,
            cause: r.cause,
            detail: r.detail,
            reportedBy: officer.id,
          },
          resultCount: null,
          outcome: 'error',
          outcomeReason: `audit-${r.cause}`,
          recipient: null,
        });
      }
      return { recorded: body.reports.length };
    },
  );
};
