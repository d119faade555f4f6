/**
 * `<input type="datetime-local">` values are read and written in Brussels
 * time, whatever zone the workstation's OS is set to: cases, reads and courts
 * speak Belgian legal time.
 */
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `YYYY-MM-DDTHH:mm` of an instant, in Brussels. */
export function toBrusselsInput(at: string | number | Date): string {
  const p: Record<string, string> = {};
  for (const x of parts.formatToParts(new Date(at))) p[x.type] = x.value;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The instant of a Brussels `YYYY-MM-DDTHH:mm`, as ISO UTC; null when malformed. */
export function fromBrusselsInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // Brussels is UTC+1 or +2: try both, keep the one that reads back the same.
  for (const offsetH of [1, 2]) {
    const t = asUtc - offsetH * 3_600_000;
    if (toBrusselsInput(t) === value) return new Date(t).toISOString();
  }
  // A time skipped by the spring change: take the instant one hour later.
  return new Date(asUtc - 3_600_000).toISOString();
}

const short = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Brussels',
  day: '2-digit',
  month: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `18/11 02:10:19` in Brussels: for result tables, where the year is the case's. */
export function formatBrusselsShort(at: string): string {
  return short.format(new Date(at)).replace(',', '');
}
