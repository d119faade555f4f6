/**
 * A From/To pair of seconds fields (`step={1}`) seeded with a period, such
 * as a case's first and last read, and read back as an inclusive period.
 *
 * Why not just parse the fields: what they show is the wall time to the
 * second, and that loses two things the seed knew. The milliseconds (handled
 * by fromZoneInputThrough: To is the end of the second shown). And, once a
 * year, which of two identical wall times was meant: in the hour a clock
 * change shows twice, a text field is read as its first occurrence, so a
 * case whose last read falls in the second one would end an hour early and
 * drop that read. A field the officer left as seeded therefore stands for
 * the seed's own second; a field the officer changed means what it shows.
 */
import { displayZone } from './zone.ts';
import { fromZoneInput, fromZoneInputThrough, toZoneInputSeconds } from './zone-input.ts';

export interface Period {
  from: string;
  to: string;
}

/** The fields' text for a period (empty without one), in `zone`. */
export function periodFields(period: Period | null, zone: string = displayZone()): Period {
  return period
    ? { from: toZoneInputSeconds(period.from, zone), to: toZoneInputSeconds(period.to, zone) }
    : { from: '', to: '' };
}

/**
 * The period the fields say, as ISO UTC, inclusive at both ends to the
 * millisecond: From is the start of its second, To the end of its second. A
 * bound is left out when its field is empty or malformed (no bound: the whole
 * case on that side). `seed`: the period the fields were filled with.
 */
export function periodOfFields(
  fields: Period,
  seed: Period | null,
  zone: string = displayZone(),
): { from?: string; to?: string } {
  const shown = seed ? periodFields(seed, zone) : null;
  const from =
    shown && sameSecond(fields.from, shown.from)
      ? startOfSecond(seed!.from)
      : fromZoneInput(fields.from, zone);
  const to =
    shown && sameSecond(fields.to, shown.to)
      ? endOfSecond(seed!.to)
      : fromZoneInputThrough(fields.to, 'second', zone);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Browsers report a seconds field at :00 without its seconds (`…T22:22`). */
function sameSecond(value: string, shown: string): boolean {
  return (value.length === 16 ? `${value}:00` : value) === shown;
}

function startOfSecond(at: string): string {
  return new Date(Math.floor(Date.parse(at) / 1000) * 1000).toISOString();
}

function endOfSecond(at: string): string {
  return new Date(Math.floor(Date.parse(at) / 1000) * 1000 + 999).toISOString();
}
