import type { FastifyInstance, FastifyRequest } from 'fastify';
import { POLICY_PACKS } from '../../common/policy.ts';
import { actingAdmin, recordAdmin, type AdminDeps } from '../admin/context.ts';
import { migrateAdmin } from '../admin/migrations.ts';
import { isDataError } from '../data/errors.ts';
import type { AuthenticatedOfficer } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { reasonOf, type ApiDeps } from './deps.ts';

/**
 * What the administration routes share: the domain deps, the acting
 * administrator, and the audit of refused calls (who tried, what, why not).
 */

export const ADMIN_PREFIX = '/api/v1/admin/';
export const ADMIN_SECURITY = { roles: ['admin'] } as const;

const hooked = new WeakSet<FastifyInstance>();

export function adminKit(app: FastifyInstance, deps: ApiDeps) {
  const { ctx, audit } = deps;
  migrateAdmin(ctx.db, ctx.clock);
  const admin: AdminDeps = {
    db: ctx.db,
    accounts: ctx.identity.accounts,
    audit,
    pack: POLICY_PACKS[ctx.policy],
    clock: ctx.clock,
  };

  if (!hooked.has(app)) {
    hooked.add(app);
    // A signed-in officer refused by the role check never reaches a handler:
    // the attempt is logged here, so a non-admin probing administration shows
    // in the platform chain. Anonymous calls are not (no one to name).
    app.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode !== 403 || !request.url.startsWith(ADMIN_PREFIX)) return;
      if ((request as { adminAudited?: boolean }).adminAudited) return;
      const officerId = await ctx.authenticate.officerOf(request);
      if (!officerId) return;
      const account = ctx.identity.accounts.byId(officerId);
      try {
        audit.append({
          actor: {
            officerId,
            username: account?.username ?? officerId,
            role: account?.roles[0] ?? 'system',
          },
          operation: request.method === 'GET' ? 'consultation' : 'alteration',
          action: 'admin.refused',
          caseId: null,
          purpose: null,
          reasonCode: null,
          justification: null,
          parameters: { method: request.method, route: request.routeOptions.url ?? null },
          resultCount: null,
          outcome: 'denied',
          outcomeReason: 'The administrator role is required.',
          recipient: null,
        });
      } catch (error) {
        ctx.log.error({ err: (error as Error).message }, 'could not audit a refused admin call');
      }
    });
  }

  /**
   * Runs an administrative call as the signed-in officer. A refusal by the
   * domain (bad input, unknown officer, last admin, …) rolls the change back
   * and is logged as denied with its reason, the justification as given.
   */
  async function asAdmin<T>(
    call: { officer: AuthenticatedOfficer; request: FastifyRequest },
    attempt: { action: string; justification?: unknown; caseId?: string | null },
    run: (actor: ReturnType<typeof actingAdmin>) => T | Promise<T>,
  ): Promise<T> {
    const { officer, request } = call;
    let actor: ReturnType<typeof actingAdmin>;
    try {
      actor = actingAdmin(admin, officer.username);
    } catch (error) {
      // Answered 403: the hook must not log the same attempt twice.
      (request as { adminAudited?: boolean }).adminAudited = true;
      recordRefusal(officer, attempt, error, 'system');
      throw error;
    }
    try {
      return await run(actor);
    } catch (error) {
      if (isDataError(error) || error instanceof HttpError)
        recordRefusal(officer, attempt, error, 'admin');
      throw error;
    }
  }

  function recordRefusal(
    officer: AuthenticatedOfficer,
    attempt: { action: string; justification?: unknown; caseId?: string | null },
    error: unknown,
    role: 'admin' | 'system',
  ): void {
    recordAdmin(
      admin,
      {
        officerId: officer.id,
        username: officer.username,
        role: role === 'admin' ? 'admin' : (officer.roles[0] ?? 'system'),
      },
      { channel: 'api' },
      {
        action: attempt.action,
        caseId: attempt.caseId && attempt.caseId.length <= 64 ? attempt.caseId : null,
        justification:
          typeof attempt.justification === 'string' ? attempt.justification.slice(0, 2000) : null,
        parameters: {},
        outcome: 'denied',
        outcomeReason: reasonOf(error),
      },
    );
  }

  return { admin, asAdmin };
}
