import { z } from 'zod';
import { Justification } from '../case.ts';
import { Role } from '../officer.ts';
import {
  AdminCase,
  AdminCaseList,
  AdminCloseCaseRequest,
  AdminCreateCaseRequest,
  AdminCreateOfficerRequest,
  AdminLegalBasisList,
  AdminMfaReset,
  AdminOfficer,
  AdminOfficerCreated,
  AdminOfficerList,
  AdminUsername,
} from '../platform-api.ts';
import {
  DisclosureRecord,
  EditRegisterEntry,
  NewRegisterEntry,
  RecipientId,
  RegisterEntry,
  RegisterList,
  RetireRegisterEntry,
} from '../recipients-api.ts';
import {
  AddOutageRequest,
  CameraId,
  CameraImportReport,
  CameraImportRequest,
  Outage,
  OutageList,
  RegisterCamera,
  RegisterCameraList,
} from '../camera-register.ts';
import { HotlistEntry, HotlistView, OperationView, RerunReport } from '../hotlists-api.ts';
import type { Contract } from './dispatch.ts';

/**
 * The administration workspace's calls (#14 item 7): officers, cases and
 * the recipient register.
 * Merged into the one workstation contract in contract.ts. The workstation
 * checks the officer works as an administrator and forwards each call to the
 * platform's /api/v1/admin API, which decides, logs who, what and why in its
 * chain, and names the field of any bad input in its error message.
 */

const CaseId = z.string().min(1).max(64);
const Id = z.string().min(1).max(64);
const Iso = z.iso.datetime({ offset: true });
/** A hotlist change's recorded reason; the platform applies its own rule and names the field. */
const Reason = z.string().max(1000);

/*
 * Hotlists and targeted operations (#14 items 4, 5) as the platform's
 * /api/v1/admin/hotlists and /operations answer them: the same schemas as the
 * platform's routes (common/hotlists-api.ts); the workstation parses every answer.
 */
export const AdminHotlist = HotlistView;
export type AdminHotlist = z.infer<typeof AdminHotlist>;
export const AdminHotlistEntry = HotlistEntry;
export type AdminHotlistEntry = z.infer<typeof AdminHotlistEntry>;
export const AdminRerunReport = RerunReport;
export const AdminOperation = OperationView;
export type AdminOperation = z.infer<typeof AdminOperation>;

export const adminContract = {
  'admin.officers': { input: z.object({}).strict(), output: AdminOfficerList },
  /** The one-time initial password (when generated) and TOTP enrolment come back once, here. */
  'admin.createOfficer': { input: AdminCreateOfficerRequest.strict(), output: AdminOfficerCreated },
  'admin.setRoles': {
    input: z
      .object({
        username: AdminUsername,
        roles: z.array(Role).min(1, 'give at least one role'),
        justification: Justification,
      })
      .strict(),
    output: AdminOfficer,
  },
  'admin.setDisabled': {
    input: z
      .object({ username: AdminUsername, disabled: z.boolean(), justification: Justification })
      .strict(),
    output: AdminOfficer,
  },
  'admin.resetMfa': {
    input: z.object({ username: AdminUsername, justification: Justification }).strict(),
    output: AdminMfaReset,
  },
  'admin.legalBases': { input: z.object({}).strict(), output: AdminLegalBasisList },
  'admin.cases': {
    input: z.object({ status: z.enum(['open', 'closed']).optional() }).strict(),
    output: AdminCaseList,
  },
  'admin.createCase': { input: AdminCreateCaseRequest.strict(), output: AdminCase },
  'admin.assign': {
    input: z
      .object({ caseId: CaseId, username: AdminUsername, justification: Justification })
      .strict(),
    output: AdminCase,
  },
  'admin.unassign': {
    input: z
      .object({ caseId: CaseId, username: AdminUsername, justification: Justification })
      .strict(),
    output: AdminCase,
  },
  'admin.closeCase': {
    input: AdminCloseCaseRequest.extend({ caseId: CaseId }).strict(),
    output: AdminCase,
  },
  /** The whole register, retired entries included (marked). */
  'admin.recipients': { input: z.object({}).strict(), output: RegisterList },
  'admin.addRecipient': { input: NewRegisterEntry, output: RegisterEntry },
  'admin.editRecipient': {
    input: EditRegisterEntry.extend({ recipientId: RecipientId }).strict(),
    output: RegisterEntry,
  },
  'admin.retireRecipient': {
    input: RetireRegisterEntry.extend({ recipientId: RecipientId }).strict(),
    output: RegisterEntry,
  },
  'admin.recipientDisclosures': {
    input: z.object({ recipientId: RecipientId }).strict(),
    output: z.object({ disclosures: z.array(DisclosureRecord) }),
  },
  'admin.hotlists': {
    input: z.object({}).strict(),
    output: z.object({ hotlists: z.array(AdminHotlist) }),
  },
  'admin.createHotlist': {
    input: z
      .object({
        name: z.string().max(200),
        owner: z.string().max(200),
        legalBasis: z.string().max(300),
        purpose: z.string().max(500),
        category: z.number().int(),
        expiresAt: Iso.nullable(),
        reason: Reason,
      })
      .strict(),
    output: AdminHotlist,
  },
  'admin.hotlistEntries': {
    input: z.object({ hotlistId: Id }).strict(),
    output: z.object({ entries: z.array(AdminHotlistEntry) }),
  },
  'admin.addHotlistEntry': {
    input: z
      .object({
        hotlistId: Id,
        plate: z.string().max(64),
        country: z.string().max(2).nullable(),
        entryReason: z.string().max(300),
        validFrom: Iso,
        validUntil: Iso.nullable(),
        reason: Reason,
      })
      .strict(),
    output: AdminHotlistEntry,
  },
  'admin.closeHotlistEntry': {
    input: z.object({ hotlistId: Id, entryId: z.number().int().min(1), reason: Reason }).strict(),
    output: AdminHotlistEntry,
  },
  /** Matches the list against reads still retained; each hit is logged on the platform. */
  'admin.rerunHotlist': {
    input: z.object({ hotlistId: Id, reason: Reason }).strict(),
    output: AdminRerunReport,
  },
  'admin.operations': {
    input: z.object({}).strict(),
    output: z.object({ operations: z.array(AdminOperation) }),
  },
  'admin.endOperation': {
    input: z.object({ operationId: Id, reason: Reason }).strict(),
    output: AdminOperation,
  },
  'admin.cameras': { input: z.object({}).strict(), output: RegisterCameraList },
  /** A CSV or GeoJSON register file's text; rejected rows come back by line with the reason. */
  'admin.importCameras': { input: CameraImportRequest.strict(), output: CameraImportReport },
  'admin.retireCamera': {
    input: z.object({ cameraId: CameraId, justification: Justification }).strict(),
    output: RegisterCamera,
  },
  'admin.outages': {
    input: z.object({ cameraId: z.string().min(1).max(64).optional() }).strict(),
    output: OutageList,
  },
  'admin.addOutage': { input: AddOutageRequest, output: Outage },
  'admin.endOutage': {
    input: z.object({ outageId: Id, justification: Justification }).strict(),
    output: Outage,
  },
} satisfies Contract;
