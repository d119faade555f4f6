import { useTranslation } from 'react-i18next';
import type { Flag } from '../../../../common/oversight-api.ts';
import { Time } from './parts.tsx';

/** A flag with its plain explanation, in the officer's language. */
export function FlagCard({
  flag,
  onExplore,
  onSample,
  showOfficer = true,
}: {
  flag: Flag;
  onExplore?: (flag: Flag) => void;
  onSample?: (flag: Flag) => void;
  showOfficer?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <article
      className={`ov-flag ov-sev-${flag.severity}`}
      data-testid={`flag-${flag.kind}`}
      data-officer={flag.username}
    >
      <header>
        <span className={`ov-sev-badge ov-sev-badge-${flag.severity}`}>
          {t(`oversight.severity.${flag.severity}`)}
        </span>
        <h3>{t(`oversight.flag.${flag.kind}.title`)}</h3>
        {showOfficer && <span className="ov-flag-officer">{flag.username}</span>}
      </header>
      <p className="ov-flag-text" data-testid="flag-explanation">
        {explain(flag, t)}
      </p>
      <footer>
        <span className="muted">
          {t('oversight.flag.entries', { count: flag.count })} · <Time iso={flag.firstAt} /> –{' '}
          <Time iso={flag.lastAt} />
        </span>
        <span className="ov-flag-actions">
          {onExplore && (
            <button type="button" className="btn btn-small" onClick={() => onExplore(flag)}>
              {t('oversight.flag.explore')}
            </button>
          )}
          {onSample && (
            <button type="button" className="btn btn-small" onClick={() => onSample(flag)}>
              {t('oversight.flag.sample')}
            </button>
          )}
        </span>
      </footer>
    </article>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

export function explain(flag: Flag, t: T): string {
  const p = flag.params;
  switch (flag.kind) {
    case 'out-of-hours':
      return t('oversight.flag.out-of-hours.explain', { ...p, hours: t('oversight.officeHours') });
    case 'volume-spike':
      return Number(p.baseline) > 0
        ? t('oversight.flag.volume-spike.explain', p)
        : t('oversight.flag.volume-spike.explainNoBaseline', p);
    case 'personal-data':
      return t('oversight.flag.personal-data.explain', {
        ...p,
        what: t(`oversight.personalData.${String(p.what)}`),
      });
    case 'abandoned-sample':
      return p.status === 'drawn'
        ? t('oversight.flag.abandoned-sample.explain', p)
        : t('oversight.flag.abandoned-sample.explainUndrawn', p);
    case 'entry-times':
      return Number(p.largestHours) >= 48
        ? t('oversight.flag.entry-times.explain', p)
        : t('oversight.flag.entry-times.explainHours', p);
    default:
      return t(`oversight.flag.${flag.kind}.explain`, p);
  }
}
