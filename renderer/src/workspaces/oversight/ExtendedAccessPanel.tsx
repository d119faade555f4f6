import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseEntry, PullStatus } from '../../../../common/api/contract.ts';
import { ReasonCode } from '../../../../common/case.ts';
import { JustificationField, justificationValid } from '../../components/JustificationField.tsx';
import { OffenceTypeField } from '../../components/OffenceTypeField.tsx';
import type { AccessRequest } from '../../../../common/oversight-api.ts';
import { api } from '../../api.ts';
import { workstationNow } from '../../clock.ts';
import { ErrorNotice, Modal, StatusTag, Time } from './parts.tsx';
import { areaText, platesText } from './scope.ts';
import { DAY_MS, errorText, fromLocalInput, localInput, splitPlates, useLoad } from './util.ts';
import './oversight.css';
import { Field } from '../../components/Field.tsx';

/**
 * The detective's side of extended access, for one case: file a request for
 * reads older than the normal window, follow its status, and pull under an
 * approval. The platform enforces the granted scope and the expiry; this
 * panel only asks.
 */
export function ExtendedAccessPanel({
  caseEntry,
  onPullStarted,
}: {
  caseEntry: CaseEntry;
  onPullStarted?: (pull: PullStatus) => void;
}) {
  const { t } = useTranslation();
  const c = caseEntry.case;
  const info = useLoad(() => api['app.info']({}), []);
  const list = useLoad(() => api['access.list']({ caseId: c.id }), [c.id]);
  const [filing, setFiling] = useState(false);
  const [pulling, setPulling] = useState<AccessRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (info.value && info.value.policyPack !== 'be') return null;
  if (c.purpose !== 'judicial') return null;

  const withdraw = async (r: AccessRequest) => {
    setError(null);
    try {
      await api['access.withdraw']({ requestId: r.id });
      void list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const exportPdf = async (r: AccessRequest) => {
    setError(null);
    try {
      setNotice(
        t('oversight.saved', {
          path: (await api['access.exportDecision']({ requestId: r.id })).path,
        }),
      );
    } catch (e) {
      setError(errorText(e));
    }
  };

  // Newest first: the detective follows their latest request (the platform orders for prosecutors).
  const requests = [...(list.value?.requests ?? [])].sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <section
      className="panel ov-access-panel"
      aria-labelledby="access-title"
      data-testid="extended-access"
    >
      <div className="panel-head">
        <div>
          <h2 id="access-title">{t('oversight.access.title')}</h2>
          <p className="muted ov-access-intro">{t('oversight.access.intro')}</p>
        </div>
        <button
          type="button"
          className="btn"
          onClick={() => setFiling(true)}
          disabled={c.status !== 'open'}
          data-testid="request-access"
        >
          {t('oversight.access.request')}
        </button>
      </div>
      <ErrorNotice error={list.error ?? error} />
      {notice && (
        <p className="notice ov-notice-ok" role="status" data-testid="access-notice">
          {notice}
        </p>
      )}
      {list.value && requests.length === 0 && <p className="muted">{t('oversight.access.none')}</p>}
      <ul className="ov-access-list" data-testid="access-requests">
        {requests.map((r) => {
          const d = r.decision;
          const usable = !!d && d.decision !== 'refuse' && !r.expired;
          return (
            <li
              key={r.id}
              className="ov-access-item"
              data-testid="access-request"
              data-status={r.expired ? 'expired' : r.status}
            >
              <div className="ov-access-row">
                <StatusTag status={r.status} expired={r.expired} />
                {r.urgency === 'urgent' && (
                  <span className="tag ov-urgent">{t('oversight.urgency.urgent')}</span>
                )}
                <span className="ov-plate">{platesText(r.plates)}</span>
                {r.area && <span className="muted">{areaText(r.area, t)}</span>}
                <span className="muted">
                  <Time iso={r.periodFrom} /> – <Time iso={r.periodTo} />
                </span>
                <span className="muted ov-push">
                  {t('oversight.access.filed')} <Time iso={r.createdAt} />
                </span>
              </div>
              {d && (
                <div className={`ov-access-decision ov-decision-${d.decision}`}>
                  {d.decision === 'refuse' ? (
                    <span>
                      {t('oversight.access.refusedBy', { name: d.decidedByName ?? d.decidedBy })}
                    </span>
                  ) : (
                    <span data-testid="granted">
                      {t('oversight.access.granted')}:{' '}
                      <span className="ov-plate">{platesText(d.plates)}</span>
                      {d.area ? ` · ${areaText(d.area, t)}` : ''} · <Time iso={d.periodFrom} /> –{' '}
                      <Time iso={d.periodTo} /> · {t('oversight.access.validUntil')}{' '}
                      <Time iso={d.expiresAt} />
                    </span>
                  )}
                  <q className="ov-access-reasons">{d.reasons}</q>
                </div>
              )}
              <div className="ov-access-actions">
                {r.status === 'pending' && (
                  <button type="button" className="btn btn-small" onClick={() => void withdraw(r)}>
                    {t('oversight.access.withdraw')}
                  </button>
                )}
                {usable && (
                  <button
                    type="button"
                    className="btn btn-primary btn-small"
                    onClick={() => setPulling(r)}
                    data-testid="pull-approved"
                  >
                    {t('oversight.access.pull')}
                  </button>
                )}
                {d && (
                  <button type="button" className="btn btn-small" onClick={() => void exportPdf(r)}>
                    {t('oversight.decision.exportPdf')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {filing && (
        <RequestForm
          caseEntry={caseEntry}
          onCancel={() => setFiling(false)}
          onFiled={() => {
            setFiling(false);
            setNotice(t('oversight.access.filedNotice'));
            void list.reload();
          }}
        />
      )}
      {pulling && (
        <PullUnderApproval
          request={pulling}
          onCancel={() => setPulling(null)}
          onStarted={(p) => {
            setPulling(null);
            setNotice(t('oversight.access.pullStarted', { count: p.total }));
            onPullStarted?.(p);
          }}
        />
      )}
    </section>
  );
}

function RequestForm({
  caseEntry,
  onCancel,
  onFiled,
}: {
  caseEntry: CaseEntry;
  onCancel: () => void;
  onFiled: () => void;
}) {
  const { t } = useTranslation();
  const c = caseEntry.case;
  // The default period (one to two months back) on the workstation's clock, the one the one-month rule uses.
  const now = workstationNow().getTime();
  const [plates, setPlates] = useState('');
  const [useArea, setUseArea] = useState(false);
  const [lat, setLat] = useState('50.8466');
  const [lon, setLon] = useState('4.3528');
  const [radius, setRadius] = useState('500');
  const [from, setFrom] = useState(localInput(new Date(now - 60 * DAY_MS)));
  const [to, setTo] = useState(localInput(new Date(now - 30 * DAY_MS)));
  const [offence, setOffence] = useState(c.offence);
  const [legalBasis, setLegalBasis] = useState(c.legalBasis);
  const [justification, setJustification] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const plateList = splitPlates(plates);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api['access.file']({
        caseId: c.id,
        plates: plateList,
        area: useArea
          ? { kind: 'circle', lat: Number(lat), lon: Number(lon), radiusM: Number(radius) }
          : null,
        periodFrom: fromLocalInput(from) ?? '',
        periodTo: fromLocalInput(to) ?? '',
        offence,
        legalBasis,
        justification,
        urgency: urgent ? 'urgent' : 'normal',
      });
      onFiled();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal labelledBy="access-form-title" onCancel={onCancel} testId="access-form" wide>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <h2 id="access-form-title">{t('oversight.access.formTitle', { number: c.number })}</h2>
        <p className="muted">{t('oversight.access.formIntro')}</p>
        <label className="field">
          <span>{t('oversight.access.plates')}</span>
          <textarea
            rows={2}
            value={plates}
            onChange={(e) => setPlates(e.target.value)}
            data-testid="access-plates"
            placeholder="1-ABC-123"
          />
          <small className="muted">{t('oversight.access.platesHint')}</small>
        </label>
        <label className="ov-check">
          <input type="checkbox" checked={useArea} onChange={(e) => setUseArea(e.target.checked)} />{' '}
          {t('oversight.access.useArea')}
        </label>
        {useArea && (
          <div className="field-row">
            <label className="field">
              <span>{t('pull.lat')}</span>
              <input inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} />
            </label>
            <label className="field">
              <span>{t('pull.lon')}</span>
              <input inputMode="decimal" value={lon} onChange={(e) => setLon(e.target.value)} />
            </label>
            <Field
              label={t('pull.radius')}
              value={radius}
              onChange={setRadius}
              inputMode="numeric"
            />
          </div>
        )}
        <div className="field-row">
          <Field
            label={t('oversight.access.from')}
            value={from}
            onChange={setFrom}
            type="datetime-local"
            required
            testId="access-from"
          />
          <Field
            label={t('oversight.access.to')}
            value={to}
            onChange={setTo}
            type="datetime-local"
            required
            testId="access-to"
          />
        </div>
        <small className="muted">{t('oversight.access.periodHint')}</small>
        <div className="field-row">
          <label className="field">
            <span>{t('oversight.request.offence')}</span>
            <input value={offence} onChange={(e) => setOffence(e.target.value)} required />
          </label>
          <label className="field">
            <span>{t('oversight.request.legalBasis')}</span>
            <input value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} required />
          </label>
        </div>
        <JustificationField
          label={t('oversight.request.justification')}
          hint={t('oversight.access.justificationHint')}
          value={justification}
          onChange={setJustification}
          testId="access-justification"
        />
        <label className="ov-check">
          <input
            type="checkbox"
            checked={urgent}
            onChange={(e) => setUrgent(e.target.checked)}
            data-testid="access-urgent"
          />{' '}
          {t('oversight.access.urgent')}
        </label>
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={
              busy || !justificationValid(justification) || (plateList.length === 0 && !useArea)
            }
            data-testid="access-submit"
          >
            {t('oversight.access.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function PullUnderApproval({
  request,
  onCancel,
  onStarted,
}: {
  request: AccessRequest;
  onCancel: () => void;
  onStarted: (p: PullStatus) => void;
}) {
  const { t } = useTranslation();
  const d = request.decision!;
  const [offenceType, setOffenceType] = useState('');
  const [reasonCode, setReasonCode] = useState<ReasonCode>('suspect-vehicle');
  const [justification, setJustification] = useState(request.justification);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const range = { from: d.periodFrom!, to: d.periodTo! };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const query =
        d.plates && d.plates.length > 0
          ? { kind: 'plates' as const, plates: d.plates, range }
          : { kind: 'area' as const, area: d.area!, range };
      onStarted(
        await api['pulls.start']({
          caseId: request.caseId,
          offenceType,
          reasonCode,
          justification,
          query,
        }),
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal labelledBy="pull-under-title" onCancel={onCancel} testId="pull-under">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <h2 id="pull-under-title">{t('oversight.access.pullTitle')}</h2>
        <p className="muted">{t('oversight.access.pullIntro')}</p>
        <dl className="facts">
          <dt>{t('oversight.decision.plates')}</dt>
          <dd className="ov-plate">{platesText(d.plates)}</dd>
          <dt>{t('oversight.decision.area')}</dt>
          <dd>{areaText(d.area, t)}</dd>
          <dt>{t('oversight.decision.period')}</dt>
          <dd>
            <Time iso={d.periodFrom} /> – <Time iso={d.periodTo} />
          </dd>
          <dt>{t('oversight.decision.expires')}</dt>
          <dd>
            <Time iso={d.expiresAt} />
          </dd>
        </dl>
        {/* Extended access exists only for judicial cases (the panel shows for no other). */}
        <OffenceTypeField
          purpose="judicial"
          value={offenceType}
          onChange={setOffenceType}
          testId="pull-under-offence"
        />
        <label className="field">
          <span>{t('pull.reason')}</span>
          <select value={reasonCode} onChange={(e) => setReasonCode(e.target.value as ReasonCode)}>
            {ReasonCode.options.map((r) => (
              <option key={r} value={r}>
                {t(`reason.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <JustificationField
          label={t('pull.justification')}
          hint={t('detective.why.hint')}
          value={justification}
          onChange={setJustification}
          testId="pull-under-justification"
        />
        <ErrorNotice error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || offenceType === '' || !justificationValid(justification)}
            data-testid="pull-under-submit"
          >
            {t('oversight.access.pullSubmit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
