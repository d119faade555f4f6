import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  OfficerSummary,
  ReproduceResult,
  SampleCheck,
  Verdict,
} from '../../../../common/oversight-api.ts';
import { api } from '../../api.ts';
import { ErrorNotice, StatusTag, Time } from './parts.tsx';
import { errorText, fromLocalInput, localInput, useLoad } from './util.ts';
import { Field } from '../../components/Field.tsx';

const VERDICTS: readonly Verdict[] = ['lawful', 'doubtful', 'unlawful'];

/** 16 random bytes from this browser, as hex: the supervisor's share of the draw's randomness. */
function randomValue(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * Random sample checks: commit (the seed's hash is logged before anything
 * is drawn), draw (the supervisor adds a value of their own, generated here
 * or typed, and the platform's seed is revealed), review each entry,
 * complete, export; and repeat any draw from the published values to show
 * it was not chosen.
 */
export function SamplesTab({
  officers,
  period,
  preset,
  selfId,
}: {
  officers: readonly OfficerSummary[];
  period: { from: string; to: string };
  /** Officer to propose (e.g. from a flag). */
  preset: string | null;
  selfId: string;
}) {
  const { t } = useTranslation();
  const list = useLoad(() => api['samples.list']({}), []);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    if (preset) setCreating(true);
  }, [preset]);

  return (
    <div className="ov-samples">
      <nav className="panel ov-sample-list" aria-labelledby="samples-title">
        <div className="panel-head">
          <h2 id="samples-title">{t('oversight.samples.title')}</h2>
          <button
            type="button"
            className="btn btn-primary btn-small"
            onClick={() => setCreating(true)}
            data-testid="new-sample"
          >
            {t('oversight.samples.new')}
          </button>
        </div>
        <ErrorNotice error={list.error} />
        {list.value?.samples.length === 0 && <p className="muted">{t('oversight.samples.none')}</p>}
        <ul className="case-items">
          {list.value?.samples.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className={`case-item${s.id === openId ? ' selected' : ''}`}
                aria-current={s.id === openId ? 'true' : undefined}
                onClick={() => {
                  setCreating(false);
                  setOpenId(s.id);
                }}
              >
                <span className="case-title">{s.officer.displayName}</span>
                <span className="case-meta">
                  <StatusTag status={`sample-${s.status}`} />
                  <span className="muted">
                    <Time iso={s.createdAt} />
                  </span>
                </span>
                <span className="muted">
                  {t('oversight.samples.progress', {
                    reviewed: s.reviewed,
                    drawn: s.drawn || s.size,
                  })}
                  {s.verdicts.unlawful > 0 && (
                    <span className="ov-danger-text">
                      {' '}
                      · {t('oversight.samples.unlawfulCount', { count: s.verdicts.unlawful })}
                    </span>
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="ov-sample-main">
        {creating ? (
          <CreateSample
            officers={officers.filter((o) => o.id !== selfId)}
            period={period}
            preset={preset}
            onCancel={() => setCreating(false)}
            onCreated={(s) => {
              setCreating(false);
              setOpenId(s.id);
              void list.reload();
            }}
          />
        ) : openId ? (
          <SampleView key={openId} sampleId={openId} onChanged={() => void list.reload()} />
        ) : (
          <div className="panel empty-state">
            <p className="muted">{t('oversight.samples.pick')}</p>
          </div>
        )}
      </div>
    </div>
  );
}

function CreateSample({
  officers,
  period,
  preset,
  onCancel,
  onCreated,
}: {
  officers: readonly OfficerSummary[];
  period: { from: string; to: string };
  preset: string | null;
  onCancel: () => void;
  onCreated: (s: SampleCheck) => void;
}) {
  const { t } = useTranslation();
  const [officerId, setOfficerId] = useState(preset ?? officers[0]?.id ?? '');
  const [size, setSize] = useState('10');
  const [from, setFrom] = useState(localInput(period.from));
  const [to, setTo] = useState(localInput(period.to));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (preset) setOfficerId(preset);
  }, [preset]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(
        await api['samples.create']({
          officerId,
          size: Number(size),
          from: fromLocalInput(from) ?? period.from,
          to: fromLocalInput(to) ?? period.to,
        }),
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="panel form ov-create-sample"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="create-sample-title"
      data-testid="create-sample"
    >
      <h2 id="create-sample-title">{t('oversight.samples.newTitle')}</h2>
      <p className="muted">{t('oversight.samples.newIntro')}</p>
      <div className="field-row">
        <label className="field">
          <span>{t('oversight.samples.officer')}</span>
          <select
            value={officerId}
            onChange={(e) => setOfficerId(e.target.value)}
            required
            data-testid="sample-officer"
          >
            {officers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.displayName} ({o.username})
              </option>
            ))}
          </select>
        </label>
        <Field
          label={t('oversight.samples.size')}
          value={size}
          onChange={setSize}
          type="number"
          min={1}
          max={200}
          required
          testId="sample-size"
        />
      </div>
      <div className="field-row">
        <Field
          label={t('oversight.samples.from')}
          value={from}
          onChange={setFrom}
          type="datetime-local"
          required
        />
        <Field
          label={t('oversight.samples.to')}
          value={to}
          onChange={setTo}
          type="datetime-local"
          required
        />
      </div>
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || !officerId}
          data-testid="sample-commit"
        >
          {t('oversight.samples.commit')}
        </button>
      </div>
    </form>
  );
}

function SampleView({ sampleId, onChanged }: { sampleId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const sample = useLoad(() => api['samples.get']({ sampleId }), [sampleId]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Generated when the check is opened, so the platform cannot know it when it commits.
  const [supervisorValue, setSupervisorValue] = useState(randomValue);
  const s = sample.value;

  const act = async (fn: () => Promise<SampleCheck>) => {
    setBusy(true);
    setError(null);
    try {
      sample.setValue(await fn());
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const exportAs = async (format: 'pdf' | 'csv') => {
    setError(null);
    try {
      setSaved((await api['samples.export']({ sampleId, format })).path);
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (!s) return <ErrorNotice error={sample.error} />;
  const reviews = new Map(s.reviews.map((r) => [r.ref, r]));
  return (
    <div className="ov-sample" data-testid="sample-view" data-status={s.status}>
      <section className="panel" aria-labelledby="sample-title">
        <div className="panel-head">
          <div>
            <p className="eyebrow">
              <Time iso={s.from} /> – <Time iso={s.to} />
            </p>
            <h2 id="sample-title">{t('oversight.samples.of', { name: s.officer.displayName })}</h2>
          </div>
          <div className="ov-tags">
            <StatusTag status={`sample-${s.status}`} />
          </div>
        </div>
        <div className="ov-randomness" data-testid="randomness">
          <div>
            <span className="muted">{t('oversight.samples.commitment')}</span>
            <code data-testid="commitment">{s.commitment}</code>
          </div>
          <div>
            <span className="muted">
              {t('oversight.samples.candidates', { count: s.candidateCount })}
            </span>
            <code>{s.candidatesHash}</code>
          </div>
          <div>
            <span className="muted">{t('oversight.samples.platformSeed')}</span>
            {s.seed ? (
              <code data-testid="seed">{s.seed}</code>
            ) : (
              <span className="muted">{t('oversight.samples.seedHidden')}</span>
            )}
          </div>
          {s.seed && (
            <>
              <div>
                <span className="muted">{t('oversight.samples.valueShown')}</span>
                {s.supervisorValue !== null ? (
                  <code data-testid="supervisor-value">{s.supervisorValue}</code>
                ) : (
                  <span className="muted">{t('oversight.samples.noValue')}</span>
                )}
              </div>
              <div>
                <span className="muted">{t('oversight.samples.drawSeed')}</span>
                <code data-testid="draw-seed">{s.drawSeed}</code>
              </div>
              <p className="muted">{t('oversight.samples.recompute')}</p>
            </>
          )}
        </div>
        {s.status === 'committed' && (
          <>
            <div className="ov-draw-value">
              <div className="ov-reproduce-row">
                <Field
                  label={t('oversight.samples.supervisorValue')}
                  value={supervisorValue}
                  onChange={setSupervisorValue}
                  minLength={8}
                  maxLength={200}
                  spellCheck={false}
                  className="ov-mono"
                  testId="supervisor-value-input"
                />
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setSupervisorValue(randomValue())}
                  data-testid="new-supervisor-value"
                >
                  {t('oversight.samples.newValue')}
                </button>
              </div>
              <p className="muted">{t('oversight.samples.supervisorValueHint')}</p>
            </div>
            <div className="ov-draw">
              <p>
                {t('oversight.samples.committedText', { count: s.candidateCount, size: s.size })}
              </p>
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy || supervisorValue.trim().length < 8}
                onClick={() =>
                  void act(() =>
                    api['samples.draw']({ sampleId, supervisorValue: supervisorValue.trim() }),
                  )
                }
                data-testid="sample-draw"
              >
                {t('oversight.samples.draw')}
              </button>
            </div>
          </>
        )}
        {s.seed && <Reproduce sample={s} />}
        <ErrorNotice error={error} />
      </section>

      {s.status !== 'committed' && (
        <section className="panel" aria-labelledby="entries-title">
          <div className="panel-head">
            <h2 id="entries-title">
              {t('oversight.samples.entries', {
                reviewed: s.reviews.length,
                drawn: s.entries.length,
              })}
            </h2>
            <div className="ov-flag-actions">
              <button
                type="button"
                className="btn btn-small"
                onClick={() => void exportAs('pdf')}
                data-testid="sample-export-pdf"
              >
                {t('oversight.samples.exportPdf')}
              </button>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => void exportAs('csv')}
                data-testid="sample-export-csv"
              >
                {t('oversight.samples.exportCsv')}
              </button>
              {s.status === 'drawn' && (
                <button
                  type="button"
                  className="btn btn-primary btn-small"
                  disabled={busy || s.reviews.length < s.entries.length}
                  onClick={() => void act(() => api['samples.complete']({ sampleId }))}
                  data-testid="sample-complete"
                >
                  {t('oversight.samples.complete')}
                </button>
              )}
            </div>
          </div>
          {saved && (
            <p className="notice ov-notice-ok" role="status" data-testid="saved-path">
              {t('oversight.saved', { path: saved })}
            </p>
          )}
          <ol className="ov-review-list" data-testid="sample-entries">
            {s.entries.map((e) => (
              <ReviewRow
                key={e.ref}
                entry={e}
                review={reviews.get(e.ref) ?? null}
                locked={s.status === 'completed'}
                onSave={(verdict, note) =>
                  act(() => api['samples.review']({ sampleId, ref: e.ref, verdict, note }))
                }
              />
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

function Reproduce({ sample }: { sample: SampleCheck }) {
  const { t } = useTranslation();
  const [seed, setSeed] = useState(sample.seed ?? '');
  const [value, setValue] = useState(sample.supervisorValue ?? '');
  const [result, setResult] = useState<ReproduceResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(
        await api['samples.reproduce']({
          sampleId: sample.id,
          seed: seed.trim(),
          ...(value.trim() ? { supervisorValue: value.trim() } : {}),
        }),
      );
    } catch (err) {
      setError(errorText(err));
    }
  };
  const good = result && result.commitmentMatches && result.sameAsStored;
  return (
    <form className="ov-reproduce" onSubmit={(e) => void run(e)} aria-labelledby="reproduce-title">
      <h3 id="reproduce-title">{t('oversight.samples.reproduceTitle')}</h3>
      <div className="ov-reproduce-row">
        <label className="field">
          <span className="sr-only">{t('oversight.samples.seed')}</span>
          <input
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
            spellCheck={false}
            className="ov-mono"
            data-testid="reproduce-seed"
          />
        </label>
        {sample.supervisorValue !== null && (
          <label className="field">
            <span className="sr-only">{t('oversight.samples.valueShown')}</span>
            <input
              value={value}
              onChange={(e) => setValue(e.target.value)}
              spellCheck={false}
              className="ov-mono"
              data-testid="reproduce-value"
            />
          </label>
        )}
        <button type="submit" className="btn" data-testid="reproduce">
          {t('oversight.samples.reproduce')}
        </button>
      </div>
      {result && (
        <div
          className={`notice ${good ? 'ov-notice-ok' : 'notice-danger'}`}
          role="status"
          data-testid="reproduce-result"
          data-same={String(result.sameAsStored)}
        >
          <strong>
            {good
              ? t('oversight.samples.reproduceSame', { count: result.refs.length })
              : t('oversight.samples.reproduceDiffers')}
          </strong>
          <ul className="ov-checklist">
            <li>
              {result.commitmentMatches ? '✓' : '✗'} {t('oversight.samples.checkCommitment')}
            </li>
            <li>
              {result.candidatesMatch ? '✓' : '✗'} {t('oversight.samples.checkCandidates')}
            </li>
            <li>
              {result.sameAsStored ? '✓' : '✗'} {t('oversight.samples.checkSame')}
            </li>
          </ul>
          <code className="ov-refs" data-testid="reproduced-refs">
            {result.refs.join('  ')}
          </code>
        </div>
      )}
      <ErrorNotice error={error} />
    </form>
  );
}

function ReviewRow({
  entry: e,
  review,
  locked,
  onSave,
}: {
  entry: SampleCheck['entries'][number];
  review: SampleCheck['reviews'][number] | null;
  locked: boolean;
  onSave: (verdict: Verdict, note: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(!review);
  const [verdict, setVerdict] = useState<Verdict | null>(review?.verdict ?? null);
  const [note, setNote] = useState(review?.note ?? '');
  useEffect(() => setEditing(!review), [review]);
  return (
    <li
      className={`ov-review ${review ? `ov-review-${review.verdict}` : ''}`}
      data-testid="sample-entry"
      data-ref={e.ref}
    >
      <div className="ov-review-entry">
        <div className="ov-review-head">
          <Time iso={e.at} />
          {e.outOfHours && (
            <span className="tag ov-status-expired">{t('oversight.explorer.outOfHours')}</span>
          )}
          <code>{e.action}</code>
          <span className="muted">{e.caseNumber ?? e.caseId ?? '—'}</span>
          <span className={`tag ov-outcome-${e.outcome}`}>
            {t(`oversight.outcome.${e.outcome}`)}
          </span>
          <span className="muted ov-ref">{e.ref}</span>
        </div>
        <div className="ov-review-just">
          <span className="muted">{t('oversight.explorer.justification')}: </span>
          <q>{e.justification ?? '—'}</q>
          {e.resultCount !== null && (
            <span className="muted">
              {' '}
              · {t('oversight.samples.results', { count: e.resultCount })}
            </span>
          )}
        </div>
      </div>
      {!editing && review ? (
        <div className="ov-review-done">
          <span className={`tag ov-verdict-${review.verdict}`} data-testid="verdict">
            {t(`oversight.verdict.${review.verdict}`)}
          </span>
          {review.note && <span className="ov-review-note">{review.note}</span>}
          {review.revisions > 0 && (
            <span className="muted">
              {t('oversight.samples.revised', { count: review.revisions })}
            </span>
          )}
          {!locked && (
            <button type="button" className="ov-link" onClick={() => setEditing(true)}>
              {t('oversight.samples.revise')}
            </button>
          )}
        </div>
      ) : (
        <form
          className="ov-review-form"
          onSubmit={(ev) => {
            ev.preventDefault();
            if (verdict) void onSave(verdict, note);
          }}
        >
          <fieldset className="segmented">
            <legend className="sr-only">{t('oversight.samples.verdict')}</legend>
            {VERDICTS.map((v) => (
              <label key={v} className={`ov-verdict-choice ov-verdict-choice-${v}`}>
                <input
                  type="radio"
                  name={`verdict-${e.ref}`}
                  checked={verdict === v}
                  onChange={() => setVerdict(v)}
                  data-testid={`verdict-${v}`}
                />{' '}
                {t(`oversight.verdict.${v}`)}
              </label>
            ))}
          </fieldset>
          <input
            className="ov-note"
            value={note}
            onChange={(ev) => setNote(ev.target.value)}
            placeholder={t('oversight.samples.note')}
            aria-label={t('oversight.samples.note')}
            data-testid="review-note"
          />
          <button
            type="submit"
            className="btn btn-small"
            disabled={!verdict}
            data-testid="review-save"
          >
            {t('oversight.samples.save')}
          </button>
        </form>
      )}
    </li>
  );
}
