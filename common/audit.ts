import { z } from 'zod';
import { Role } from './officer.ts';

/**
 * What one audit log entry says (EU Directive 2016/680, art. 25): which
 * processing operation, by whom, when, why, on what, with what outcome, and
 * for disclosures to whom. Pure schemas only: the hash chain that makes the
 * log tamper-evident lives in audit-chain.node.ts (it needs node:crypto).
 *
 * Entries are written by the platform and by every workstation, hashed in
 * canonical JSON, and kept for verifying lawfulness, self-monitoring,
 * integrity and criminal proceedings, never for anything else.
 */

export const AuditOperation = z.enum([
  'collection',
  'alteration',
  'consultation',
  'disclosure',
  'combination',
  'erasure',
]);
export type AuditOperation = z.infer<typeof AuditOperation>;

export const AuditOutcome = z.enum(['allowed', 'denied', 'error']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/** Entries written by the software itself (purge runs, gap records) carry role `system`. */
export const AuditActor = z.strictObject({
  officerId: z.string().min(1).max(64),
  username: z.string().min(1).max(64),
  role: z.union([Role, z.literal('system')]),
});
export type AuditActor = z.infer<typeof AuditActor>;

export const SYSTEM_ACTOR: AuditActor = { officerId: 'system', username: 'system', role: 'system' };

export const AuditSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('platform') }),
  z.strictObject({ kind: z.literal('workstation'), deviceId: z.string().min(1).max(128) }),
]);
export type AuditSource = z.infer<typeof AuditSource>;

/** Keep an entry reviewable: parameters are query parameters, not data dumps. */
export const MAX_AUDIT_PARAMETERS_CHARS = 16_384;

/**
 * Keys that would put erased personal data into the log of its erasure. A
 * guard against the obvious mistake (`{ plates: [...] }`), not a proof:
 * numbers and booleans under such keys are counts and flags, and pass.
 */
const ERASED_DATA_KEY = /plate|image|photo/i;

function findErasedData(value: unknown, depth = 0): string | null {
  if (depth > 8 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    if (ERASED_DATA_KEY.test(k) && v !== null && typeof v !== 'number' && typeof v !== 'boolean')
      return k;
    const inner = findErasedData(v, depth + 1);
    if (inner !== null) return inner;
  }
  return null;
}

export const AuditBody = z
  .strictObject({
    /** When the operation happened, UTC (`Z`), as seen by the writing side's clock. */
    at: z.iso.datetime(),
    actor: AuditActor,
    operation: AuditOperation,
    /** What was done in product terms, e.g. `reads.plate-history`, `case.export`. */
    action: z
      .string()
      .regex(
        /^[a-z0-9-]+(\.[a-z0-9-]+)+$/,
        'expected a dotted action name like reads.plate-history',
      ),
    caseId: z.string().min(1).max(64).nullable(),
    purpose: z.enum(['judicial', 'administrative']).nullable(),
    reasonCode: z.string().min(1).max(64).nullable(),
    justification: z.string().max(2000).nullable(),
    /** Query parameters. For erasures NEVER the erased data: counts and ranges only. */
    parameters: z.record(z.string(), z.unknown()),
    resultCount: z.number().int().min(0).nullable(),
    outcome: AuditOutcome,
    outcomeReason: z.string().max(500).nullable(),
    /** Who received the data (disclosures and transfers). */
    recipient: z.string().min(1).max(200).nullable(),
    source: AuditSource,
  })
  .superRefine((body, ctx) => {
    // Art. 25: consultation and disclosure logs must show the justification;
    // a denied attempt may lack one (that can be why it was denied).
    if (
      (body.operation === 'consultation' || body.operation === 'disclosure') &&
      body.outcome === 'allowed' &&
      !body.justification?.trim()
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['justification'],
        message: `an allowed ${body.operation} needs a justification`,
      });
    }
    // Art. 25: disclosure logs must identify the recipient.
    if (body.operation === 'disclosure' && body.recipient === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['recipient'],
        message: 'a disclosure must name its recipient',
      });
    }
    if (body.operation === 'erasure') {
      const key = findErasedData(body.parameters);
      if (key !== null) {
        ctx.addIssue({
          code: 'custom',
          path: ['parameters', key],
          message: 'an erasure entry records counts and ranges, never the erased data',
        });
      }
    }
    let size: number;
    try {
      size = JSON.stringify(body.parameters).length;
    } catch {
      size = Infinity; // cyclic or bigint: certainly not a reviewable parameter set
    }
    if (size > MAX_AUDIT_PARAMETERS_CHARS) {
      ctx.addIssue({
        code: 'custom',
        path: ['parameters'],
        message: 'parameters too large for an audit entry',
      });
    }
  });
export type AuditBody = z.infer<typeof AuditBody>;

/** 64 lower-case hex characters (SHA-256). */
export const HashHex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest');

/** A position in a chain: the entry with this sequence number has this hash. */
export const ChainPosition = z.strictObject({ seq: z.number().int().min(0), hash: HashHex });
export type ChainPosition = z.infer<typeof ChainPosition>;

/** Schema of a chain entry whose body is checked by `body` (e.g. AuditBody). */
export function chainEntrySchema<B extends z.ZodType>(body: B) {
  return z.strictObject({
    seq: z.number().int().min(1),
    prevHash: HashHex,
    hash: HashHex,
    body,
  });
}

/** An entry as it crosses a boundary (upload), body checked separately. */
export const RawChainEntry = chainEntrySchema(z.unknown());

export const AuditChainEntry = chainEntrySchema(AuditBody);
export type AuditChainEntry = z.infer<typeof AuditChainEntry>;

/** A device's signed statement "my chain's entry `seq` has hash `hash`" (Ed25519). */
export const CheckpointPayload = z.strictObject({
  deviceId: z.string().min(1).max(128),
  seq: z.number().int().min(0),
  hash: HashHex,
  at: z.iso.datetime({ offset: true }),
});
export type CheckpointPayload = z.infer<typeof CheckpointPayload>;

export const SignedCheckpoint = CheckpointPayload.extend({
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64'),
});
export type SignedCheckpoint = z.infer<typeof SignedCheckpoint>;
