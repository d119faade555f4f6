import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LegendEntry, LegendSymbol } from './legend-context.ts';

/** A legend symbol as a small SVG (presentation attributes, no inline styles: CSP). */
function SymbolIcon({ symbol }: { symbol: LegendSymbol }) {
  switch (symbol.kind) {
    case 'dot':
      return (
        <svg width="18" height="14" aria-hidden="true">
          <circle
            className="anpr-legend-outline"
            cx="9"
            cy="7"
            r="5"
            fill={symbol.colour}
            strokeWidth="1.5"
          />
        </svg>
      );
    case 'cluster': {
      const [a, b, c] = symbol.colours;
      return (
        <svg width="18" height="18" aria-hidden="true">
          <circle className="anpr-legend-fill" cx="9" cy="9" r="8" />
          <path d="M9 2 A7 7 0 1 1 2.94 12.5" fill="none" stroke={a} strokeWidth="3" />
          <path d="M2.94 12.5 A7 7 0 0 1 4.05 4.05" fill="none" stroke={b} strokeWidth="3" />
          <path d="M4.05 4.05 A7 7 0 0 1 9 2" fill="none" stroke={c} strokeWidth="3" />
        </svg>
      );
    }
    case 'line':
      return (
        <svg width="22" height="14" aria-hidden="true">
          <line
            className="anpr-legend-outline"
            x1="2"
            y1="7"
            x2="20"
            y2="7"
            strokeWidth="6"
            strokeLinecap="round"
          />
          <line
            x1="2"
            y1="7"
            x2="20"
            y2="7"
            stroke={symbol.colour}
            strokeWidth="3"
            strokeLinecap="round"
            strokeDasharray={symbol.dashed ? '4 3' : undefined}
          />
        </svg>
      );
    case 'halo':
      return (
        <svg width="18" height="18" aria-hidden="true">
          <circle cx="9" cy="9" r="8" fill={symbol.colour} fillOpacity="0.25" />
          <circle
            cx="9"
            cy="9"
            r="5"
            fill="none"
            stroke={symbol.colour}
            strokeWidth="1.5"
            strokeDasharray="3 2"
          />
        </svg>
      );
    case 'circle':
      return (
        <svg width="18" height="18" aria-hidden="true">
          <circle
            cx="9"
            cy="9"
            r="7.5"
            fill={symbol.colour}
            fillOpacity="0.26"
            stroke={symbol.colour}
            strokeWidth="1.2"
          />
        </svg>
      );
    case 'ring':
      return (
        <svg width="18" height="18" aria-hidden="true">
          <circle className="anpr-legend-outline" cx="9" cy="9" r="6" fill="none" strokeWidth="5" />
          <circle cx="9" cy="9" r="6" fill="none" stroke={symbol.colour} strokeWidth="2.5" />
        </svg>
      );
    case 'shield':
      return (
        <svg width="24" height="14" aria-hidden="true">
          <rect
            x="1"
            y="1"
            width="22"
            height="12"
            rx="3"
            fill="#1b7a3e"
            stroke="#ffffff"
            strokeWidth="1"
          />
          <text x="12" y="10.5" textAnchor="middle" fontSize="8" fontWeight="700" fill="#ffffff">
            E
          </text>
        </svg>
      );
  }
}

export interface LegendProps {
  entries: ReadonlyArray<LegendEntry>;
  /** Starts collapsed (small screens). */
  collapsed?: boolean;
}

/** The map legend: what every symbol on the map means. Collapsible, keyboard operable. */
export function Legend({ entries, collapsed = false }: LegendProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(!collapsed);
  const id = useId();
  if (!entries.length) return null;
  return (
    <section className="anpr-legend" aria-labelledby={`${id}-title`}>
      <button
        type="button"
        className="anpr-legend-toggle"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        title={open ? t('map.legend.hide') : t('map.legend.show')}
        onClick={() => setOpen((o) => !o)}
      >
        <span id={`${id}-title`}>{t('map.legend.title')}</span>
        <span aria-hidden="true" className="anpr-legend-chevron">
          {open ? '▾' : '▸'}
        </span>
      </button>
      {open && (
        <ul id={`${id}-list`} className="anpr-legend-list">
          {entries.map((e) => (
            <li key={e.key}>
              <SymbolIcon symbol={e.symbol} />
              <span>{e.label}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
