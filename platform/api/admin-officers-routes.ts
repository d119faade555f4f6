import { z } from 'zod';
import {
  AdminChangeRequest,
  AdminCreateOfficerRequest,
  AdminMfaReset,
  AdminOfficer,
  AdminOfficerCreated,
  AdminOfficerList,
  AdminSetRolesRequest,
  AdminUsername,
} from '../../common/platform-api.ts';
import {
  createOfficer,
  listOfficers,
  resetOfficerMfa,
  setOfficerDisabled,
  setOfficerRoles,
} from '../admin/officers.ts';
import { route } from '../http/openapi.ts';
import { ADMIN_SECURITY, adminKit } from './admin-common.ts';
import type { ApiRoutes } from './deps.ts';

/**
 * Officer administration over HTTP (admin role only). The rules live in
 * platform/admin/officers.ts; here only the HTTP shape. Every call is logged
 * in the platform chain, refusals included.
 */
const ByUsername = z.object({ username: AdminUsername });
const API = { channel: 'api' } as const;

export const adminOfficersRoutes: ApiRoutes = (app, deps) => {
  const { admin, asAdmin } = adminKit(app, deps);

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/admin/officers',
      summary: 'All officer accounts with their roles and state (administrators)',
      tags: ['administration'],
      security: ADMIN_SECURITY,
      response: AdminOfficerList,
    },
    async (call) =>
      asAdmin(call, { action: 'admin.officers-list' }, (actor) => ({
        officers: listOfficers(admin, actor, API),
      })),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/officers',
      summary:
        'Create an officer account with TOTP enrolment; the provisioning URI (and a generated password) are returned once',
      tags: ['administration'],
      security: ADMIN_SECURITY,
      body: AdminCreateOfficerRequest,
      response: AdminOfficerCreated,
      status: 201,
    },
    async (call) =>
      asAdmin(
        call,
        { action: 'admin.officer-create', justification: call.body.justification },
        (actor) => createOfficer(admin, actor, API, call.body),
      ),
  );

  route(
    app,
    {
      method: 'PUT',
      path: '/api/v1/admin/officers/:username/roles',
      summary:
        "Replace an officer's roles (takes effect at their next token, within one access-token lifetime)",
      tags: ['administration'],
      security: ADMIN_SECURITY,
      params: ByUsername,
      body: AdminSetRolesRequest,
      response: AdminOfficer,
    },
    async (call) =>
      asAdmin(
        call,
        { action: 'admin.officer-roles', justification: call.body.justification },
        (actor) => setOfficerRoles(admin, actor, API, call.params.username, call.body),
      ),
  );

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    route(
      app,
      {
        method: 'POST',
        path: `/api/v1/admin/officers/:username/${verb}`,
        summary: disabled
          ? 'Disable an officer account: no sign-in, and its current sign-ins end at once'
          : 'Enable a disabled officer account again',
        tags: ['administration'],
        security: ADMIN_SECURITY,
        params: ByUsername,
        body: AdminChangeRequest,
        response: AdminOfficer,
      },
      async (call) =>
        asAdmin(
          call,
          { action: `admin.officer-${verb}`, justification: call.body.justification },
          (actor) =>
            setOfficerDisabled(admin, actor, API, call.params.username, disabled, call.body),
        ),
    );
  }

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/officers/:username/reset-mfa',
      summary:
        "Replace an officer's TOTP secret (lost phone): old codes stop working, sign-ins end, the new URI is returned once",
      tags: ['administration'],
      security: ADMIN_SECURITY,
      params: ByUsername,
      body: AdminChangeRequest,
      response: AdminMfaReset,
    },
    async (call) =>
      asAdmin(
        call,
        { action: 'admin.officer-reset-mfa', justification: call.body.justification },
        (actor) => resetOfficerMfa(admin, actor, API, call.params.username, call.body),
      ),
  );
};
