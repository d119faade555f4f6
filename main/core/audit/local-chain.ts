/**
 * Verification of the audit chain kept in the workstation database.
 *
 * The hash chain itself (common/audit-chain) catches an edited, deleted,
 * inserted or reordered entry. Cutting off the newest entries leaves a
 * consistent chain, so the walk must also reach an independently known head:
 * the last signed checkpoint stored in the database (its signature is checked
 * with the device's public key, so the checkpoint row cannot simply be edited
 * to match), or the head this process wrote itself if that is further along.
 *
 * What this cannot catch on its own: someone holding the database key who
 * deletes the newest entries AND the newest checkpoints. The platform keeps
 * the device's acknowledged head and is the authority for that case.
 */
import {
  verifyChain,
  verifyCheckpoint,
  type ChainEntry,
  type ChainPosition,
  type VerifyResult,
} from '../../../common/audit-chain.node.ts';
import type { SignedCheckpoint } from '../../../common/audit.ts';
import type { RemoteWorkstationStore } from '../store/client.ts';
import type { AuditEntryRecord, CheckpointRecord } from '../store/workstation-store.ts';

const PAGE = 1000;

/** A stored entry as the chain sees it. A body that is not JSON any more cannot hash right and is reported as edited. */
export function toChainEntry(r: AuditEntryRecord): ChainEntry {
  let body: unknown;
  try {
    body = JSON.parse(r.body) as unknown;
  } catch {
    body = { unparseableBody: r.body.length };
  }
  return { seq: r.seq, prevHash: r.prevHash, hash: r.hash, body };
}

/** Every stored entry in seq order, read page by page from the worker. */
export async function readLocalChain(workstation: RemoteWorkstationStore): Promise<ChainEntry[]> {
  const out: ChainEntry[] = [];
  let from = 0;
  for (;;) {
    const page = await workstation.auditEntries(from, PAGE);
    for (const r of page) out.push(toChainEntry(r));
    const last = page.at(-1);
    if (!last || page.length < PAGE) return out;
    from = last.seq + 1;
  }
}

export function storedCheckpoint(deviceId: string, c: CheckpointRecord): SignedCheckpoint | null {
  if (c.signature === null) return null;
  return { deviceId, seq: c.seq, hash: c.hash, at: c.createdAt, signature: c.signature };
}

export interface LocalChainOptions {
  deviceId: string;
  publicKeyPem: string;
  /** The head this process appended last, if any (known without trusting the database). */
  knownHead?: ChainPosition | null;
}

/**
 * Verifies the whole local chain; on failure names the first bad entry
 * (`firstBadSeq`) and what happened to it (`problem`, `message` for the
 * supervisor). A truncated tail is reported as `truncated` from the first
 * missing sequence number.
 */
export async function verifyLocalChain(
  workstation: RemoteWorkstationStore,
  options: LocalChainOptions,
): Promise<VerifyResult> {
  const checkpoint = await workstation.lastCheckpoint();
  let expectedHead: ChainPosition | undefined;
  if (checkpoint) {
    const signed = storedCheckpoint(options.deviceId, checkpoint);
    if (signed === null || !verifyCheckpoint(options.publicKeyPem, signed)) {
      return {
        ok: false,
        firstBadSeq: checkpoint.seq,
        problem: 'edited',
        message:
          `The signed checkpoint for entry ${checkpoint.seq} does not carry a valid signature of this device: ` +
          'the checkpoint record was altered.',
      };
    }
    expectedHead = { seq: checkpoint.seq, hash: checkpoint.hash };
  }
  // The further of the two anchors: the chain must link up to it, which also
  // vouches for every entry before it (each hash commits to its predecessor).
  const known = options.knownHead;
  if (known && (!expectedHead || known.seq >= expectedHead.seq)) expectedHead = known;

  const entries = await readLocalChain(workstation);
  return verifyChain(entries, expectedHead ? { expectedHead } : {});
}
