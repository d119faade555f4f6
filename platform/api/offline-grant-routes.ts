import { importJWK, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { addDuration, POLICY_PACKS } from '../../common/policy.ts';
import {
  deviceKeyThumbprint,
  OFFLINE_GRANT_AUDIENCE,
  OFFLINE_GRANT_TYPE,
  OFFLINE_GRANTS_PATH,
  OfflineGrantRequest,
  OfflineGrantResponse,
  type OfflineGrantClaims,
} from '../../common/offline-grant.node.ts';
import { route } from '../http/openapi.ts';
import { auditRequest, type ApiRoutes } from './deps.ts';

/**
 * Offline grants (#15): after an online sign-in with MFA, a detective's
 * workstation asks for one. It names the officer, the workstation's audit
 * key, the open cases the officer is assigned to now, and an end the policy
 * pack sets (`offline.grantLength`). It is signed with the identity
 * provider's key, whose public half the workstation fetched from the JWKS at
 * sign-in, so the workstation can check it with no platform in reach.
 */
export const offlineGrantRoutes: ApiRoutes = (app, deps) => {
  const { ctx, store } = deps;
  const pack = POLICY_PACKS[ctx.policy];

  route(
    app,
    {
      method: 'POST',
      path: OFFLINE_GRANTS_PATH,
      summary: 'Issue a signed offline grant for this officer on this workstation (needs MFA)',
      tags: ['identity'],
      // Default security: a token with MFA (otp in amr); offline work is case work.
      security: { roles: ['detective'] },
      body: OfflineGrantRequest,
      response: OfflineGrantResponse,
    },
    async ({ officer, body }) => {
      // The grant binds the device's audit key: it must be the key the platform
      // knows for this device (a different key for a known device is refused).
      deps.audit.registerDevice(body.deviceId, officer.id, body.publicKeyPem);
      const jkt = await deviceKeyThumbprint(body.publicKeyPem);
      const cases = (await store.listCasesForOfficer(officer.id)).filter(
        (c) => c.status === 'open',
      );
      const now = ctx.clock();
      const notAfter = addDuration(now, pack.offline.grantLength);
      const claims: Omit<OfflineGrantClaims, 'iss' | 'aud' | 'iat' | 'exp' | 'jti' | 'sub'> = {
        preferred_username: officer.username,
        name: officer.displayName,
        roles: officer.roles,
        amr: officer.amr,
        device_id: body.deviceId,
        cnf: { jkt },
        policy: ctx.policy,
        cases,
      };
      const jwk = ctx.identity.secrets.jwks.keys[0]!;
      const grant = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: OFFLINE_GRANT_TYPE })
        .setIssuer(ctx.issuer)
        .setAudience(OFFLINE_GRANT_AUDIENCE)
        .setSubject(officer.id)
        .setJti(randomUUID())
        .setIssuedAt(Math.floor(now.getTime() / 1000))
        .setExpirationTime(Math.floor(notAfter.getTime() / 1000))
        .sign(await importJWK(jwk, 'ES256'));
      auditRequest(deps, officer, 'detective', {
        operation: 'consultation',
        action: 'identity.offline-grant',
        caseId: null,
        purpose: null,
        reasonCode: null,
        justification:
          'Offline grant for work without the platform (security event, not a consultation of reads).',
        parameters: {
          deviceId: body.deviceId,
          notAfter: notAfter.toISOString(),
          cases: cases.map((c) => c.id),
        },
        resultCount: cases.length,
        outcome: 'allowed',
        outcomeReason: null,
        recipient: null,
      });
      return {
        grant,
        notAfter: new Date(Math.floor(notAfter.getTime() / 1000) * 1000).toISOString(),
      };
    },
  );
};
