/**
 * The words of a pull's progress: how long is left, and where every offered
 * read went. Pure, the translation function passed in, so the rounding and
 * the sums are tested without a screen.
 */
import type { TFunction } from 'i18next';
import type { PullStatus } from '../../../../common/api/contract.ts';
import { formatCount } from '../../format.ts';

const two = (n: number) => String(n).padStart(2, '0');

/**
 * A duration as the officer reads it: `45 s`, `4 min 05 s`, `2 h 07 min`
 * (units and order from the locale's messages). Rounded once, to the unit
 * shown last, before it is split: 59.6 s is `1 min 00 s` and 3599.5 s is
 * `1 h 00 min`, never `60 s` or `59 min 60 s`.
 */
export function formatDuration(seconds: number, t: TFunction): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return t('detective.pull.duration.seconds', { s: whole });
  if (whole < 3600) {
    return t('detective.pull.duration.minutes', {
      m: Math.floor(whole / 60),
      s: two(whole % 60),
    });
  }
  const minutes = Math.round(seconds / 60);
  return t('detective.pull.duration.hours', {
    h: Math.floor(minutes / 60),
    m: two(minutes % 60),
  });
}

export type ShortfallKind =
  'alreadyHeld' | 'duplicates' | 'withheld' | 'invalid' | 'notDelivered' | 'notReceived';

/**
 * Why fewer reads were stored than the platform offered, each reason with its
 * count; together with `stored` they add up to `offered` exactly. What no
 * reason covers is named too: reads the platform did not deliver after all
 * (a pull that is done), or not yet (one cancelled, failed or still running).
 */
export function shortfall(p: PullStatus): Array<{ kind: ShortfallKind; count: number }> {
  const known: Array<{ kind: ShortfallKind; count: number }> = [
    { kind: 'alreadyHeld', count: p.alreadyHeld },
    { kind: 'duplicates', count: p.duplicates },
    { kind: 'withheld', count: p.withheld.count },
    { kind: 'invalid', count: p.invalid },
  ];
  const accounted = p.stored + known.reduce((sum, k) => sum + k.count, 0);
  const rest = p.offered - accounted;
  if (rest > 0)
    known.push({ kind: p.state === 'done' ? 'notDelivered' : 'notReceived', count: rest });
  return known.filter((k) => k.count > 0);
}

/** `181 674 stored of 181 749 offered: 75 already held in this case`. */
export function outcomeText(p: PullStatus, t: TFunction): string {
  const head = t('detective.pull.outcome', {
    stored: formatCount(p.stored),
    offered: formatCount(p.offered),
  });
  const why = shortfall(p).map(({ kind, count }) =>
    t(`detective.pull.why.${kind}`, { count, n: formatCount(count) }),
  );
  return why.length ? t('detective.pull.outcomeWhy', { outcome: head, why: why.join(', ') }) : head;
}
