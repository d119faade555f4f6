import { z } from 'zod';
import type { AuditActor } from '../../common/audit.ts';
import {
  addEntry,
  closeEntry,
  CloseEntry,
  createGovernedHotlist,
  createOperation,
  deploymentLists,
  DeploymentLists,
  endOperation,
  EndOperation,
  getGovernedHotlist,
  linkUnit,
  LinkUnit,
  listEntries,
  listGovernedHotlists,
  listOperations,
  NewEntry,
  NewHotlist,
  NewOperation,
  Rerun,
  rerunHotlist,
  setDeploymentLists,
  type AdminContext,
} from '../hotlists/admin.ts';
import {
  Deployment,
  HotlistEntry,
  HotlistView,
  OperationView,
  RerunReport,
} from '../../common/hotlists-api.ts';
import { route } from '../http/openapi.ts';
import { adminKit } from './admin-common.ts';
import type { ApiDeps, ApiRoutes } from './deps.ts';

/**
 * Administration of hotlists, deployments' lists and Danish targeted
 * operations (#14 items 4, 5): admin role only (403 for any other), every
 * change audited with who, what and why in the same transaction as the
 * change (platform/hotlists/admin.ts). Reads (GET) are not personal-data
 * consultations of reads and are not logged; entries' plates are only
 * shown to administrators.
 */
const ADMIN = { roles: ['admin'] } as const;

const ListParams = z.object({ hotlistId: z.string().min(1).max(64) });
const EntryParams = ListParams.extend({ entryId: z.coerce.number().int().min(1) });
const UnitParams = z.object({ unitId: z.string().min(1).max(64) });
const OperationParams = z.object({ operationId: z.string().min(1).max(64) });

export const adminHotlistRoutes: ApiRoutes = (app, deps) => {
  // The shared administration kit: a non-admin's 403 under /api/v1/admin/ is
  // logged (admin.refused), and a change the domain refuses is logged as
  // denied with its reason, as for officers and cases.
  const { asAdmin } = adminKit(app, deps);
  // The acting administrator as the live account says (a disabled account's token is refused).
  const admin = (actor: AuditActor): AdminContext => ({
    db: deps.ctx.db,
    pack: deps.store.pack,
    // The channel in every entry, as the officers' and cases' administration records it.
    audit: {
      append: (entry) =>
        deps.audit.append({ ...entry, parameters: { ...entry.parameters, via: 'api' } }),
    },
    actor,
    now: deps.ctx.clock(),
  });
  const now = (d: ApiDeps) => d.ctx.clock();

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/admin/hotlists',
      summary: 'Hotlists with owner, legal basis, purpose, category, expiry and linked units',
      tags: ['admin'],
      security: ADMIN,
      response: z.object({ hotlists: z.array(HotlistView) }),
    },
    () => ({ hotlists: listGovernedHotlists(deps.ctx.db, now(deps)) }),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/hotlists',
      summary: "Create a hotlist (category from the policy pack's list)",
      tags: ['admin'],
      security: ADMIN,
      body: NewHotlist.meta({ id: 'NewHotlist' }),
      response: HotlistView,
      status: 201,
    },
    ({ officer, request, body }) =>
      asAdmin(
        { officer, request },
        { action: 'hotlist.create', justification: body.reason },
        (actor) => createGovernedHotlist(admin(actor), body),
      ),
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/admin/hotlists/:hotlistId',
      summary: 'One hotlist',
      tags: ['admin'],
      security: ADMIN,
      params: ListParams,
      response: HotlistView,
    },
    ({ params }) => getGovernedHotlist(deps.ctx.db, params.hotlistId, now(deps)),
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/admin/hotlists/:hotlistId/entries',
      summary: 'Entries of a hotlist, closed ones included (entries are never deleted)',
      tags: ['admin'],
      security: ADMIN,
      params: ListParams,
      response: z.object({ entries: z.array(HotlistEntry) }),
    },
    ({ params }) => ({ entries: listEntries(deps.ctx.db, params.hotlistId) }),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/hotlists/:hotlistId/entries',
      summary: 'Add an entry (plate, country, reason, valid from and until)',
      tags: ['admin'],
      security: ADMIN,
      params: ListParams,
      body: NewEntry.meta({ id: 'NewHotlistEntry' }),
      response: HotlistEntry,
      status: 201,
    },
    ({ officer, request, params, body }) =>
      asAdmin(
        { officer, request },
        { action: 'hotlist.entry-add', justification: body.reason },
        (actor) => addEntry(admin(actor), params.hotlistId, body),
      ),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/hotlists/:hotlistId/entries/:entryId/close',
      summary: 'Close an entry (never deleted): no read captured after it is a hit of it',
      tags: ['admin'],
      security: ADMIN,
      params: EntryParams,
      body: CloseEntry.meta({ id: 'CloseHotlistEntry' }),
      response: HotlistEntry,
    },
    ({ officer, request, params, body }) =>
      asAdmin(
        { officer, request },
        { action: 'hotlist.entry-close', justification: body.reason },
        (actor) => closeEntry(admin(actor), params.hotlistId, params.entryId, body),
      ),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/hotlists/:hotlistId/rerun',
      summary: 'Match the list against reads still retained; every hit is logged',
      tags: ['admin'],
      security: ADMIN,
      params: ListParams,
      body: Rerun.meta({ id: 'HotlistRerun' }),
      response: RerunReport,
    },
    ({ officer, request, params, body }) =>
      asAdmin(
        { officer, request },
        { action: 'hotlist.rerun', justification: body.reason },
        (actor) => rerunHotlist(admin(actor), params.hotlistId, body),
      ),
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/admin/deployments',
      summary: 'Units whose deployment names its lists (any other unit checks every active list)',
      tags: ['admin'],
      security: ADMIN,
      response: z.object({ deployments: z.array(Deployment) }),
    },
    () => ({ deployments: deploymentLists(deps.ctx.db) }),
  );

  route(
    app,
    {
      method: 'PUT',
      path: '/api/v1/admin/deployments/:unitId/hotlists',
      summary: "Set the lists a unit's deployment checks ([] = every active list)",
      tags: ['admin'],
      security: ADMIN,
      params: UnitParams,
      body: DeploymentLists.meta({ id: 'SetDeploymentLists' }),
      response: Deployment,
    },
    ({ officer, request, params, body }) =>
      asAdmin(
        { officer, request },
        { action: 'hotlist.deployment-set', justification: body.reason },
        (actor) => setDeploymentLists(admin(actor), params.unitId, body),
      ),
  );

  route(
    app,
    {
      method: 'GET',
      path: '/api/v1/admin/operations',
      summary: 'Targeted operations (DK § 6)',
      tags: ['admin'],
      security: ADMIN,
      response: z.object({ operations: z.array(OperationView) }),
    },
    () => ({ operations: listOperations(deps.ctx.db, now(deps)) }),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/operations',
      summary:
        "Create a targeted operation: its units' no-hit reads follow the pack's operation rule",
      tags: ['admin'],
      security: ADMIN,
      body: NewOperation.meta({ id: 'NewTargetedOperation' }),
      response: OperationView,
      status: 201,
    },
    ({ officer, request, body }) =>
      asAdmin(
        { officer, request },
        { action: 'operation.create', justification: body.reason },
        (actor) => createOperation(admin(actor), body),
      ),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/operations/:operationId/end',
      summary: 'End a targeted operation now',
      tags: ['admin'],
      security: ADMIN,
      params: OperationParams,
      body: EndOperation.meta({ id: 'EndTargetedOperation' }),
      response: OperationView,
    },
    ({ officer, request, params, body }) =>
      asAdmin(
        { officer, request },
        { action: 'operation.end', justification: body.reason },
        (actor) => endOperation(admin(actor), params.operationId, body),
      ),
  );

  route(
    app,
    {
      method: 'POST',
      path: '/api/v1/admin/operations/:operationId/units',
      summary: 'Link a mobile unit to a targeted operation',
      tags: ['admin'],
      security: ADMIN,
      params: OperationParams,
      body: LinkUnit.meta({ id: 'LinkOperationUnit' }),
      response: OperationView,
    },
    ({ officer, request, params, body }) =>
      asAdmin(
        { officer, request },
        { action: 'operation.link-unit', justification: body.reason },
        (actor) => linkUnit(admin(actor), params.operationId, body),
      ),
  );
};
