import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadView } from '../../../../common/api/detective-contract.ts';
import type { Camera } from '../../../../common/read.ts';
import { formatCount, formatDateTime, utcTitle } from '../../format.ts';
import { displayZone, zoneLabel } from '../../zone.ts';
import { PlateLabel } from './PlateLabel.tsx';

interface Props {
  reads: readonly ReadView[];
  selectedId: string | null;
  onSelect: (read: ReadView) => void;
  cameraById: ReadonlyMap<string, Camera>;
  colourOf: (vehicle: string) => string | undefined;
  labelOf: (vehicle: string) => { text: string; masked: boolean };
  /** A hit's category as the pack names it ("10 · …"), for the hotlist column. */
  hitLabel: (category: number | null | undefined) => string;
  onReveal: (read: ReadView) => void;
  caption: string;
}

const ROW = 28;

/**
 * Every read in scope, virtualised (tens of thousands of rows cost a screenful
 * of DOM). Arrow keys move the selection; the selection follows the map and
 * the timeline.
 */
export function ReadsTable(p: Props) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: p.reads.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 12,
  });
  const index = p.selectedId === null ? -1 : p.reads.findIndex((r) => r.id === p.selectedId);

  useEffect(() => {
    if (index >= 0) virtual.scrollToIndex(index, { align: 'auto' });
  }, [index, virtual]);

  const onKey = (e: KeyboardEvent) => {
    const step =
      e.key === 'ArrowDown'
        ? 1
        : e.key === 'ArrowUp'
          ? -1
          : e.key === 'PageDown'
            ? 10
            : e.key === 'PageUp'
              ? -10
              : 0;
    if (step !== 0) {
      e.preventDefault();
      const next = Math.min(p.reads.length - 1, Math.max(0, (index < 0 ? -1 : index) + step));
      const read = p.reads[next];
      if (read) p.onSelect(read);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const read = e.key === 'Home' ? p.reads[0] : p.reads.at(-1);
      if (read) p.onSelect(read);
    }
  };

  return (
    <section
      className="reads-table"
      aria-label={t('detective.table.title')}
      data-testid="reads-table"
    >
      <div className="reads-table-head" role="presentation">
        <span className="reads-table-caption">
          {p.caption} ·{' '}
          {t('detective.table.count', {
            count: p.reads.length,
            formatted: formatCount(p.reads.length),
          })}
        </span>
      </div>
      <div className="grid-row grid-header" role="row" aria-rowindex={1}>
        <span role="columnheader">
          {t('detective.table.time', { zone: zoneLabel(displayZone(), i18n.language) })}
        </span>
        <span role="columnheader">{t('detective.table.plate')}</span>
        <span role="columnheader">{t('detective.table.camera')}</span>
        <span role="columnheader">{t('detective.table.direction')}</span>
        <span role="columnheader" className="num">
          {t('detective.table.confidence')}
        </span>
        <span role="columnheader">{t('detective.table.alternatives')}</span>
        <span role="columnheader">{t('detective.table.hit')}</span>
      </div>
      <div
        ref={scroller}
        className="grid-body"
        role="grid"
        aria-rowcount={p.reads.length + 1}
        aria-activedescendant={index >= 0 ? `read-${p.selectedId}` : undefined}
        tabIndex={0}
        onKeyDown={onKey}
        data-testid="reads-grid"
      >
        {p.reads.length === 0 && <p className="muted grid-empty">{t('detective.table.empty')}</p>}
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const r = p.reads[item.index]!;
            const cam = p.cameraById.get(r.unitId);
            const label = p.labelOf(r.vehicle);
            const colour = p.colourOf(r.vehicle);
            return (
              <div
                key={r.id}
                id={`read-${r.id}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={r.id === p.selectedId}
                className={`grid-row${r.id === p.selectedId ? ' selected' : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => p.onSelect(r)}
                data-testid="read-row"
              >
                <span role="gridcell" title={utcTitle(r.capturedAt)}>
                  {formatDateTime(r.capturedAt)}
                </span>
                <span role="gridcell" className="plate-cell">
                  {colour && (
                    <i className="swatch" style={{ background: colour }} aria-hidden="true" />
                  )}
                  <PlateLabel
                    text={label.text}
                    masked={label.masked}
                    onReveal={() => p.onReveal(r)}
                  />
                </span>
                <span role="gridcell" title={r.unitId}>
                  {cam?.site ?? r.unitId}
                </span>
                <span role="gridcell">{r.direction ?? '—'}</span>
                <span role="gridcell" className="num">
                  {Math.round(r.confidence * 100)} %
                </span>
                <span role="gridcell" className="muted">
                  {r.alternatives.map((a) => a.plate).join(', ') || '—'}
                </span>
                {r.hit ? (
                  <span
                    role="gridcell"
                    className="hit-cell"
                    title={p.hitLabel(r.hitCategory)}
                    data-testid="read-hit-category"
                  >
                    {p.hitLabel(r.hitCategory)}
                  </span>
                ) : (
                  <span role="gridcell" className="muted">
                    —
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
