/**
 * Remote deprovisioning (#15 item 9): when the platform says this workstation
 * is revoked, every local case store is crypto-shredded (key out of the
 * keychain first, then the files: CaseStores.shred, the same path as a closed
 * case), each erasure is written to the local audit chain, the chain is
 * delivered to the platform one last time, and then the workstation database
 * (settings, sync state, the chain itself) and the device signing key are
 * destroyed the same way. The platform already logged the erasure order when
 * it answered the status request; the device's report of what it erased
 * follows if the network allows.
 *
 * A marker file stays behind so the workstation does not quietly start over
 * as a new device: it refuses to work until IT support re-enrols it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../common/api/result.ts';
import { SYSTEM_ACTOR } from '../../../common/audit.ts';
import type { AuditLog, AuditUploaderLike } from '../audit/audit-log.ts';
import type { DeviceClient } from '../audit/device-client.ts';
import { KeychainAccounts, type SecretStore } from '../keychain.ts';
import type { CaseStores } from '../store/case-stores.ts';
import { auditErasure } from './retention.ts';

export const DEPROVISIONED_FILE = 'deprovisioned.json';

export interface DeprovisionResult {
  cases: number;
  casesComplete: number;
  workstationDb: boolean;
  /** The local chain, erasures included, reached the platform before it was destroyed. */
  chainDelivered: boolean;
  problems: string[];
}

export function assertNotDeprovisioned(dataDir: string): void {
  if (existsSync(join(dataDir, DEPROVISIONED_FILE))) {
    throw new ApiError(
      'FORBIDDEN',
      'This workstation was revoked by the platform and its local data has been erased. ' +
        'It cannot be used until your IT support enrols it again.',
    );
  }
}

export async function deprovision(o: {
  stores: CaseStores;
  secrets: SecretStore;
  audit: AuditLog;
  uploader: AuditUploaderLike;
  device: DeviceClient;
  clock: () => Date;
  reason: string | null;
}): Promise<DeprovisionResult> {
  const { stores, audit } = o;
  const deviceId = audit.deviceId;
  const problems: string[] = [];
  const note = (what: string, error: unknown) =>
    problems.push(`${what}: ${(error as Error)?.message ?? String(error)}`.slice(0, 300));

  await audit
    .record({
      actor: SYSTEM_ACTOR,
      operation: 'erasure',
      action: 'device.deprovision',
      caseId: null,
      purpose: null,
      reasonCode: 'device-revoked',
      justification: 'The platform revoked this workstation: all local data is crypto-shredded.',
      parameters: { reason: o.reason },
      resultCount: null,
      outcome: 'allowed',
      outcomeReason: null,
      recipient: null,
    })
    .catch((e: unknown) => note('deprovision not logged locally', e));

  const local = await stores.listLocal();
  let casesComplete = 0;
  for (const caseId of local) {
    try {
      const record = await stores.shred(caseId, 'deprovisioned', o.clock());
      if (record.complete) casesComplete++;
      else problems.push(`${caseId}: ${record.problem ?? 'incomplete'}`);
      await auditErasure(audit, record).catch((e: unknown) => note(`${caseId} not logged`, e));
    } catch (error) {
      note(caseId, error);
    }
  }

  // The chain, erasures included, goes to the platform before it is destroyed.
  let chainDelivered = false;
  try {
    await audit.sync(o.uploader);
    chainDelivered = true;
  } catch (error) {
    note('audit log not delivered', error);
  }

  let workstationDb = false;
  try {
    await stores.shredWorkstation();
    await o.secrets.delete(KeychainAccounts.deviceSigningKey);
    workstationDb = true;
  } catch (error) {
    note('workstation database', error);
  }
  try {
    writeFileSync(
      join(stores.dataDir, DEPROVISIONED_FILE),
      JSON.stringify({ deviceId, at: o.clock().toISOString(), reason: o.reason }),
      { mode: 0o600 },
    );
  } catch (error) {
    note('marker', error);
  }
  const result = { cases: local.length, casesComplete, workstationDb, chainDelivered, problems };
  await o.device
    .reportErasure(deviceId, {
      cases: result.cases,
      casesComplete,
      workstationDb,
      problems: problems.slice(0, 50),
    })
    .catch(() => undefined); // the platform logged the erasure order already
  return result;
}
