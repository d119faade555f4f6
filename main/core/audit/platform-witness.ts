/**
 * This workstation as a witness of the platform's own audit chain (#15).
 *
 * Every audit upload returns a checkpoint of the platform chain (a C2SP
 * signed note: "the chain had N entries, entry N had hash H", signed with the
 * platform's checkpoint key). The workstation checks the signature against
 * the key it pinned at its first contact, keeps the latest checkpoint in its
 * encrypted database, and shows it back with its next upload, where the
 * platform records it for the supervisors' chain verification. Someone who
 * cuts the platform chain and rewrites its head in the platform database
 * cannot reach this copy.
 *
 * A checkpoint naming a shorter chain than the one held (or the same length
 * with another hash) is refused and reported: the platform chain shrank or
 * was rewritten. The held, larger one is kept, so it is shown again.
 */
import { ApiError } from '../../../common/api/result.ts';
import type { PlatformCheckpointKey } from '../../../common/platform-api.ts';
import {
  openCheckpointNote,
  parseVerifierKey,
  type CheckpointNote,
} from '../../../common/signed-note.node.ts';
import type { RemoteWorkstationStore } from '../store/client.ts';

const KEY = 'audit.platformCheckpointKey';
const HELD = 'audit.platformCheckpoint';

export interface HeldCheckpoint extends CheckpointNote {
  note: string;
  receivedAt: string;
}

export interface PlatformWitness {
  /** The checkpoint held now, or null before the first one. */
  held(): Promise<HeldCheckpoint | null>;
  /**
   * Verifies and keeps `note`. Throws CONFLICT when it is not signed by the
   * pinned key, or names a shorter or different chain than the one held.
   */
  accept(note: string, fetchKey: () => Promise<PlatformCheckpointKey>): Promise<HeldCheckpoint>;
}

export function createPlatformWitness(
  ws: Pick<RemoteWorkstationStore, 'getSyncState' | 'setSyncState'>,
  clock: () => Date,
): PlatformWitness {
  async function held(): Promise<HeldCheckpoint | null> {
    const v = (await ws.getSyncState(HELD)) as Partial<HeldCheckpoint> | null | undefined;
    return v &&
      typeof v.note === 'string' &&
      typeof v.size === 'number' &&
      typeof v.hash === 'string'
      ? (v as HeldCheckpoint)
      : null;
  }

  /** The key pinned at the first contact (trust on first use), fetched and pinned if none. */
  async function pinnedKey(fetchKey: () => Promise<PlatformCheckpointKey>): Promise<string> {
    const pinned = await ws.getSyncState(KEY);
    if (typeof pinned === 'string') return pinned;
    const fetched = await fetchKey();
    if (!parseVerifierKey(fetched.vkey)) {
      throw new ApiError(
        'CONFLICT',
        "The platform published an audit checkpoint key this workstation cannot read; the platform's checkpoint was not kept.",
      );
    }
    await ws.setSyncState(KEY, fetched.vkey, clock());
    return fetched.vkey;
  }

  return {
    held,
    async accept(note, fetchKey) {
      const key = parseVerifierKey(await pinnedKey(fetchKey));
      const opened = key ? openCheckpointNote(note, key) : null;
      if (!opened) {
        throw new ApiError(
          'CONFLICT',
          "The platform's audit checkpoint does not carry a valid signature of the platform's checkpoint key " +
            'known to this workstation; it was not kept. Tell your supervisor.',
        );
      }
      const current = await held();
      if (current && opened.size < current.size) {
        throw new ApiError(
          'CONFLICT',
          `The platform's audit chain now has ${opened.size} entries, but this workstation holds the platform's ` +
            `signed checkpoint of ${current.size} entries: entries were removed from the platform's audit log. ` +
            'This workstation keeps its checkpoint as evidence; tell your supervisor.',
        );
      }
      if (current && opened.size === current.size) {
        if (opened.hash !== current.hash) {
          throw new ApiError(
            'CONFLICT',
            `The platform signed two different audit chains of ${opened.size} entries: its audit log was rewritten. ` +
              'This workstation keeps the first checkpoint as evidence; tell your supervisor.',
          );
        }
        return current;
      }
      const next: HeldCheckpoint = { ...opened, note, receivedAt: clock().toISOString() };
      await ws.setSyncState(HELD, next, clock());
      return next;
    },
  };
}
