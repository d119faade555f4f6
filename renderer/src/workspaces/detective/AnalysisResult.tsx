import { Fragment, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisView, ViewSighting } from '../../../../common/api/detective-contract.ts';
import type { Camera } from '../../../../common/read.ts';
import { formatCount, formatDateTime, formatShortDateTime, utcTitle } from '../../format.ts';
import { zoneLabel } from '../../zone.ts';
import { AgeGateNotice } from './AgeGateNotice.tsx';
import { PlateLabel } from './PlateLabel.tsx';

interface Props {
  view: AnalysisView;
  cameraById: ReadonlyMap<string, Camera>;
  labelOf: (vehicle: string) => { text: string; masked: boolean };
  colourOf: (vehicle: string) => string | undefined;
  /** Show these vehicles on the map and select a read. */
  onFocus: (vehicles: string[], readId: string | null) => void;
  onReveal: (vehicle: string) => void;
  focused: ReadonlySet<string>;
  /** Opens the case's extended-access requests (offered when the age gate hid reads from the result). */
  onRequestAccess?: () => void;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function Time({ iso, long = false }: { iso: string; long?: boolean }) {
  if (!iso) return <>—</>;
  return (
    <time dateTime={iso} title={`${formatDateTime(iso)} · ${utcTitle(iso) ?? ''}`}>
      {long ? formatDateTime(iso) : formatShortDateTime(iso)}
    </time>
  );
}

function Bars({ values, labels, title }: { values: number[]; labels: string[]; title: string }) {
  const max = Math.max(1, ...values);
  return (
    <figure className="mini-bars">
      <figcaption>{title}</figcaption>
      <div className="mini-bars-row" role="list">
        {values.map((v, i) => (
          <span
            key={i}
            role="listitem"
            className="mini-bar"
            title={`${labels[i]}: ${v}`}
            aria-label={`${labels[i]}: ${v}`}
          >
            <span className="bar-fill" style={{ height: `${(v / max) * 100}%` }} />
            <small>{labels[i]}</small>
          </span>
        ))}
      </div>
    </figure>
  );
}

/** One analysis' result as a ranked table; a row shows its vehicle(s) on the map. */
export function AnalysisResult(p: Props) {
  const { t, i18n } = useTranslation();
  const { view } = p;
  const d = view.detail;
  const byId = new Map(view.sightings.map((s) => [s.id, s]));
  const site = (s: ViewSighting | undefined) =>
    s ? (p.cameraById.get(s.unitId)?.site ?? s.unitId) : '—';
  // The best-ranked companion's shared sightings are the evidence: shown at once.
  const [open, setOpen] = useState<string | null>(
    d.kind === 'convoy' ? (d.rows[0]?.vehicle ?? null) : null,
  );
  const plate = (vehicle: string) => {
    const l = p.labelOf(vehicle);
    const colour = p.colourOf(vehicle);
    return (
      <span className="plate-cell">
        {colour && <i className="swatch" style={{ background: colour }} aria-hidden="true" />}
        <PlateLabel text={l.text} masked={l.masked} onReveal={() => p.onReveal(vehicle)} />
      </span>
    );
  };
  const rowProps = (vehicles: string[], readId: string | null, key: string) => ({
    className: `result-row${vehicles.some((v) => p.focused.has(v) && vehicles.length === 1) ? ' focused' : ''}`,
    onClick: () => p.onFocus(vehicles, readId),
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        p.onFocus(vehicles, readId);
      }
    },
    tabIndex: 0,
    'data-testid': 'result-row',
    'data-key': key,
  });

  let body: ReactNode;
  switch (d.kind) {
    case 'convoy':
      body = (
        <table className="result-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('detective.result.vehicle')}</th>
              <th className="num">{t('detective.result.cameras')}</th>
              <th className="num">{t('detective.result.pairs')}</th>
              <th className="num">{t('detective.result.meanDelta')}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((row, i) => (
              <Fragment key={row.vehicle}>
                <tr
                  {...rowProps([d.target, row.vehicle], row.shared[0]?.other ?? null, row.vehicle)}
                >
                  <td>{i + 1}</td>
                  <td>
                    {plate(row.vehicle)}
                    {row.lookalikeOfTarget && (
                      <span className="tag tag-warn" title={t('detective.result.lookalikeHelp')}>
                        {t('detective.result.lookalike')}
                      </span>
                    )}
                  </td>
                  <td className="num">{row.cameras}</td>
                  <td className="num">
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={open === row.vehicle}
                      onClick={(e) => {
                        e.stopPropagation();
                        setOpen(open === row.vehicle ? null : row.vehicle);
                      }}
                      data-testid="shared-toggle"
                    >
                      {row.pairs}
                    </button>
                  </td>
                  <td className="num">{row.meanAbsDeltaS.toFixed(0)} s</td>
                </tr>
                {open === row.vehicle && (
                  <tr className="result-sub">
                    <td colSpan={5}>
                      <ul className="shared-list" data-testid="shared-list">
                        {row.shared.map((x) => (
                          <li key={x.other}>
                            <button
                              type="button"
                              className="link-button"
                              onClick={() => p.onFocus([d.target, row.vehicle], x.other)}
                            >
                              <Time iso={byId.get(x.target)?.capturedAt ?? ''} />
                            </button>
                            <span className="shared-site" title={x.unitId}>
                              {site(byId.get(x.target))}
                            </span>
                            <span className="num">
                              {x.deltaS > 0 ? '+' : ''}
                              {x.deltaS.toFixed(0)} s
                            </span>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      );
      break;
    case 'impossibleJourneys':
      body = (
        <table className="result-table">
          <thead>
            <tr>
              <th>{t('detective.result.vehicle')}</th>
              <th>{t('detective.result.fromTo')}</th>
              <th className="num">km</th>
              <th className="num">km/h</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((row) => {
              const a = byId.get(row.from);
              const b = byId.get(row.to);
              return (
                <tr key={`${row.from}-${row.to}`} {...rowProps([row.vehicle], row.from, row.from)}>
                  <td>{plate(row.vehicle)}</td>
                  <td
                    className="pair-cell"
                    data-from={a ? `${a.unitId}@${a.capturedAt}` : ''}
                    data-to={b ? `${b.unitId}@${b.capturedAt}` : ''}
                  >
                    <span>
                      <Time iso={a?.capturedAt ?? ''} /> {site(a)}
                    </span>
                    <span>
                      → <Time iso={b?.capturedAt ?? ''} /> {site(b)}
                    </span>
                  </td>
                  <td className="num">{(row.distanceM / 1000).toFixed(1)}</td>
                  <td className="num speed-bad">{formatCount(Math.round(row.speedKmh))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      );
      break;
    case 'stakeout':
      body = (
        <table className="result-table">
          <thead>
            <tr>
              <th>{t('detective.result.vehicle')}</th>
              <th className="num">{t('detective.result.reads')}</th>
              <th>{t('detective.result.first')}</th>
              <th>{t('detective.result.last')}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((row) => (
              <tr key={row.vehicle} {...rowProps([row.vehicle], null, row.vehicle)}>
                <td>{plate(row.vehicle)}</td>
                <td className="num">{row.count}</td>
                <td>
                  <Time iso={row.firstAt} />
                </td>
                <td>
                  <Time iso={row.lastAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
      break;
    case 'multiPlace':
      body = (
        <table className="result-table">
          <thead>
            <tr>
              <th>{t('detective.result.vehicle')}</th>
              {d.places.map((pl, i) => (
                <th key={i} className="num">
                  {t('detective.result.place', { n: i + 1 })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.rows.map((row) => (
              <tr key={row.vehicle} {...rowProps([row.vehicle], null, row.vehicle)}>
                <td>{plate(row.vehicle)}</td>
                {row.places.map((pl, i) => (
                  <td key={i} className="num" title={utcTitle(pl.firstAt)}>
                    {pl.count}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
      break;
    case 'plateSearch':
      body = (
        <table className="result-table">
          <thead>
            <tr>
              <th>{t('detective.result.vehicle')}</th>
              <th className="num">{t('detective.result.distance')}</th>
              <th className="num">{t('detective.result.reads')}</th>
              <th>{t('detective.result.last')}</th>
            </tr>
          </thead>
          <tbody>
            {d.plates.map((row) => (
              <tr key={row.vehicle} {...rowProps([row.vehicle], null, row.vehicle)}>
                <td>{plate(row.vehicle)}</td>
                <td className="num">{row.distance}</td>
                <td className="num">{row.count}</td>
                <td>
                  <Time iso={row.lastAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
      break;
    case 'firstLastSeen':
      body = (
        <table className="result-table">
          <thead>
            <tr>
              <th>{t('detective.result.vehicle')}</th>
              <th className="num">{t('detective.result.reads')}</th>
              <th>{t('detective.result.first')}</th>
              <th>{t('detective.result.last')}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((row) => (
              <tr key={row.vehicle} {...rowProps([row.vehicle], row.last, row.vehicle)}>
                <td>{plate(row.vehicle)}</td>
                <td className="num">{row.count}</td>
                <td>
                  {row.first ? <Time iso={byId.get(row.first)?.capturedAt ?? ''} /> : '—'}
                  <small className="muted"> {site(byId.get(row.first ?? ''))}</small>
                </td>
                <td>
                  {row.last ? <Time iso={byId.get(row.last)?.capturedAt ?? ''} /> : '—'}
                  <small className="muted"> {site(byId.get(row.last ?? ''))}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
      break;
    case 'locate':
      body = (
        <div className="locate">
          <Bars
            title={t('detective.result.byWeekday')}
            values={d.byWeekday}
            labels={WEEKDAYS.map((w) => t(`detective.weekday.${w}`))}
          />
          <Bars
            title={t('detective.result.byHour', { zone: zoneLabel(d.timeZone, i18n.language) })}
            values={d.byHour}
            labels={d.byHour.map((_, h) => (h % 3 === 0 ? String(h) : ''))}
          />
          <table className="result-table">
            <thead>
              <tr>
                <th>{t('detective.result.camera')}</th>
                <th className="num">{t('detective.result.reads')}</th>
                <th>{t('detective.result.last')}</th>
              </tr>
            </thead>
            <tbody>
              {d.byCamera.slice(0, 12).map((c) => (
                <tr key={c.unitId} {...rowProps([d.vehicle], null, c.unitId)}>
                  <td title={c.unitId}>{p.cameraById.get(c.unitId)?.site ?? c.unitId}</td>
                  <td className="num">{c.count}</td>
                  <td>
                    <Time iso={c.lastAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
      break;
  }

  const s = view.run.summary;
  return (
    <section className="analysis-result" data-testid="analysis-result" data-kind={d.kind}>
      <header className="result-head">
        <h3>{t(`detective.kind.${d.kind}`)}</h3>
        <span className="muted">
          <Time iso={view.run.createdAt} long /> · {view.run.officer}
        </span>
      </header>
      <p className="run-why-line" title={view.run.justification}>
        {t('detective.form.reason')}: {t(`reason.${view.run.reasonCode}`)} · “
        {view.run.justification}”
      </p>
      <p className="result-summary" data-testid="result-summary">
        {t(`detective.summary.${d.kind}`, {
          count: view.run.resultCount,
          ...Object.fromEntries(
            Object.entries(s).filter(([, v]) => typeof v === 'number' || typeof v === 'boolean'),
          ),
          ...(d.kind === 'convoy' ? { target: p.labelOf(d.target).text } : {}),
        })}
      </p>
      <AgeGateNotice
        withheld={view.withheld}
        context="analysis"
        onRequestAccess={p.onRequestAccess}
        testId="analysis-hidden"
      />
      {view.run.resultCount === 0 ? (
        <p className="muted">{t('detective.result.none')}</p>
      ) : (
        <div className="result-body">{body}</div>
      )}
      {view.vehicles.some((v) => v.masked) && (
        <p className="muted small">{t('detective.mask.note')}</p>
      )}
    </section>
  );
}
