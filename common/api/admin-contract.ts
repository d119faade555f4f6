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
} satisfies Contract;
