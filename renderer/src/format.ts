/**
 * Times are shown in the officer's zone (Europe/Brussels by default) with the
 * UTC instant available on hover: audit logs and the platform speak UTC.
 */
export const DISPLAY_ZONE = 'Europe/Brussels';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}
export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso)) : '—';
}
export function utcTitle(iso: string | null | undefined): string | undefined {
  return iso ? new Date(iso).toISOString().replace('.000Z', 'Z') + ' (UTC)' : undefined;
}
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB').replace(/,/g, '\u202f');
}
