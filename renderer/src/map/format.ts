/**
 * Formatting for map tooltips. Times are shown in Belgian legal time
 * (Europe/Brussels, whatever the workstation's own zone) with the UTC instant
 * alongside, because reads, logs and court exhibits are compared in UTC.
 */

const LOCALE_TAGS: Record<string, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

export function localeTag(language: string | undefined): string {
  return LOCALE_TAGS[(language ?? 'en').slice(0, 2)] ?? 'en-GB';
}

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(tag: string, part: 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${tag}|${part}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      tag,
      part === 'date'
        ? { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }
        : {
            timeZone: 'Europe/Brussels',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
            hourCycle: 'h23',
          },
    );
    cache.set(key, f);
  }
  return f;
}

/** "14/03/2025 09:03:12" (or only the time) in Europe/Brussels. */
export function formatBrussels(at: string | Date, language?: string, withDate = true): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  const tag = localeTag(language);
  const time = formatter(tag, 'time').format(d);
  return withDate ? `${formatter(tag, 'date').format(d)} ${time}` : time;
}

/** The Brussels calendar date alone, "14/03/2025". */
export function formatBrusselsDate(at: string | Date, language?: string): string {
  return formatter(localeTag(language), 'date').format(typeof at === 'string' ? new Date(at) : at);
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
