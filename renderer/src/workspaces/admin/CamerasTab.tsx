import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraImportReport, RegisterCamera } from '../../../../common/camera-register.ts';
import { api } from '../../api.ts';
import { workstationNow } from '../../clock.ts';
import { ErrorNotice, Modal, Time } from '../oversight/parts.tsx';
import { fromLocalInput, localInput, useLoad } from '../oversight/util.ts';
import { ChangeForm, DoneNotice, KeyTable } from './parts.tsx';

/**
 * The camera register (#14 item 3): cameras with status and last contact,
 * those down now first; import a CSV or GeoJSON register (rejected rows
 * reported by line); enter an outage by hand with its reason, end it, retire
 * a camera. Outages from unit heartbeats appear as the platform records them.
 */
export function CamerasTab() {
  const { t } = useTranslation();
  const cameras = useLoad(() => api['admin.cameras']({}), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [report, setReport] = useState<CameraImportReport | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [downOnly, setDownOnly] = useState(false);
  const all = cameras.value?.cameras ?? [];
  // Down now first: what an administrator has to act on.
  const rows = [...all]
    .filter((c) => !downOnly || c.down)
    .sort((a, b) => Number(b.down) - Number(a.down) || a.id.localeCompare(b.id));
  const chosen = all.find((c) => c.id === selected) ?? null;
  const finished = async (what: string) => {
    await cameras.reload();
    setDone(what);
  };

  return (
    <>
      <div className="panel ov-toolbar">
        <label className="ov-inline">
          <input
            type="checkbox"
            checked={downOnly}
            onChange={(e) => setDownOnly(e.target.checked)}
            data-testid="cameras-down-only"
          />
          {t('admin.cameras.downOnly', { count: all.filter((c) => c.down).length })}
        </label>
        <span className="muted ov-push">{t('admin.tableHint')}</span>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setImporting(true)}
          data-testid="cameras-import"
        >
          {t('admin.cameras.import')}
        </button>
      </div>
      <ErrorNotice error={cameras.error} />
      <DoneNotice text={done} onClose={() => setDone(null)} />
      {report && <ImportReport report={report} onClose={() => setReport(null)} />}
      <div className="adm-split">
        <section className="panel adm-list" aria-labelledby="adm-cameras-caption">
          <h2 id="adm-cameras-caption" className="ov-subhead">
            {t('admin.cameras.caption', { count: rows.length })}
          </h2>
          <KeyTable
            rows={rows}
            keyOf={(c) => c.id}
            selected={selected}
            onSelect={(c) => setSelected(c.id)}
            caption={t('admin.cameras.caption', { count: rows.length })}
            testId="cameras-table"
            head={
              <tr>
                <th scope="col">{t('admin.cameras.site')}</th>
                <th scope="col">{t('admin.cameras.road')}</th>
                <th scope="col">{t('admin.cameras.type')}</th>
                <th scope="col">{t('admin.cameras.state')}</th>
                <th scope="col">{t('admin.cameras.lastContact')}</th>
              </tr>
            }
            row={(c) => (
              <>
                <th scope="row">
                  <span data-testid="camera-row-site">{c.site}</span>
                  <span className="ov-username muted">{c.id}</span>
                </th>
                <td>
                  {c.road ?? '—'}
                  {c.direction && <span className="ov-username muted">{c.direction}</span>}
                </td>
                <td>
                  {t(`admin.cameras.unitType.${c.unitType}`)}
                  <span className="ov-username muted">
                    {t(`admin.cameras.operator.${c.operator}`)}
                  </span>
                </td>
                <td>
                  <CameraState camera={c} />
                </td>
                <td>
                  {c.lastContactAt ? <Time iso={c.lastContactAt} /> : t('admin.officers.never')}
                </td>
              </>
            )}
          />
        </section>
        <section className="panel adm-detail" aria-live="polite">
          {chosen ? (
            <CameraDetail key={chosen.id} camera={chosen} onDone={finished} />
          ) : (
            <p className="muted">{t('admin.cameras.pick')}</p>
          )}
        </section>
      </div>
      {importing && (
        <ImportDialog
          onCancel={() => setImporting(false)}
          onImported={async (r) => {
            setImporting(false);
            setReport(r);
            await finished(
              t('admin.cameras.imported', { inserted: r.inserted, updated: r.updated }),
            );
          }}
        />
      )}
    </>
  );
}

function CameraState({ camera }: { camera: RegisterCamera }) {
  const { t } = useTranslation();
  if (camera.status === 'retired')
    return <span className="tag adm-state-disabled">{t('admin.cameras.retired')}</span>;
  if (camera.down)
    return (
      <span className="tag adm-state-locked" data-testid="camera-down">
        {t('admin.cameras.down')}
      </span>
    );
  return <span className="tag adm-state-active">{t('admin.cameras.up')}</span>;
}

function ImportReport({ report, onClose }: { report: CameraImportReport; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="panel adm-once" role="status" data-testid="cameras-import-report">
      <h2>
        {t('admin.cameras.reportTitle', {
          format: report.format.toUpperCase(),
          inserted: report.inserted,
          updated: report.updated,
          unchanged: report.unchanged,
          rejected: report.rejected.length,
        })}
      </h2>
      {report.rejected.length > 0 && (
        <ul data-testid="cameras-import-rejected">
          {report.rejected.slice(0, 50).map((r) => (
            <li key={r.line}>{t('admin.cameras.rejectedLine', r)}</li>
          ))}
        </ul>
      )}
      <div>
        <button type="button" className="btn btn-small" onClick={onClose}>
          {t('common.dismiss')}
        </button>
      </div>
    </section>
  );
}

function ImportDialog({
  onCancel,
  onImported,
}: {
  onCancel: () => void;
  onImported: (report: CameraImportReport) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  return (
    <Modal labelledBy="adm-import-cameras" onCancel={onCancel} testId="cameras-import-dialog" wide>
      <div className="form adm-modal">
        <h2 id="adm-import-cameras">{t('admin.cameras.importTitle')}</h2>
        <p className="muted">{t('admin.cameras.importHint')}</p>
        <ChangeForm
          testId="cameras-import-form"
          submit={t('admin.cameras.importSubmit')}
          onCancel={onCancel}
          ready={content.trim() !== ''}
          run={async (justification) =>
            onImported(await api['admin.importCameras']({ content, justification }))
          }
        >
          <label className="field">
            <span>{t('admin.cameras.file')}</span>
            <input
              type="file"
              accept=".csv,.geojson,.json,text/csv,application/geo+json,application/json"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                setFileName(file.name);
                void file.text().then(setContent);
              }}
              data-testid="cameras-import-file"
            />
            {fileName && <small className="muted">{fileName}</small>}
          </label>
          <label className="field">
            <span>{t('admin.cameras.content')}</span>
            <textarea
              rows={6}
              value={content}
              onChange={(e) => setContent(e.target.value)}
              className="adm-secret"
              data-testid="cameras-import-content"
            />
          </label>
        </ChangeForm>
      </div>
    </Modal>
  );
}

function CameraDetail({
  camera,
  onDone,
}: {
  camera: RegisterCamera;
  onDone: (what: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const outages = useLoad(() => api['admin.outages']({ cameraId: camera.id }), [camera]);
  const [from, setFrom] = useState(() => localInput(workstationNow()));
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const list = outages.value?.outages ?? [];
  const retired = camera.status === 'retired';
  return (
    <div className="adm-detail-body" data-testid="camera-detail">
      <header>
        <h2>{camera.site}</h2>
        <p className="muted">
          {camera.id} · <CameraState camera={camera} />
        </p>
      </header>
      <dl className="facts facts-wide">
        <dt>{t('admin.cameras.position')}</dt>
        <dd>
          {camera.lat.toFixed(5)}, {camera.lon.toFixed(5)}
          {camera.heading !== null && ` · ${camera.heading}°`}
        </dd>
        <dt>{t('admin.cameras.road')}</dt>
        <dd>
          {camera.road ?? '—'} {camera.direction && `(${camera.direction})`}
        </dd>
        <dt>{t('admin.cameras.type')}</dt>
        <dd>
          {t(`admin.cameras.unitType.${camera.unitType}`)} ·{' '}
          {t(`admin.cameras.operator.${camera.operator}`)}
        </dd>
        <dt>{t('admin.cameras.heartbeat')}</dt>
        <dd>
          {camera.heartbeatIntervalSeconds === null
            ? t('admin.cameras.heartbeatDefault')
            : t('admin.cameras.seconds', { count: camera.heartbeatIntervalSeconds })}
        </dd>
      </dl>
      <h3 className="ov-subhead">{t('admin.cameras.outages')}</h3>
      <ErrorNotice error={outages.error} />
      {list.length === 0 && <p className="muted">{t('admin.cameras.noOutages')}</p>}
      {list.length > 0 && (
        <ul className="adm-assigned" data-testid="camera-outages">
          {list.map((o) => {
            const text = (
              <>
                <Time iso={o.from} /> – {o.to ? <Time iso={o.to} /> : t('admin.cameras.ongoing')} ·{' '}
                {t(`admin.cameras.source.${o.source}`)} · {o.reason}
              </>
            );
            return o.to ? (
              <li key={o.id} className="muted">
                {text}
              </li>
            ) : (
              <li key={o.id}>
                <details>
                  <summary>
                    {text}
                    <span className="muted"> · {t('admin.cameras.endOutage')}</span>
                  </summary>
                  <ChangeForm
                    testId={`outage-end-${o.id}`}
                    submit={t('admin.cameras.endOutage')}
                    run={async (justification) => {
                      await api['admin.endOutage']({ outageId: o.id, justification });
                      await outages.reload();
                      await onDone(t('admin.cameras.outageEnded', { site: camera.site }));
                    }}
                  />
                </details>
              </li>
            );
          })}
        </ul>
      )}
      {!retired && (
        <>
          <h3 className="ov-subhead">{t('admin.cameras.addOutage')}</h3>
          <ChangeForm
            testId="outage-add"
            submit={t('admin.cameras.addOutage')}
            ready={from !== '' && reason.trim().length >= 3}
            run={async (justification) => {
              await api['admin.addOutage']({
                cameraId: camera.id,
                from: fromLocalInput(from) ?? '',
                to: fromLocalInput(to),
                reason,
                justification,
              });
              setReason('');
              await outages.reload();
              await onDone(t('admin.cameras.outageAdded', { site: camera.site }));
            }}
          >
            <div className="field-row">
              <label className="field">
                <span>{t('admin.cameras.from')}</span>
                <input
                  type="datetime-local"
                  value={from}
                  onChange={(e) => setFrom(e.target.value)}
                  data-testid="outage-add-from"
                />
              </label>
              <label className="field">
                <span>{t('admin.cameras.to')}</span>
                <input
                  type="datetime-local"
                  value={to}
                  onChange={(e) => setTo(e.target.value)}
                  data-testid="outage-add-to"
                />
              </label>
            </div>
            <label className="field">
              <span>{t('admin.cameras.outageReason')}</span>
              <input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                data-testid="outage-add-reason"
              />
            </label>
          </ChangeForm>
          <h3 className="ov-subhead">{t('admin.cameras.retireTitle')}</h3>
          <ChangeForm
            testId="camera-retire"
            danger
            hint={t('admin.cameras.retireHint')}
            submit={t('admin.cameras.retire')}
            run={async (justification) => {
              await api['admin.retireCamera']({ cameraId: camera.id, justification });
              await onDone(t('admin.cameras.retiredDone', { site: camera.site }));
            }}
          />
        </>
      )}
    </div>
  );
}
