import { z } from 'zod';
import type { AuditActor } from '../../common/audit.ts';
import {
  CameraEditRequest,
  CameraImportReport,
  CameraImportRequest,
  CameraRetireRequest,
  EndOutageRequest,
  AddOutageRequest,
  Outage,
  OutageList,
  RegisterCamera,
  RegisterCameraList,
} from '../../common/camera-register.ts';
import {
  addManualOutage,
  editCamera,
  endOutage,
  ensureCameraRegister,
  evaluateHeartbeats,
  importCameraRegister,
  listOutages,
  listRegister,
  parseCameraRegister,
  retireCamera,
} from '../data/camera-register.ts';
import { authenticate, type AuthenticatedOfficer } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { route } from '../http/openapi.ts';
import { auditHeartbeatChanges } from '../ingest/heartbeat.ts';
import { reasonOf, type ApiDeps, type ApiRoutes } from './deps.ts';

/**
 * The camera register's administration API (issue #14 item 3): import
 * (CSV / GeoJSON), edits, retirement, outages by hand, and the heartbeat
 * check that marks a silent unit's camera down. Admin role only. Every call,
 * refused ones too, is one audit entry with who (the officer), what (action
 * and parameters) and why (the justification); a change and its entry are
 * one transaction, so nothing half-done stays behind.
 *
 * The same domain functions back `platform cameras|outages` on the CLI
 * (platform/data/camera-register-command.ts).
 */

export const CAMERAS_PATH = '/api/v1/cameras';
const ADMIN = 'admin' as const;

/** How often the heartbeat check runs (on the platform's clock, so tests move it on). */
export const HEARTBEAT_CHECK_MS = 60_000;

const CameraParams = z.object({ cameraId: z.string().min(1).max(64) });
const OutageParams = z.object({ outageId: z.uuid() });
const OutageQuery = z.object({ cameraId: z.string().min(1).max(64).optional() });

/** Audit action of each administrative route, also for its refusals. */
const ACTION_OF: Record<string, string> = {
  'GET /api/v1/admin/cameras': 'camera.list',
  'POST /api/v1/admin/cameras/import': 'camera.import',
  'PATCH /api/v1/admin/cameras/:cameraId': 'camera.edit',
  'POST /api/v1/admin/cameras/:cameraId/retire': 'camera.retire',
  'GET /api/v1/admin/outages': 'camera.outage.list',
  'POST /api/v1/admin/outages': 'camera.outage.add',
  'POST /api/v1/admin/outages/:outageId/end': 'camera.outage.end',
};

const actorOf = (officer: AuthenticatedOfficer): AuditActor => ({
  officerId: officer.id,
  username: officer.username,
  role: officer.roles.includes(ADMIN) ? ADMIN : (officer.roles[0] ?? 'detective'),
});

interface AdminCall<T> {
  action: string;
  /** Why, as the administrator gave it; reads carry a fixed one. */
  justification: string;
  parameters: Record<string, unknown>;
  operation?: 'alteration' | 'consultation';
  run: () => T;
  /** Counts and ids of the result for the audit entry (never the register's content). */
  summary?: (result: T) => { resultCount?: number; parameters?: Record<string, unknown> };
}

export function adminCamerasRoutesWith(options: { checkEveryMs?: number } = {}): ApiRoutes {
  return (app, deps: ApiDeps) => {
    const { ctx, audit } = deps;
    const db = ctx.db;
    ensureCameraRegister(db);

    // Refusals are audited too: a non-administrator is stopped here, before
    // the body is validated (they learn nothing of its rules), and the attempt
    // goes into the chain with who, what and the reason they gave.
    const ACTIONS = new Map<string, string>();
    app.addHook('preHandler', async (request) => {
      const action = ACTIONS.get(`${request.method} ${request.routeOptions.url}`);
      if (!action) return;
      const officer = await authenticate(request);
      if (officer.roles.includes(ADMIN)) return;
      const given = (request.body as { justification?: unknown } | null)?.justification;
      audit.append({
        actor: actorOf(officer),
        operation: 'alteration',
        action,
        caseId: null,
        purpose: null,
        reasonCode: null,
        justification: typeof given === 'string' ? given.slice(0, 2000) : null,
        parameters: { ...(request.params as Record<string, unknown>) },
        resultCount: null,
        outcome: 'denied',
        outcomeReason: 'not an administrator',
        recipient: null,
      });
      throw new HttpError(
        403,
        'forbidden',
        'The camera register is administered by the administrator role only.',
      );
    });
    // An administrator's request refused for its input before any domain
    // function ran (the route's schema) is audited too; refusals from the
    // domain functions are audited by adminCall.
    app.addHook('onError', async (request, _reply, error) => {
      const action = ACTIONS.get(`${request.method} ${request.routeOptions.url}`);
      if (!action || !(error instanceof HttpError) || error.code !== 'invalid_request') return;
      const officer = await authenticate(request).catch(() => null);
      if (!officer?.roles.includes(ADMIN)) return;
      const given = (request.body as { justification?: unknown } | null)?.justification;
      audit.append({
        actor: actorOf(officer),
        operation: 'alteration',
        action,
        caseId: null,
        purpose: null,
        reasonCode: null,
        justification: typeof given === 'string' ? given.slice(0, 2000) : null,
        parameters: { ...(request.params as Record<string, unknown>) },
        resultCount: null,
        outcome: 'error',
        outcomeReason: error.message.slice(0, 500),
        recipient: null,
      });
    });
    const adminRoute: typeof route = (instance, spec, handler) => {
      ACTIONS.set(`${spec.method} ${spec.path}`, ACTION_OF[`${spec.method} ${spec.path}`]!);
      route(instance, spec, handler);
    };

    /** One administrative call, run and audited in one transaction; a failure is audited after the rollback. */
    function adminCall<T>(officer: AuthenticatedOfficer, call: AdminCall<T>): T {
      const entry = {
        actor: actorOf(officer),
        operation: call.operation ?? 'alteration',
        action: call.action,
        caseId: null,
        purpose: null,
        reasonCode: null,
        justification: call.justification,
        recipient: null,
      } as const;
      try {
        return db.transaction(() => {
          const result = call.run();
          const summary = call.summary?.(result) ?? {};
          audit.append({
            ...entry,
            parameters: { ...call.parameters, ...summary.parameters },
            resultCount: summary.resultCount ?? null,
            outcome: 'allowed',
            outcomeReason: null,
          });
          return result;
        })();
      } catch (error) {
        audit.append({
          ...entry,
          parameters: call.parameters,
          resultCount: null,
          outcome: 'error',
          outcomeReason: reasonOf(error),
        });
        throw error;
      }
    }

    /** The heartbeat check and its audit entries, one transaction. */
    const check = () =>
      db.transaction(() => auditHeartbeatChanges(audit, evaluateHeartbeats(db, ctx.clock())))();

    // Outages are read right after a check, so what a reader sees never
    // depends on when the timer last fired; the timer records "down" for
    // units nobody looks at.
    app.addHook('onRequest', async (request) => {
      if (request.method !== 'GET' || request.routeOptions.url !== CAMERAS_PATH) return;
      try {
        check();
      } catch (error) {
        // The map still gets the register as of the last check (busy store, say).
        request.log.warn(
          { err: (error as Error).message },
          'heartbeat check before camera list failed',
        );
      }
    });
    const every = options.checkEveryMs ?? HEARTBEAT_CHECK_MS;
    if (every > 0) {
      const timer = setInterval(() => {
        try {
          check();
        } catch (error) {
          ctx.log.error({ err: (error as Error).message }, 'heartbeat check failed');
        }
      }, every);
      timer.unref();
      app.addHook('onClose', async () => clearInterval(timer));
    }

    const READ_WHY = 'Administration of the camera register.';

    adminRoute(
      app,
      {
        method: 'GET',
        path: '/api/v1/admin/cameras',
        summary: 'The camera register with status, heartbeat interval, last contact and down-now',
        tags: ['admin', 'cameras'],
        security: { roles: [ADMIN] },
        response: RegisterCameraList,
      },
      ({ officer }) =>
        adminCall(officer, {
          action: 'camera.list',
          operation: 'consultation',
          justification: READ_WHY,
          parameters: {},
          run: () => {
            check();
            return { cameras: listRegister(db) };
          },
          summary: (r) => ({ resultCount: r.cameras.length }),
        }),
    );

    adminRoute(
      app,
      {
        method: 'POST',
        path: '/api/v1/admin/cameras/import',
        summary:
          'Import a camera register (CSV or GeoJSON); re-importing the same file changes nothing',
        description:
          'CSV: a header line with the columns id, site name, lat, lon, direction, road, operator, type ' +
          '(heading and lanes optional). GeoJSON: a FeatureCollection of Point features with those properties. ' +
          'Valid rows are added or updated in one transaction; rejected rows are reported by line (CSV) or ' +
          'feature number (GeoJSON) with the reason.',
        tags: ['admin', 'cameras'],
        security: { roles: [ADMIN] },
        body: CameraImportRequest,
        response: CameraImportReport,
        bodyLimit: 10 * 1024 * 1024,
      },
      async ({ officer, body }) => {
        // Parsed before the transaction (the CSV reader is asynchronous); parsing changes nothing.
        // Parsed before the transaction (the CSV reader is asynchronous); a file
        // refused as a whole (no header, not GeoJSON) is audited like any failure.
        const parsed = await parseCameraRegister(body.content, { format: body.format }).then(
          (p) => ({ ok: p }),
          (error: unknown) => ({ error }),
        );
        return adminCall(officer, {
          action: 'camera.import',
          justification: body.justification,
          parameters: { format: body.format ?? null, chars: body.content.length },
          run: () => {
            if ('error' in parsed) throw parsed.error;
            return importCameraRegister(db, parsed.ok, officer.id, ctx.clock());
          },
          summary: (r) => ({
            resultCount: r.inserted + r.updated,
            parameters: {
              format: r.format,
              inserted: r.inserted,
              updated: r.updated,
              unchanged: r.unchanged,
              rejected: r.rejected.length,
            },
          }),
        });
      },
    );

    adminRoute(
      app,
      {
        method: 'PATCH',
        path: '/api/v1/admin/cameras/:cameraId',
        summary:
          'Edit one camera (site, position, direction, road, operator, type, status, heartbeat interval)',
        tags: ['admin', 'cameras'],
        security: { roles: [ADMIN] },
        params: CameraParams,
        body: CameraEditRequest,
        response: RegisterCamera,
      },
      ({ officer, params, body }) =>
        adminCall(officer, {
          action: 'camera.edit',
          justification: body.justification,
          parameters: { cameraId: params.cameraId, fields: Object.keys(body.changes) },
          run: () => editCamera(db, params.cameraId, body.changes, officer.id, ctx.clock()),
        }),
    );

    adminRoute(
      app,
      {
        method: 'POST',
        path: '/api/v1/admin/cameras/:cameraId/retire',
        summary: 'Retire a camera (kept for its past reads; no longer watched for heartbeats)',
        tags: ['admin', 'cameras'],
        security: { roles: [ADMIN] },
        params: CameraParams,
        body: CameraRetireRequest,
        response: RegisterCamera,
      },
      ({ officer, params, body }) =>
        adminCall(officer, {
          action: 'camera.retire',
          justification: body.justification,
          parameters: { cameraId: params.cameraId },
          run: () => retireCamera(db, params.cameraId, officer.id, ctx.clock()),
        }),
    );

    adminRoute(
      app,
      {
        method: 'GET',
        path: '/api/v1/admin/outages',
        summary: 'Camera outages: entered by hand and from unit heartbeats (open ones have no end)',
        tags: ['admin', 'cameras'],
        security: { roles: [ADMIN] },
        query: OutageQuery,
        response: OutageList,
      },
      ({ officer, query }) =>
        adminCall(officer, {
          action: 'camera.outage.list',
          operation: 'consultation',
          justification: READ_WHY,
          parameters: { cameraId: query.cameraId ?? null },
          run: () => {
            check();
            return { outages: listOutages(db, query.cameraId) };
          },
          summary: (r) => ({ resultCount: r.outages.length }),
        }),
    );

    adminRoute(
      app,
      {
        method: 'POST',
        path: '/api/v1/admin/outages',
        summary: 'Enter an outage by hand: camera, start, end (absent: still down) and reason',
        tags: ['admin', 'cameras'],
        security: { roles: [ADMIN] },
        body: AddOutageRequest,
        response: Outage,
        status: 201,
      },
      ({ officer, body }) => {
        const { justification, ...outage } = body;
        return adminCall(officer, {
          action: 'camera.outage.add',
          justification,
          parameters: { cameraId: outage.cameraId, from: outage.from, to: outage.to },
          run: () => addManualOutage(db, outage, officer.id, ctx.clock()),
          summary: (o) => ({ parameters: { outageId: o.id } }),
        });
      },
    );

    adminRoute(
      app,
      {
        method: 'POST',
        path: '/api/v1/admin/outages/:outageId/end',
        summary: 'End an open outage (the camera is back), now or at a given time',
        tags: ['admin', 'cameras'],
        security: { roles: [ADMIN] },
        params: OutageParams,
        body: EndOutageRequest,
        response: Outage,
      },
      ({ officer, params, body }) =>
        adminCall(officer, {
          action: 'camera.outage.end',
          justification: body.justification,
          parameters: { outageId: params.outageId, to: body.to ?? null },
          run: () => endOutage(db, params.outageId, officer.id, ctx.clock(), body.to),
        }),
    );
  };
}

/** The module as shipped (API_ROUTES in platform/reference.ts). */
export const adminCamerasRoutes: ApiRoutes = adminCamerasRoutesWith();
