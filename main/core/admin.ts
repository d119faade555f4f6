import {
  AdminHotlist,
  AdminHotlistEntry,
  AdminOperation,
  AdminRerunReport,
  type adminContract,
} from '../../common/api/admin-contract.ts';
import type { Handlers } from '../../common/api/dispatch.ts';
import {
  AdminCase,
  AdminCaseList,
  AdminLegalBasisList,
  AdminMfaReset,
  AdminOfficer,
  AdminOfficerCreated,
  AdminOfficerList,
} from '../../common/platform-api.ts';
import {
  CameraImportReport,
  Outage,
  OutageList,
  RegisterCamera,
  RegisterCameraList,
} from '../../common/camera-register.ts';
import { DisclosureRecord, RegisterEntry, RegisterList } from '../../common/recipients-api.ts';
import { z } from 'zod';
import type { CallContext, WorkstationServices } from './services.ts';

/**
 * Handlers of the administration workspace. The platform decides, enforces
 * the admin role and logs every change with its justification in its own
 * chain; the workstation checks the workspace the officer works in (so a
 * detective's window cannot reach these calls) and forwards the call. Nothing
 * is kept here: a one-time TOTP URI or password passes through to the screen
 * that shows it once.
 */
const enc = encodeURIComponent;

export function adminHandlers(s: WorkstationServices): Handlers<typeof adminContract, CallContext> {
  const asAdmin = () => s.session.requireOfficer(['admin']);
  const officer = (username: string) => `/api/v1/admin/officers/${enc(username)}`;
  const adminCase = (caseId: string) => `/api/v1/admin/cases/${enc(caseId)}`;
  const recipient = (id: string) => `/api/v1/admin/recipients/${enc(id)}`;
  const Disclosures = z.object({ disclosures: z.array(DisclosureRecord) });
  const hotlist = (id: string) => `/api/v1/admin/hotlists/${enc(id)}`;

  return {
    'admin.officers': async () => {
      asAdmin();
      return s.platform.request('GET', '/api/v1/admin/officers', AdminOfficerList);
    },
    'admin.createOfficer': async (body) => {
      asAdmin();
      return s.platform.request('POST', '/api/v1/admin/officers', AdminOfficerCreated, body);
    },
    'admin.setRoles': async ({ username, roles, justification }) => {
      asAdmin();
      return s.platform.request('PUT', `${officer(username)}/roles`, AdminOfficer, {
        roles,
        justification,
      });
    },
    'admin.setDisabled': async ({ username, disabled, justification }) => {
      asAdmin();
      const verb = disabled ? 'disable' : 'enable';
      return s.platform.request('POST', `${officer(username)}/${verb}`, AdminOfficer, {
        justification,
      });
    },
    'admin.resetMfa': async ({ username, justification }) => {
      asAdmin();
      return s.platform.request('POST', `${officer(username)}/reset-mfa`, AdminMfaReset, {
        justification,
      });
    },
    'admin.legalBases': async () => {
      asAdmin();
      return s.platform.request('GET', '/api/v1/admin/legal-bases', AdminLegalBasisList);
    },
    'admin.cases': async ({ status }) => {
      asAdmin();
      const query = status ? `?status=${status}` : '';
      return s.platform.request('GET', `/api/v1/admin/cases${query}`, AdminCaseList);
    },
    'admin.createCase': async (body) => {
      asAdmin();
      return s.platform.request('POST', '/api/v1/admin/cases', AdminCase, body);
    },
    'admin.assign': async ({ caseId, username, justification }) => {
      asAdmin();
      return s.platform.request('POST', `${adminCase(caseId)}/officers`, AdminCase, {
        username,
        justification,
      });
    },
    'admin.unassign': async ({ caseId, username, justification }) => {
      asAdmin();
      return s.platform.request(
        'POST',
        `${adminCase(caseId)}/officers/${enc(username)}/unassign`,
        AdminCase,
        { justification },
      );
    },
    'admin.closeCase': async ({ caseId, reason, justification }) => {
      asAdmin();
      return s.platform.request('POST', `${adminCase(caseId)}/close`, AdminCase, {
        reason,
        justification,
      });
    },
    'admin.recipients': async () => {
      asAdmin();
      return s.platform.request('GET', '/api/v1/recipients', RegisterList);
    },
    'admin.addRecipient': async (body) => {
      asAdmin();
      return s.platform.request('POST', '/api/v1/admin/recipients', RegisterEntry, body);
    },
    'admin.editRecipient': async ({ recipientId, ...body }) => {
      asAdmin();
      return s.platform.request('PUT', recipient(recipientId), RegisterEntry, body);
    },
    'admin.retireRecipient': async ({ recipientId, reason }) => {
      asAdmin();
      return s.platform.request('POST', `${recipient(recipientId)}/retire`, RegisterEntry, {
        reason,
      });
    },
    'admin.recipientDisclosures': async ({ recipientId }) => {
      asAdmin();
      return s.platform.request('GET', `${recipient(recipientId)}/disclosures`, Disclosures);
    },
    'admin.hotlists': async () => {
      asAdmin();
      const Hotlists = z.object({ hotlists: z.array(AdminHotlist) });
      return s.platform.request('GET', '/api/v1/admin/hotlists', Hotlists);
    },
    'admin.createHotlist': async (body) => {
      asAdmin();
      return s.platform.request('POST', '/api/v1/admin/hotlists', AdminHotlist, body);
    },
    'admin.hotlistEntries': async ({ hotlistId }) => {
      asAdmin();
      const Entries = z.object({ entries: z.array(AdminHotlistEntry) });
      return s.platform.request('GET', `${hotlist(hotlistId)}/entries`, Entries);
    },
    'admin.addHotlistEntry': async ({ hotlistId, ...body }) => {
      asAdmin();
      return s.platform.request('POST', `${hotlist(hotlistId)}/entries`, AdminHotlistEntry, body);
    },
    'admin.closeHotlistEntry': async ({ hotlistId, entryId, reason }) => {
      asAdmin();
      return s.platform.request(
        'POST',
        `${hotlist(hotlistId)}/entries/${entryId}/close`,
        AdminHotlistEntry,
        { reason },
      );
    },
    'admin.rerunHotlist': async ({ hotlistId, reason }) => {
      asAdmin();
      return s.platform.request('POST', `${hotlist(hotlistId)}/rerun`, AdminRerunReport, {
        reason,
      });
    },
    'admin.operations': async () => {
      asAdmin();
      const Operations = z.object({ operations: z.array(AdminOperation) });
      return s.platform.request('GET', '/api/v1/admin/operations', Operations);
    },
    'admin.endOperation': async ({ operationId, reason }) => {
      asAdmin();
      return s.platform.request(
        'POST',
        `/api/v1/admin/operations/${enc(operationId)}/end`,
        AdminOperation,
        { reason },
      );
    },
    'admin.cameras': async () => {
      asAdmin();
      return s.platform.request('GET', '/api/v1/admin/cameras', RegisterCameraList);
    },
    'admin.importCameras': async (body) => {
      asAdmin();
      return s.platform.request('POST', '/api/v1/admin/cameras/import', CameraImportReport, body);
    },
    'admin.retireCamera': async ({ cameraId, justification }) => {
      asAdmin();
      return s.platform.request(
        'POST',
        `/api/v1/admin/cameras/${enc(cameraId)}/retire`,
        RegisterCamera,
        { justification },
      );
    },
    'admin.outages': async ({ cameraId }) => {
      asAdmin();
      const query = cameraId ? `?cameraId=${enc(cameraId)}` : '';
      return s.platform.request('GET', `/api/v1/admin/outages${query}`, OutageList);
    },
    'admin.addOutage': async (body) => {
      asAdmin();
      return s.platform.request('POST', '/api/v1/admin/outages', Outage, body);
    },
    'admin.endOutage': async ({ outageId, justification }) => {
      asAdmin();
      return s.platform.request('POST', `/api/v1/admin/outages/${enc(outageId)}/end`, Outage, {
        justification,
      });
    },
  };
}
