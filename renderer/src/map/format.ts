/**
 * Formatting for map tooltips. Times are shown in the officer's zone
 * (zone.ts: Europe/Brussels unless the officer chose another, whatever the
 * workstation's own zone) with the UTC instant alongside, because reads, logs
 * and court exhibits are compared in UTC.
 */
import { DATE_OPTIONS, TIME_OPTIONS, zoneFormatter } from '../../../common/time-zone.ts';
import { displayZone } from '../zone.ts';

const LOCALE_TAGS: Record<string, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

export function localeTag(language: string | undefined): string {
  return LOCALE_TAGS[(language ?? 'en').slice(0, 2)] ?? 'en-GB';
}

/** "14/03/2025 09:03:12" (or only the time) in the display zone (or `zone`). */
export function formatLocal(
  at: string | Date,
  language?: string,
  withDate = true,
  zone: string = displayZone(),
): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  const tag = localeTag(language);
  const time = zoneFormatter(zone, tag, TIME_OPTIONS).format(d);
  return withDate ? `${zoneFormatter(zone, tag, DATE_OPTIONS).format(d)} ${time}` : time;
}

/** The calendar date alone in the display zone (or `zone`), "14/03/2025". */
export function formatLocalDate(
  at: string | Date,
  language?: string,
  zone: string = displayZone(),
): string {
  return zoneFormatter(zone, localeTag(language), DATE_OPTIONS).format(
    typeof at === 'string' ? new Date(at) : at,
  );
}

/** "2025-03-14 08:03:12 UTC": fixed ISO-like form, the same in every language. */
export function formatUtc(at: string | Date): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatNumber(value: number, language: string | undefined, digits = 0): string {
  return new Intl.NumberFormat(localeTag(language), {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}

export function formatSpeed(kmh: number, language?: string): string {
  if (!Number.isFinite(kmh)) return '∞ km/h';
  return `${formatNumber(kmh, language, 0)} km/h`;
}

export function formatKm(km: number, language?: string): string {
  return km < 1
    ? `${formatNumber(km * 1000, language, 0)} m`
    : `${formatNumber(km, language, km < 10 ? 1 : 0)} km`;
}

/** "1 h 05 min", "42 min", "35 s": the gap between two sightings. */
export function formatDuration(hours: number): string {
  const s = Math.round(Math.abs(hours) * 3600);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function formatPercent(fraction: number, language?: string): string {
  return new Intl.NumberFormat(localeTag(language), {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(fraction);
}
