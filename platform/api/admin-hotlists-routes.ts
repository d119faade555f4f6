import { z } from 'zod';
import { Area } from '../../common/geo.ts';
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
import type { AuthenticatedOfficer } from '../http/auth.ts';
import { route } from '../http/openapi.ts';
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

const Iso = z.iso.datetime({ offset: true });

export const HotlistView = z
  .object({
    id: z.string(),
    name: z.string(),
    source: z.string(),
    owner: z.string().nullable(),
    legalBasis: z.string().nullable(),
    purpose: z.string().nullable(),
    category: z.number().int().nullable(),
    expiresAt: Iso.nullable(),
    createdAt: Iso,
    createdBy: z.string().nullable(),
    status: z.enum(['active', 'expired']),
    entries: z.object({ open: z.number().int(), closed: z.number().int() }),
    unitIds: z.array(z.string()),
  })
  .meta({ id: 'Hotlist' });

export const HotlistEntry = z
  .object({
    id: z.number().int(),
    hotlistId: z.string(),
    plate: z.string(),
    country: z.string().nullable(),
    category: z.number().int().nullable(),
    reason: z.string(),
    validFrom: Iso,
    validUntil: Iso.nullable(),
    createdAt: Iso,
    createdBy: z.string().nullable(),
    closedAt: Iso.nullable(),
    closedBy: z.string().nullable(),
    closedReason: z.string().nullable(),
  })
  .meta({ id: 'HotlistEntry' });

export const Deployment = z
  .object({ unitId: z.string(), hotlistIds: z.array(z.string()) })
  .meta({ id: 'DeploymentLists' });

export const RerunReport = z
  .object({
    hotlistId: z.string(),
    examined: z.number().int(),
    hits: z.number().int(),
    extended: z.number().int(),
  })
  .meta({ id: 'HotlistRerunReport' });

export const OperationView = z
  .object({
    id: z.string(),
    name: z.string(),
    unitIds: z.array(z.string()).nullable(),
    area: Area.nullable(),
    validFrom: Iso,
    validTo: Iso,
    decidedBy: z.string(),
    createdAt: Iso,
    endedAt: Iso.nullable(),
    endedBy: z.string().nullable(),
    endReason: z.string().nullable(),
    hotlistIds: z.array(z.string()),
    status: z.enum(['planned', 'running', 'ended']),
  })
  .meta({ id: 'TargetedOperation' });

const ListParams = z.object({ hotlistId: z.string().min(1).max(64) });
const EntryParams = ListParams.extend({ entryId: z.coerce.number().int().min(1) });
const UnitParams = z.object({ unitId: z.string().min(1).max(64) });
const OperationParams = z.object({ operationId: z.string().min(1).max(64) });

export const adminHotlistRoutes: ApiRoutes = (app, deps) => {
  const admin = (officer: AuthenticatedOfficer): AdminContext => ({
    db: deps.ctx.db,
    pack: deps.store.pack,
    audit: deps.audit,
    actor: { officerId: officer.id, username: officer.username, role: 'admin' },
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
    ({ officer, body }) => createGovernedHotlist(admin(officer), body),
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
    ({ officer, params, body }) => addEntry(admin(officer), params.hotlistId, body),
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
    ({ officer, params, body }) =>
      closeEntry(admin(officer), params.hotlistId, params.entryId, body),
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
    ({ officer, params, body }) => rerunHotlist(admin(officer), params.hotlistId, body),
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
    ({ officer, params, body }) => setDeploymentLists(admin(officer), params.unitId, body),
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
    ({ officer, body }) => createOperation(admin(officer), body),
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
    ({ officer, params, body }) => endOperation(admin(officer), params.operationId, body),
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
    ({ officer, params, body }) => linkUnit(admin(officer), params.operationId, body),
  );
};
