import type { TFunction } from 'i18next';
import type { AgeGateWithheld } from '../../../../common/api/detective-contract.ts';
import { formatCount } from '../../format.ts';

/** The reasons the workstation gives (common/policy.ts WithheldReason) that a sentence of ours names. */
const KNOWN: ReadonlySet<string> = new Set([
  'needs-extended-access',
  'approval-expired',
  'outside-approved-period',
  'administrative-window',
  'beyond-retention',
]);

/** Reasons a (new) prosecutor's approval can lift; no approval changes the others. */
const APPROVAL_HELPS: ReadonlySet<string> = new Set([
  'needs-extended-access',
  'approval-expired',
  'outside-approved-period',
]);

export function approvalWouldHelp(reason: string | null): boolean {
  return reason !== null && APPROVAL_HELPS.has(reason);
}

/**
 * The officer's sentence for reads the age gate hides, in their language:
 * the reason is mapped to a translated sentence (core's `message` is English).
 */
export function ageGateText(
  t: TFunction,
  withheld: Pick<AgeGateWithheld, 'count' | 'reason'>,
): string {
  const reason = withheld.reason && KNOWN.has(withheld.reason) ? withheld.reason : 'other';
  return t(`detective.ageGate.reason.${reason}`, {
    count: withheld.count,
    formatted: formatCount(withheld.count),
  });
}
