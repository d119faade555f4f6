import { createAuditLog } from '../audit/log.ts';
import { cliActor } from '../ingest/command.ts';
import type { Db } from '../store/sqlite.ts';
import { DeviceRevocations } from './revocations.ts';

/**
 * `platform devices list|revoke`: the administrator's side of remote
 * deprovisioning. A revoked workstation crypto-shreds its local data at its
 * next contact; the revocation is audited under the operating-system user
 * who ran the command.
 */
export class DevicesUsageError extends Error {}

export function runDevicesCommand(
  db: Db,
  args: { sub: string | undefined; id: string | undefined; reason?: string; json: boolean },
  io: { out: (line: string) => void; clock: () => Date },
): number {
  const audit = createAuditLog(db, io.clock);
  const revocations = new DeviceRevocations(db, io.clock);
  switch (args.sub) {
    case 'list': {
      const devices = revocations.list();
      if (args.json) io.out(JSON.stringify(devices));
      else if (devices.length === 0) io.out('No workstations registered.');
      else
        for (const d of devices)
          io.out(
            `${d.deviceId.padEnd(40)} officer ${d.officerId.padEnd(24)} registered ${d.registeredAt}` +
              (d.revocation ? `  REVOKED ${d.revocation.revokedAt}` : ''),
          );
      return 0;
    }
    case 'revoke': {
      if (!args.id)
        throw new DevicesUsageError('devices revoke needs a device id (see devices list).');
      const reason = args.reason?.trim() ?? '';
      if (reason.length < 10)
        throw new DevicesUsageError(
          '--reason is required (at least 10 characters): why is the device revoked?',
        );
      if (!audit.devicePublicKey(args.id))
        throw new DevicesUsageError(
          `No workstation "${args.id}" is registered (see devices list).`,
        );
      const { revocation, created } = revocations.revoke(args.id, 'platform-cli', reason);
      audit.append({
        actor: cliActor(),
        operation: 'alteration',
        action: 'device.revoke',
        caseId: null,
        purpose: null,
        reasonCode: null,
        justification: reason,
        parameters: { deviceId: args.id, alreadyRevoked: !created },
        resultCount: null,
        outcome: 'allowed',
        outcomeReason: null,
        recipient: null,
      });
      io.out(
        args.json
          ? JSON.stringify(revocation)
          : `${created ? 'Revoked' : 'Already revoked'} ${args.id} (${revocation.revokedAt}). ` +
              'At its next contact it erases all its local data.',
      );
      return 0;
    }
    default:
      throw new DevicesUsageError(`Unknown devices command "${args.sub ?? ''}" (list, revoke).`);
  }
}
