/**
 * Times are shown in the officer's zone (zone.ts; Europe/Brussels by default)
 * with the UTC instant available on hover: audit logs and the platform speak UTC.
 */
import {
  DATE_OPTIONS,
  DATE_TIME_OPTIONS,
  TIME_OPTIONS,
  zoneFormatter,
} from '../../common/time-zone.ts';
import { displayZone } from './zone.ts';

const SHORT: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', ...TIME_OPTIONS };

/** `18/11/2026, 02:10:19` in the display zone. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? zoneFormatter(displayZone(), 'en-GB', DATE_TIME_OPTIONS).format(new Date(iso)) : '—';
}
/** `18/11/2026` in the display zone. */
export function formatDate(iso: string | null | undefined): string {
  return iso ? zoneFormatter(displayZone(), 'en-GB', DATE_OPTIONS).format(new Date(iso)) : '—';
}
/** `18/11 02:10:19` in the display zone: for result tables, where the year is the case's. */
export function formatShortDateTime(iso: string): string {
  return zoneFormatter(displayZone(), 'en-GB', SHORT).format(new Date(iso)).replace(',', '');
}
export function utcTitle(iso: string | null | undefined): string | undefined {
  return iso ? new Date(iso).toISOString().replace('.000Z', 'Z') + ' (UTC)' : undefined;
}
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB').replace(/,/g, '\u202f');
}
