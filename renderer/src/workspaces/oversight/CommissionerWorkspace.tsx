import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../../common/api/contract.ts';
import { JustificationField, justificationValid } from '../../components/JustificationField.tsx';
import type { PostponementView } from '../../../../common/oversight-api.ts';
import { formatCount } from '../../format.ts';
import { api } from '../../api.ts';
import { workstationNow } from '../../clock.ts';
import { ErrorNotice, Time } from './parts.tsx';
import { areaText, platesText } from './scope.ts';
import { DAY_MS, errorText, fromLocalInput, localInput, splitPlates, useLoad } from './util.ts';
import './oversight.css';
import { Field } from '../../components/Field.tsx';

/**
 * Danish extraordinary postponement of deletion: only the national police
 * commissioner decides, with written reasons, for a scope and until a date.
 * Decisions are recorded, enforced by the platform's purge, and exportable.
 */
export function CommissionerWorkspace({ info }: { info: AppInfo }) {
  const { t } = useTranslation();
  const list = useLoad(() => api['postponements.list']({}), []);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (list.value && !list.value.available) {
    return (
      <section className="panel empty-state ov-narrow-panel" data-testid="workspace-commissioner">
        <div>
          <h1>{t('oversight.postpone.title')}</h1>
          <p className="muted">
            {t('oversight.postpone.notApplicable', { pack: info.policyPack })}
          </p>
        </div>
      </section>
    );
  }
  const exportPdf = async (p: PostponementView) => {
    setError(null);
    try {
      setSaved((await api['postponements.export']({ postponementId: p.id })).path);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="ov-commissioner" data-testid="workspace-commissioner">
      <header className="ov-head">
        <div>
          <h1>{t('oversight.postpone.title')}</h1>
          <p className="muted">{t('oversight.postpone.intro')}</p>
        </div>
      </header>
      <div className="ov-two">
        <PostponeForm onDone={() => void list.reload()} />
        <section className="panel" aria-labelledby="postponements-title">
          <h2 id="postponements-title">{t('oversight.postpone.list')}</h2>
          <ErrorNotice error={list.error ?? error} />
          {saved && (
            <p className="notice ov-notice-ok" role="status" data-testid="postpone-saved">
              {t('oversight.saved', { path: saved })}
            </p>
          )}
          {list.value?.postponements.length === 0 && (
            <p className="muted">{t('oversight.postpone.none')}</p>
          )}
          <ul className="ov-history ov-postponements" data-testid="postponements">
            {list.value?.postponements.map((p) => (
              <li key={p.id}>
                <div>
                  <strong>
                    {t('oversight.postpone.until')} <Time iso={p.until} />
                  </strong>{' '}
                  ·{' '}
                  <span data-testid="postpone-affected">
                    {t('oversight.postpone.affected', {
                      count: p.readsAffected,
                      n: formatCount(p.readsAffected),
                    })}
                  </span>
                </div>
                <div className="muted">
                  {p.scope.all ? t('oversight.postpone.all') : <ScopeText p={p} />}
                </div>
                <div>“{p.reasons}”</div>
                <div className="muted">
                  {p.decidedByName ?? p.decidedBy}, <Time iso={p.decidedAt} />{' '}
                  <button type="button" className="ov-link" onClick={() => void exportPdf(p)}>
                    {t('oversight.decision.exportPdf')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

function ScopeText({ p }: { p: PostponementView }) {
  const { t } = useTranslation();
  const parts = [platesText(p.scope.plates), areaText(p.scope.area, t)].filter((x) => x !== '—');
  return (
    <>
      {parts.join(' · ')}
      {parts.length > 0 && (p.scope.capturedFrom || p.scope.capturedTo) ? ' · ' : ''}
      {(p.scope.capturedFrom || p.scope.capturedTo) && (
        <>
          {t('oversight.postpone.captured')} <Time iso={p.scope.capturedFrom} /> –{' '}
          <Time iso={p.scope.capturedTo} />
        </>
      )}
    </>
  );
}

function PostponeForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [plates, setPlates] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // 90 days from the workstation's now, the clock the platform checks `until` against.
  const [until, setUntil] = useState(() =>
    localInput(new Date(workstationNow().getTime() + 90 * DAY_MS)),
  );
  const [reasons, setReasons] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const list = splitPlates(plates);
      await api['postponements.decide']({
        scope: {
          ...(list.length ? { plates: list } : {}),
          ...(fromLocalInput(from) ? { capturedFrom: fromLocalInput(from)! } : {}),
          ...(fromLocalInput(to) ? { capturedTo: fromLocalInput(to)! } : {}),
        },
        until: fromLocalInput(until) ?? '',
        reasons,
      });
      setPlates('');
      setReasons('');
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="panel form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="postpone-title"
      data-testid="postpone-form"
    >
      <h2 id="postpone-title">{t('oversight.postpone.new')}</h2>
      <label className="field">
        <span>{t('oversight.postpone.plates')}</span>
        <textarea rows={2} value={plates} onChange={(e) => setPlates(e.target.value)} />
        <small className="muted">{t('oversight.postpone.platesHint')}</small>
      </label>
      <div className="field-row">
        <Field
          label={t('oversight.postpone.capturedFrom')}
          value={from}
          onChange={setFrom}
          type="datetime-local"
          testId="postpone-from"
        />
        <Field
          label={t('oversight.postpone.capturedTo')}
          value={to}
          onChange={setTo}
          type="datetime-local"
          testId="postpone-to"
        />
      </div>
      <Field
        label={t('oversight.postpone.untilLabel')}
        value={until}
        onChange={setUntil}
        type="datetime-local"
        required
      />
      <JustificationField
        label={t('oversight.decide.reasons')}
        hint={t('oversight.postpone.reasonsHint')}
        value={reasons}
        onChange={setReasons}
        testId="postpone-reasons"
      />
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || !justificationValid(reasons)}
          data-testid="postpone-submit"
        >
          {t('oversight.postpone.submit')}
        </button>
      </div>
    </form>
  );
}
