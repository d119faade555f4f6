import { z } from 'zod';
import {
  AdminAssignRequest,
  AdminCase,
  AdminCaseList,
  AdminChangeRequest,
  AdminCloseCaseRequest,
  AdminCreateCaseRequest,
  AdminLegalBasisList,
  AdminUsername,
} from '../../common/platform-api.ts';
import {
  assignCaseOfficer,
  closeAdminCase,
  createAdminCase,
  legalBases,
  listAdminCases,
  unassignCaseOfficer,
} from '../admin/cases.ts';
import { route } from '../http/openapi.ts';
import { ADMIN_SECURITY, adminKit } from './admin-common.ts';
import type { ApiRoutes } from './deps.ts';

/**
 * Case administration over HTTP (admin role only): create on a legal basis
 * from the policy pack's list, assign and unassign officers, close with a
 * reason. The rules live in platform/admin/cases.ts.
 */
const CaseId = z.object({ id: z.string().min(1).max(64) });
const CaseOfficer = CaseId.extend({ username: AdminUsername });
const API = { channel: 'api' } as const;

export const adminCasesRoutes: ApiRoutes = (app, deps) => {
  const { admin, asAdmin } = adminKit(app, deps);

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/admin/legal-bases',
      summary: "The legal bases a case may be created on (the policy pack's list)",
      tags: ['administration'],
      security: ADMIN_SECURITY,
      response: AdminLegalBasisList,
    },
    async (call) =>
      asAdmin(call, { action: 'admin.legal-bases' }, (actor) => ({
        legalBases: legalBases(admin, actor, API),
      })),
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/admin/cases',
      summary: 'All cases with their officers, closure and reason (metadata only)',
      tags: ['administration'],
      security: ADMIN_SECURITY,
      query: z.object({ status: z.enum(['open', 'closed']).optional() }),
      response: AdminCaseList,
    },
    async (call) =>
      asAdmin(call, { action: 'admin.cases-list' }, (actor) => ({
        cases: listAdminCases(
          admin,
          actor,
          API,
          call.query.status ? { status: call.query.status } : {},
        ),
      })),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/cases',
      summary:
        "Create a case: number, title, purpose, a legal basis from the policy pack's list, scope and officers",
      tags: ['administration'],
      security: ADMIN_SECURITY,
      body: AdminCreateCaseRequest,
      response: AdminCase,
      status: 201,
    },
    async (call) =>
      asAdmin(
        call,
        { action: 'admin.case-create', justification: call.body.justification },
        (actor) => createAdminCase(admin, actor, API, call.body),
      ),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/cases/:id/officers',
      summary: 'Assign a detective to an open case',
      tags: ['administration'],
      security: ADMIN_SECURITY,
      params: CaseId,
      body: AdminAssignRequest,
      response: AdminCase,
    },
    async (call) =>
      asAdmin(
        call,
        {
          action: 'admin.case-assign',
          justification: call.body.justification,
          caseId: call.params.id,
        },
        (actor) => assignCaseOfficer(admin, actor, API, call.params.id, call.body),
      ),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/cases/:id/officers/:username/unassign',
      summary:
        'Take an officer off a case: it leaves their list and their workstation erases its copy at its next contact',
      tags: ['administration'],
      security: ADMIN_SECURITY,
      params: CaseOfficer,
      body: AdminChangeRequest,
      response: AdminCase,
    },
    async (call) =>
      asAdmin(
        call,
        {
          action: 'admin.case-unassign',
          justification: call.body.justification,
          caseId: call.params.id,
        },
        (actor) =>
          unassignCaseOfficer(admin, actor, API, call.params.id, call.params.username, call.body),
      ),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/cases/:id/close',
      summary:
        'Close a case with a reason: no more queries or pulls, and every workstation copy is erased at its next contact',
      tags: ['administration'],
      security: ADMIN_SECURITY,
      params: CaseId,
      body: AdminCloseCaseRequest,
      response: AdminCase,
    },
    async (call) =>
      asAdmin(
        call,
        {
          action: 'admin.case-close',
          justification: call.body.justification,
          caseId: call.params.id,
        },
        (actor) => closeAdminCase(admin, actor, API, call.params.id, call.body),
      ),
  );
};
