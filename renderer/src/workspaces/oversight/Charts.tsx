/**
 * Small SVG charts (no chart library): a bar chart per day with an optional
 * reference line (the officer's baseline), and a sparkline for tables. Each
 * carries a text alternative for screen readers.
 */

interface BarChartProps {
  title: string;
  values: readonly number[];
  labels: readonly string[];
  /** Reference line, e.g. the usual volume. */
  reference?: { value: number; label: string } | null;
  tone?: 'accent' | 'danger' | 'warn';
  /** The figure in the caption when the daily values do not add up (distinct counts). */
  total?: number;
  testId?: string;
}

const W = 300;
const H = 96;
const PAD_L = 26;
const PAD_B = 16;

export function BarChart({
  title,
  values,
  labels,
  reference,
  tone = 'accent',
  total: shown,
  testId,
}: BarChartProps) {
  const max = Math.max(1, ...values, reference?.value ?? 0);
  const top = niceMax(max);
  const n = Math.max(values.length, 1);
  const slot = (W - PAD_L) / n;
  const bar = Math.max(1, slot * 0.72);
  const y = (v: number) => (H - PAD_B) * (1 - v / top);
  const total = values.reduce((a, b) => a + b, 0);
  const peak = values.reduce((best, v, i) => (v > (values[best] ?? 0) ? i : best), 0);
  const summary = `${title}: ${shown ?? total} in ${values.length} days; most on ${labels[peak] ?? '—'} (${values[peak] ?? 0}).`;
  return (
    <figure className={`ov-chart ov-tone-${tone}`} data-testid={testId}>
      <figcaption>
        <span>{title}</span>
        <strong>{shown ?? total}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} preserveAspectRatio="none">
        <line x1={PAD_L} x2={W} y1={H - PAD_B} y2={H - PAD_B} className="ov-axis" />
        <text x={PAD_L - 4} y={8} className="ov-tick" textAnchor="end">
          {top}
        </text>
        <text x={PAD_L - 4} y={H - PAD_B} className="ov-tick" textAnchor="end">
          0
        </text>
        {values.map((v, i) => (
          <rect
            key={i}
            x={PAD_L + i * slot + (slot - bar) / 2}
            y={y(v)}
            width={bar}
            height={Math.max(0, H - PAD_B - y(v))}
            className="ov-bar"
          >
            <title>{`${labels[i] ?? ''}: ${v}`}</title>
          </rect>
        ))}
        {reference && reference.value > 0 && (
          <g>
            <line
              x1={PAD_L}
              x2={W}
              y1={y(reference.value)}
              y2={y(reference.value)}
              className="ov-refline"
            />
            <title>{reference.label}</title>
          </g>
        )}
        {labels.length > 0 && (
          <>
            <text x={PAD_L} y={H - 3} className="ov-tick">
              {shortDay(labels[0]!)}
            </text>
            <text x={W} y={H - 3} className="ov-tick" textAnchor="end">
              {shortDay(labels[labels.length - 1]!)}
            </text>
          </>
        )}
      </svg>
    </figure>
  );
}

export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const w = 96;
  const h = 22;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const points = values.map(
    (v, i) => `${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`,
  );
  return (
    <svg
      className="ov-spark"
      viewBox={`0 0 ${w} ${h}`}
      width={w}
      height={h}
      role="img"
      aria-label={label}
    >
      <polyline points={points.join(' ')} />
    </svg>
  );
}

function niceMax(v: number): number {
  if (v <= 5) return Math.ceil(v);
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function shortDay(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}`;
}
