import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '../../common/audit.ts';
import { HttpError, sendError } from '../http/errors.ts';
import {
  BatchTooLargeError,
  IngestResponse,
  splitNdjson,
  storeBatch,
  type IngestResponse as IngestResult,
} from '../ingest/batch.ts';
import { IngestRecord } from '../ingest/record.ts';
import { UnitStore, type IngestUnit } from '../ingest/units.ts';
import { IngestBusyError, IngestWriter, isBusyError } from '../ingest/writer.ts';
import { reasonOf, type ApiRoutes } from './deps.ts';
import {
  recordContact,
  registeredPosition,
  type HeartbeatChange,
} from '../data/camera-register.ts';
import { auditHeartbeatChanges, HeartbeatResponse } from '../ingest/heartbeat.ts';

/**
 * `POST /api/v1/ingest`: camera and vehicle units deliver reads.
 *
 * Units authenticate with their own machine credential (`Authorization:
 * Bearer anpr-unit.…`, see platform/ingest/units.ts), never with an
 * officer's token, and only ever for this route. The body is NDJSON, one
 * read per line (IngestRecord); the answer has one result per record. Each
 * batch is one `collection` entry in the platform's audit chain, under the
 * unit's identity, with its counts.
 */

export interface IngestRouteOptions {
  /** Request body limit; default 8 MiB. */
  bodyLimitBytes?: number;
  /** Records per request; default 10,000. */
  maxRecords?: number;
  /** See IngestWriter. */
  maxGroupReads?: number;
  maxQueuedReads?: number;
  /** Requests per minute per client IP on this route (units behind one gateway share it); default 6,000. */
  perIpPerMinute?: number;
}

export const INGEST_PATH = '/api/v1/ingest';
export const HEARTBEAT_PATH = '/api/v1/ingest/heartbeat';
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

declare module 'fastify' {
  interface FastifyRequest {
    ingestUnit?: { unit: IngestUnit; credentialId: string };
  }
}

const unitActor = (unitId: string): AuditActor => ({
  officerId: `unit:${unitId}`,
  username: unitId,
  role: 'system',
});

export function createIngestRoutes(options: IngestRouteOptions = {}): ApiRoutes {
  const bodyLimit = options.bodyLimitBytes ?? 8 * 1024 * 1024;
  const maxRecords = options.maxRecords ?? 10_000;

  return async (app, deps) => {
    const { ctx, store, audit } = deps;
    const units = new UnitStore(ctx.db, ctx.clock);
    const writer = new IngestWriter(store, {
      clock: ctx.clock,
      ...(options.maxGroupReads ? { maxGroupReads: options.maxGroupReads } : {}),
      ...(options.maxQueuedReads ? { maxQueuedReads: options.maxQueuedReads } : {}),
    });

    app.apiRegistry!.add({
      method: 'POST',
      path: INGEST_PATH,
      summary: 'Deliver reads from a camera or vehicle unit (NDJSON, one IngestRecord per line)',
      description:
        `Authenticated with the unit's machine credential (Authorization: Bearer anpr-unit.…; created with ` +
        '`platform units add`), not an officer token. Body: Content-Type application/x-ndjson, ' +
        `at most ${maxRecords} records and ${Math.round(bodyLimit / 1048576)} MiB. Idempotent by read id: a resent ` +
        'read (same id, same capture time) is reported as duplicate and stored once; an id reused by ' +
        'a unit for a read of another week is stored as the other read it is. The answer has one result per record ' +
        '(accepted / duplicate / rejected with a reason). 503 with Retry-After when the store is busy: ' +
        'nothing of that batch was stored; resend it unchanged. 401 for a missing, unknown or revoked credential.',
      tags: ['ingest'],
      security: 'unit',
      body: IngestRecord,
      bodyTypes: NDJSON_TYPES,
      response: IngestResponse,
      status: 200,
      errors: {
        401: 'No unit credential, an unknown one (unauthenticated) or a revoked one (credential_revoked).',
        413: `More than ${maxRecords} records or ${Math.round(bodyLimit / 1048576)} MiB.`,
        415: 'The body is not NDJSON.',
        503: 'The store is busy: nothing of the batch was stored; resend it unchanged after Retry-After seconds.',
      },
    });
    app.apiRegistry!.add({
      method: 'POST',
      path: HEARTBEAT_PATH,
      summary: 'A unit says it is alive without sending reads (heartbeat)',
      description:
        "Authenticated with the unit's machine credential like the ingest call; no body. Every ingest batch " +
        'counts as a heartbeat too. A registered camera whose unit stays silent longer than its heartbeat ' +
        'interval is marked down from its last contact (an outage in GET /api/v1/cameras) and up again at ' +
        'the next heartbeat or batch.',
      tags: ['ingest'],
      security: 'unit',
      response: HeartbeatResponse,
      status: 200,
    });

    await app.register(async (scope) => {
      // NDJSON stays a string here; splitNdjson parses it line by line so
      // one bad line costs one record, not the batch.
      scope.addContentTypeParser(
        NDJSON_TYPES,
        { parseAs: 'string', bodyLimit },
        (_request, body, done) => done(null, body),
      );

      scope.post(
        INGEST_PATH,
        {
          bodyLimit,
          config: {
            rateLimit: { max: options.perIpPerMinute ?? 6_000, timeWindow: 60_000 },
          },
          // Before the body is read: an unauthenticated sender does not get 8 MiB parsed.
          onRequest: async (request, reply) => {
            const auth = authenticateUnit(request);
            if (auth !== null) return sendError(reply, auth);
          },
        },
        async (request, reply) => handle(request, reply),
      );

      scope.post(
        HEARTBEAT_PATH,
        {
          config: {
            rateLimit: { max: options.perIpPerMinute ?? 6_000, timeWindow: 60_000 },
          },
          onRequest: async (request, reply) => {
            const auth = authenticateUnit(request);
            if (auth !== null) return sendError(reply, auth);
          },
        },
        async (request, reply) => {
          const { unit } = request.ingestUnit!;
          const now = ctx.clock();
          const changes = contact(unit.id, now);
          if (changes === null)
            throw new HttpError(
              503,
              'busy',
              'The platform is busy; send the heartbeat again shortly.',
              {
                'retry-after': '1',
              },
            );
          return reply
            .code(200)
            .type('application/json; charset=utf-8')
            .send(
              HeartbeatResponse.parse({
                unitId: unit.id,
                at: now.toISOString(),
                up: changes.filter((c) => c.change === 'up').length,
              }),
            );
        },
      );
    });

    /**
     * A unit reached the platform: its camera (if registered and down) is up
     * again. null when another writer holds the database: the contact is not
     * recorded, and the unit's next batch or heartbeat records it.
     */
    function contact(unitId: string, now: Date): HeartbeatChange[] | null {
      try {
        return ctx.db.transaction(() => {
          const changes = recordContact(ctx.db, unitId, now);
          auditHeartbeatChanges(audit, changes);
          return changes;
        })();
      } catch (error) {
        if (isBusyError(error)) return null;
        throw error;
      }
    }

    function authenticateUnit(request: FastifyRequest): HttpError | null {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const unauthenticated = new HttpError(
        401,
        'unauthenticated',
        'A unit credential is required (Authorization: Bearer anpr-unit.…).',
        { 'www-authenticate': 'Bearer realm="ingest"' },
      );
      if (!match) return unauthenticated;
      const auth = units.authenticate(match[1]!);
      if (auth.status === 'unknown') return unauthenticated;
      if (auth.status === 'revoked') {
        audit.append({
          actor: unitActor(auth.unit.id),
          operation: 'collection',
          action: 'reads.ingest',
          caseId: null,
          purpose: null,
          reasonCode: null,
          justification: null,
          parameters: { unitId: auth.unit.id, credentialId: auth.credentialId },
          resultCount: null,
          outcome: 'denied',
          outcomeReason: 'credential revoked',
          recipient: null,
        });
        return new HttpError(401, 'credential_revoked', 'This unit credential has been revoked.', {
          'www-authenticate': 'Bearer realm="ingest", error="invalid_token"',
        });
      }
      request.ingestUnit = { unit: auth.unit, credentialId: auth.credentialId };
      return null;
    }

    async function handle(request: FastifyRequest, reply: FastifyReply) {
      const { unit, credentialId } = request.ingestUnit!;
      const type = String(request.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      if (!NDJSON_TYPES.includes(type) || typeof request.body !== 'string') {
        throw new HttpError(
          415,
          'unsupported_media_type',
          'Send the reads as NDJSON (Content-Type: application/x-ndjson), one read per line.',
        );
      }
      const contactAt = ctx.clock();
      const position = unit.unitType === 'fixed' ? registeredPosition(ctx.db, unit.id) : null;
      let result: IngestResult;
      try {
        const batch = splitNdjson(request.body, { ...unit, position }, maxRecords);
        result = await storeBatch(batch, unit.id, writer);
      } catch (error) {
        if (error instanceof BatchTooLargeError)
          throw new HttpError(413, 'payload_too_large', error.message);
        if (error instanceof IngestBusyError) {
          request.log.info({ unitId: unit.id, queued: writer.queuedReads }, 'ingest busy');
          throw new HttpError(503, 'busy', error.message, {
            'retry-after': String(error.retryAfterSeconds),
          });
        }
        auditBatch(unit, credentialId, null, reasonOf(error));
        throw error;
      }
      auditBatch(unit, credentialId, result, null);
      // Any batch the platform took is a heartbeat, whatever its reads.
      contact(unit.id, contactAt);
      if (result.accepted > 0) units.touch(unit.id, ctx.clock());
      return reply.code(200).type('application/json; charset=utf-8').send(result);
    }

    function auditBatch(
      unit: IngestUnit,
      credentialId: string,
      result: IngestResult | null,
      error: string | null,
    ) {
      audit.append({
        actor: unitActor(unit.id),
        operation: 'collection',
        action: 'reads.ingest',
        caseId: null,
        purpose: null,
        reasonCode: null,
        justification: null,
        parameters: {
          unitId: unit.id,
          unitType: unit.unitType,
          credentialId,
          ...(result
            ? {
                received: result.received,
                accepted: result.accepted,
                duplicates: result.duplicates,
                rejected: result.rejected,
                expired: result.expired,
                hits: result.hits,
              }
            : {}),
        },
        resultCount: result ? result.accepted : null,
        outcome: error === null ? 'allowed' : 'error',
        outcomeReason: error,
        recipient: null,
      });
    }
  };
}

/** The module as shipped (API_ROUTES in platform/reference.ts). */
export const ingestRoutes: ApiRoutes = createIngestRoutes();
