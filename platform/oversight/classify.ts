import type { AuditBody } from '../../common/audit.ts';

/**
 * Which audit entries count as what in an officer's activity. Oversight's
 * own work (audit queries, reviews, decisions) and sign-in events are not
 * "queries": they are logged, but they are not consultations of reads.
 */

const NOT_A_QUERY = /^(identity|oversight|extended-access|postponement|audit)\./;

/** Entries written by the software about itself (deliveries, gaps, purges). */
const SYSTEM_ACTIONS = new Set(['reads.pull-delivered', 'audit.device-upload', 'audit.device-gap']);

export function isOfficerEntry(b: AuditBody): boolean {
  return (
    b.actor.role !== 'system' && b.actor.officerId !== 'system' && !SYSTEM_ACTIONS.has(b.action)
  );
}

export function isQuery(b: AuditBody): boolean {
  return isOfficerEntry(b) && b.operation === 'consultation' && !NOT_A_QUERY.test(b.action);
}

export function isExport(b: AuditBody): boolean {
  return isOfficerEntry(b) && b.operation === 'disclosure' && !NOT_A_QUERY.test(b.action);
}

export function isRefused(b: AuditBody): boolean {
  return isOfficerEntry(b) && b.outcome === 'denied' && !b.action.startsWith('identity.');
}

/** Entries whose justification a supervisor judges: what the officer typed for a consultation or disclosure. */
export function carriesJustification(b: AuditBody): boolean {
  return (isQuery(b) || isExport(b)) && b.outcome !== 'error';
}
