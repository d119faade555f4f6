import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { migrate, type Migration } from '../../common/migrations.ts';
import {
  CameraEdit,
  CameraRegisterEntry,
  ManualOutage,
  type CameraImportReport,
  type CameraStatus,
  type Outage,
  type RegisterCamera,
  type RegisterRejection,
} from '../../common/camera-register.ts';
import { parseCsv } from '../importers/csv.ts';
import type { Db } from '../store/sqlite.ts';
import { describeIssues } from './actor.ts';
import { DataError } from './errors.ts';
import { migrateData } from './schema.ts';
import { stmt, toIso } from './sql.ts';

/**
 * The camera register as an agency maintains it (issue #14 item 3): import
 * from CSV or GeoJSON, edits, status (active / retired), and outages, both
 * entered by hand with a reason and derived from unit heartbeats.
 *
 * The register's own state lives beside the `cameras` table (module
 * `camera-register` in `_migrations`, so it never competes with the data
 * module's version numbers): status and heartbeat interval per camera, the
 * outage log, and each unit's last contact. A camera and the fixed unit that
 * sends its reads share one id.
 */

const v1 = `
CREATE TABLE camera_register (
  camera_id TEXT PRIMARY KEY REFERENCES cameras(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  heartbeat_interval_ms INTEGER CHECK (heartbeat_interval_ms IS NULL OR heartbeat_interval_ms > 0),
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

-- to_ms NULL: still down. checked_ms: the last time the platform saw it
-- still down (what /api/v1/cameras reports as the end of an open outage).
CREATE TABLE camera_outage_log (
  id TEXT PRIMARY KEY,
  camera_id TEXT NOT NULL REFERENCES cameras(id) ON DELETE CASCADE,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER,
  checked_ms INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('heartbeat', 'manual')),
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  ended_at INTEGER,
  ended_by TEXT,
  CHECK (to_ms IS NULL OR to_ms > from_ms)
) STRICT;
CREATE INDEX camera_outage_log_camera ON camera_outage_log(camera_id, from_ms);

CREATE TABLE unit_contacts (
  unit_id TEXT PRIMARY KEY,
  last_contact_ms INTEGER NOT NULL
) STRICT;
`;

const MIGRATIONS: ReadonlyArray<Migration<Db>> = [
  { version: 1, name: 'camera status, outage log, unit contacts', up: v1 },
];

const migrated = new WeakSet<Db>();

/** Creates the register's tables on first use (idempotent, once per connection). */
export function ensureCameraRegister(db: Db): void {
  if (migrated.has(db)) return;
  // The cameras table itself (the CLI may be the first to open a new store).
  migrateData(db);
  migrate(db, 'camera-register', MIGRATIONS);
  migrated.add(db);
}

/** Heartbeat interval of a unit without its own: a fixed camera is silent 15 minutes at most. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 15 * 60_000;

export interface ParsedRegister {
  format: 'csv' | 'geojson';
  rows: Array<{ line: number; entry: CameraRegisterEntry }>;
  rejected: RegisterRejection[];
}

/** Header names an agency's export may use, folded to lower-case letters and digits. */
const HEADER_ALIASES: Record<string, keyof CameraRegisterEntry> = {
  id: 'id',
  cameraid: 'id',
  unitid: 'id',
  site: 'site',
  sitename: 'site',
  name: 'site',
  lat: 'lat',
  latitude: 'lat',
  lon: 'lon',
  lng: 'lon',
  long: 'lon',
  longitude: 'lon',
  direction: 'direction',
  road: 'road',
  operator: 'operator',
  type: 'unitType',
  unittype: 'unitType',
  heading: 'heading',
  lanes: 'lanes',
};
const REQUIRED_COLUMNS: ReadonlyArray<keyof CameraRegisterEntry> = [
  'id',
  'site',
  'lat',
  'lon',
  'operator',
  'unitType',
];
const NUMERIC = new Set<string>(['lat', 'lon', 'heading', 'lanes']);

const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A register field from text: numbers parsed (a decimal comma allowed), blanks left out. */
function fieldValue(key: string, raw: string): unknown {
  const s = raw.trim();
  if (s === '') return undefined;
  if (!NUMERIC.has(key)) return key === 'operator' || key === 'unitType' ? s.toLowerCase() : s;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : s;
}

function checkEntry(value: unknown): { entry: CameraRegisterEntry } | { reason: string } {
  const parsed = CameraRegisterEntry.safeParse(value);
  return parsed.success ? { entry: parsed.data } : { reason: describeIssues(parsed.error) };
}

/** Reads a CSV register (header line naming the columns); bad rows are reported, not guessed at. */
export async function parseCameraCsv(textIn: string): Promise<ParsedRegister> {
  const out: ParsedRegister = { format: 'csv', rows: [], rejected: [] };
  let columns: Array<keyof CameraRegisterEntry | null> | null = null;
  for await (const batch of parseCsv([textIn])) {
    for (const row of batch) {
      if (columns === null) {
        columns = row.fields.map((f) => HEADER_ALIASES[fold(f)] ?? null);
        const missing = REQUIRED_COLUMNS.filter((c) => !columns!.includes(c));
        if (missing.length)
          throw new DataError(
            'invalid',
            `file: the header line has no column for ${missing.join(', ')} (expected id, site name, lat, lon, direction, road, operator, type).`,
          );
        continue;
      }
      if (row.fields.every((f) => f.trim() === '')) continue;
      if (row.error) {
        out.rejected.push({ line: row.line, reason: row.error });
        continue;
      }
      const value: Record<string, unknown> = {};
      columns.forEach((key, i) => {
        if (key) value[key] = fieldValue(key, row.fields[i] ?? '');
      });
      const checked = checkEntry(value);
      if ('reason' in checked) out.rejected.push({ line: row.line, reason: checked.reason });
      else out.rows.push({ line: row.line, entry: checked.entry });
    }
  }
  if (columns === null) throw new DataError('invalid', 'file: empty (no header line).');
  return out;
}

/** Reads a GeoJSON FeatureCollection of Point features whose properties name the register fields. */
export function parseCameraGeoJson(textIn: string): ParsedRegister {
  let doc: unknown;
  try {
    doc = JSON.parse(textIn);
  } catch {
    throw new DataError('invalid', 'file: not valid JSON.');
  }
  const features = (doc as { type?: unknown; features?: unknown } | null)?.features;
  if ((doc as { type?: unknown } | null)?.type !== 'FeatureCollection' || !Array.isArray(features))
    throw new DataError('invalid', 'file: expected a GeoJSON FeatureCollection with features.');
  const out: ParsedRegister = { format: 'geojson', rows: [], rejected: [] };
  features.forEach((f: unknown, i) => {
    const line = i + 1;
    const feature = f as {
      geometry?: { type?: unknown; coordinates?: unknown };
      properties?: Record<string, unknown> | null;
    } | null;
    const coords = feature?.geometry?.coordinates;
    if (feature?.geometry?.type !== 'Point' || !Array.isArray(coords) || coords.length < 2) {
      out.rejected.push({ line, reason: 'geometry: expected a Point with [lon, lat]' });
      return;
    }
    const value: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(feature.properties ?? {})) {
      const key = HEADER_ALIASES[fold(k)];
      if (key) value[key] = typeof v === 'string' ? fieldValue(key, v) : (v ?? undefined);
    }
    value.lon = coords[0];
    value.lat = coords[1];
    const checked = checkEntry(value);
    if ('reason' in checked) out.rejected.push({ line, reason: checked.reason });
    else out.rows.push({ line, entry: checked.entry });
  });
  return out;
}

/** CSV or GeoJSON: as stated, else by the file's name, else by its first character. */
export async function parseCameraRegister(
  textIn: string,
  hint: { format?: 'csv' | 'geojson' | undefined; fileName?: string | undefined } = {},
): Promise<ParsedRegister> {
  const body = textIn.replace(/^\uFEFF/, '');
  const geo = hint.format
    ? hint.format === 'geojson'
    : hint.fileName && /\.(csv|geojson|json)$/i.test(hint.fileName)
      ? !/\.csv$/i.test(hint.fileName)
      : body.trimStart().startsWith('{');
  return geo ? parseCameraGeoJson(body) : parseCameraCsv(body);
}

export type ImportReport = CameraImportReport;

interface RegisterRow {
  id: string;
  site: string;
  lat: number;
  lon: number;
  road: string | null;
  direction: string | null;
  heading: number | null;
  lanes: number;
  operator: CameraRegisterEntry['operator'];
  unit_type: CameraRegisterEntry['unitType'];
  connected_since: number;
  status: CameraStatus | null;
  heartbeat_interval_ms: number | null;
  last_contact_ms: number | null;
  open_outages: number;
}

const REGISTER_SELECT = `SELECT c.*, r.status, r.heartbeat_interval_ms, u.last_contact_ms,
  (SELECT count(*) FROM camera_outage_log o WHERE o.camera_id = c.id AND o.to_ms IS NULL) AS open_outages
  FROM cameras c LEFT JOIN camera_register r ON r.camera_id = c.id LEFT JOIN unit_contacts u ON u.unit_id = c.id`;

function toRegisterCamera(r: RegisterRow): RegisterCamera {
  return {
    id: r.id,
    site: r.site,
    lat: r.lat,
    lon: r.lon,
    direction: r.direction,
    road: r.road,
    operator: r.operator,
    unitType: r.unit_type,
    heading: r.heading,
    lanes: r.lanes,
    status: r.status ?? 'active',
    heartbeatIntervalSeconds:
      r.heartbeat_interval_ms === null ? null : Math.round(r.heartbeat_interval_ms / 1000),
    connectedSince: toIso(r.connected_since),
    lastContactAt: r.last_contact_ms === null ? null : toIso(r.last_contact_ms),
    down: r.open_outages > 0,
  };
}

export function listRegister(db: Db): RegisterCamera[] {
  ensureCameraRegister(db);
  return (stmt(db, `${REGISTER_SELECT} ORDER BY c.id`).all() as RegisterRow[]).map(
    toRegisterCamera,
  );
}

export function getRegisterCamera(db: Db, id: string): RegisterCamera {
  ensureCameraRegister(db);
  const row = stmt(db, `${REGISTER_SELECT} WHERE c.id = ?`).get(id) as RegisterRow | undefined;
  if (!row) throw new DataError('not-found', `id: no camera ${id} in the register.`);
  return toRegisterCamera(row);
}

const sameEntry = (a: RegisterCamera, b: CameraRegisterEntry) =>
  a.site === b.site &&
  a.lat === b.lat &&
  a.lon === b.lon &&
  a.direction === b.direction &&
  a.road === b.road &&
  a.operator === b.operator &&
  a.unitType === b.unitType &&
  a.heading === b.heading &&
  a.lanes === b.lanes;

/**
 * Stores the valid rows of a parsed register in one transaction: new ids
 * are added (connected from `now`), known ids updated, identical rows left
 * alone, so importing the same file twice changes nothing. Status, outages
 * and heartbeat settings are kept. A file naming one id twice is refused
 * on the later line.
 */
export function importCameraRegister(
  db: Db,
  parsed: ParsedRegister,
  by: string,
  now: Date,
  /**
   * When a historic register (the demo seed's) knows when a new camera was
   * connected: its reads start then, not at the import. Default: `now`.
   */
  connectedSince?: ReadonlyMap<string, number>,
): ImportReport {
  ensureCameraRegister(db);
  const report: ImportReport = {
    format: parsed.format,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: parsed.rejected.slice(),
  };
  const seen = new Set<string>();
  db.transaction(() => {
    for (const { line, entry } of parsed.rows) {
      if (seen.has(entry.id)) {
        report.rejected.push({ line, reason: `id: ${entry.id} appears earlier in the file` });
        continue;
      }
      seen.add(entry.id);
      const existing = stmt(db, `${REGISTER_SELECT} WHERE c.id = ?`).get(entry.id) as
        RegisterRow | undefined;
      if (existing && sameEntry(toRegisterCamera(existing), entry)) {
        report.unchanged++;
        continue;
      }
      writeCamera(
        db,
        entry,
        existing ? existing.connected_since : (connectedSince?.get(entry.id) ?? now.getTime()),
        now,
      );
      touchRegister(db, entry.id, by, now);
      if (existing) report.updated++;
      else report.inserted++;
    }
  })();
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

function writeCamera(db: Db, c: CameraRegisterEntry, connectedSince: number, now: Date): void {
  stmt(
    db,
    `INSERT INTO cameras (id, site, lat, lon, road, direction, heading, lanes, operator, unit_type, connected_since, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET site = excluded.site, lat = excluded.lat, lon = excluded.lon, road = excluded.road,
       direction = excluded.direction, heading = excluded.heading, lanes = excluded.lanes, operator = excluded.operator,
       unit_type = excluded.unit_type, updated_at = excluded.updated_at`,
  ).run(
    c.id,
    c.site,
    c.lat,
    c.lon,
    c.road,
    c.direction,
    c.heading,
    c.lanes,
    c.operator,
    c.unitType,
    connectedSince,
    now.getTime(),
  );
}

function touchRegister(db: Db, id: string, by: string, now: Date): void {
  stmt(
    db,
    `INSERT INTO camera_register (camera_id, updated_at, updated_by) VALUES (?, ?, ?)
     ON CONFLICT(camera_id) DO UPDATE SET updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(id, now.getTime(), by);
}

/** Edits one camera in one transaction; returns it as stored. */
export function editCamera(
  db: Db,
  id: string,
  input: unknown,
  by: string,
  now: Date,
): RegisterCamera {
  ensureCameraRegister(db);
  const parsed = CameraEdit.safeParse(input);
  if (!parsed.success)
    throw new DataError('invalid', `Invalid camera edit: ${describeIssues(parsed.error)}`);
  const edit = parsed.data;
  if (Object.keys(edit).length === 0)
    throw new DataError('invalid', 'Invalid camera edit: name at least one field to change.');
  return db.transaction(() => {
    const current = getRegisterCamera(db, id);
    const { status, heartbeatIntervalSeconds, ...fields } = edit;
    const next = { ...current, ...fields };
    const checked = checkEntry(next);
    if ('reason' in checked)
      throw new DataError('invalid', `Invalid camera edit: ${checked.reason}`);
    writeCamera(db, checked.entry, Date.parse(current.connectedSince), now);
    touchRegister(db, id, by, now);
    if (status !== undefined) setStatus(db, id, status, now);
    if (heartbeatIntervalSeconds !== undefined)
      stmt(db, 'UPDATE camera_register SET heartbeat_interval_ms = ? WHERE camera_id = ?').run(
        heartbeatIntervalSeconds === null ? null : heartbeatIntervalSeconds * 1000,
        id,
      );
    return getRegisterCamera(db, id);
  })();
}

function setStatus(db: Db, id: string, status: CameraStatus, now: Date): void {
  stmt(db, 'UPDATE camera_register SET status = ? WHERE camera_id = ?').run(status, id);
  // A retired camera is not "down": its heartbeat outage ends with its service.
  if (status === 'retired')
    stmt(
      db,
      `UPDATE camera_outage_log SET to_ms = max(?, from_ms + 1), checked_ms = ?, ended_at = ?, ended_by = 'retired'
       WHERE camera_id = ? AND to_ms IS NULL AND source = 'heartbeat'`,
    ).run(now.getTime(), now.getTime(), now.getTime(), id);
}

/** Retires a camera (kept in the register for its past reads and outages). */
export function retireCamera(db: Db, id: string, by: string, now: Date): RegisterCamera {
  return editCamera(db, id, { status: 'retired' }, by, now);
}

// --- outages ----------------------------------------------------------------

interface OutageRow {
  id: string;
  camera_id: string;
  from_ms: number;
  to_ms: number | null;
  checked_ms: number;
  source: Outage['source'];
  reason: string;
  created_at: number;
  created_by: string;
  ended_by: string | null;
}

const toOutage = (r: OutageRow): Outage => ({
  id: r.id,
  cameraId: r.camera_id,
  from: toIso(r.from_ms),
  to: r.to_ms === null ? null : toIso(r.to_ms),
  source: r.source,
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: toIso(r.created_at),
  endedBy: r.ended_by,
});

export function addManualOutage(db: Db, input: unknown, by: string, now: Date): Outage {
  ensureCameraRegister(db);
  const parsed = ManualOutage.safeParse(input);
  if (!parsed.success)
    throw new DataError('invalid', `Invalid outage: ${describeIssues(parsed.error)}`);
  const o = parsed.data;
  const fromMs = Date.parse(o.from);
  return db.transaction(() => {
    getRegisterCamera(db, o.cameraId);
    const id = randomUUID();
    stmt(
      db,
      `INSERT INTO camera_outage_log (id, camera_id, from_ms, to_ms, checked_ms, source, reason, created_at, created_by, ended_at, ended_by)
       VALUES (?, ?, ?, ?, ?, 'manual', ?, ?, ?, ?, ?)`,
    ).run(
      id,
      o.cameraId,
      fromMs,
      o.to === null ? null : Date.parse(o.to),
      now.getTime(),
      o.reason,
      now.getTime(),
      by,
      o.to === null ? null : now.getTime(),
      o.to === null ? null : by,
    );
    return getOutage(db, id);
  })();
}

export function getOutage(db: Db, id: string): Outage {
  ensureCameraRegister(db);
  const r = stmt(db, 'SELECT * FROM camera_outage_log WHERE id = ?').get(id) as
    OutageRow | undefined;
  if (!r) throw new DataError('not-found', `id: no outage ${id}.`);
  return toOutage(r);
}

/** Ends an open outage at `at` (default now): the camera is back. */
export function endOutage(db: Db, id: string, by: string, now: Date, at?: string): Outage {
  ensureCameraRegister(db);
  if (at !== undefined && !z.iso.datetime({ offset: true }).safeParse(at).success)
    throw new DataError('invalid', 'Invalid outage end: to: expected an ISO-8601 time with offset');
  return db.transaction(() => {
    const o = getOutage(db, id);
    if (o.to !== null) throw new DataError('conflict', `Outage ${id} has already ended (${o.to}).`);
    const toMs = at === undefined ? now.getTime() : Date.parse(at);
    if (toMs <= Date.parse(o.from))
      throw new DataError('invalid', 'Invalid outage end: to: must be after the outage began');
    stmt(
      db,
      'UPDATE camera_outage_log SET to_ms = ?, checked_ms = ?, ended_at = ?, ended_by = ? WHERE id = ?',
    ).run(toMs, now.getTime(), now.getTime(), by, id);
    return getOutage(db, id);
  })();
}

export function listOutages(db: Db, cameraId?: string): Outage[] {
  ensureCameraRegister(db);
  const rows = (
    cameraId === undefined
      ? stmt(db, 'SELECT * FROM camera_outage_log ORDER BY from_ms, camera_id').all()
      : stmt(db, 'SELECT * FROM camera_outage_log WHERE camera_id = ? ORDER BY from_ms').all(
          cameraId,
        )
  ) as OutageRow[];
  return rows.map(toOutage);
}

/**
 * Outage windows of the log for the camera list the workstation reads. An
 * open outage ends, there, at the last time the platform saw the camera
 * still down (its last heartbeat check or the outage's entry).
 */
export function outageWindowsByCamera(db: Db): Map<string, Array<{ from: string; to: string }>> {
  ensureCameraRegister(db);
  const map = new Map<string, Array<{ from: string; to: string }>>();
  const rows = stmt(
    db,
    'SELECT camera_id, from_ms, to_ms, checked_ms FROM camera_outage_log ORDER BY camera_id, from_ms',
  ).all() as Array<Pick<OutageRow, 'camera_id' | 'from_ms' | 'to_ms' | 'checked_ms'>>;
  for (const r of rows) {
    const to = r.to_ms ?? Math.max(r.checked_ms, r.from_ms + 1);
    let list = map.get(r.camera_id);
    if (!list) map.set(r.camera_id, (list = []));
    list.push({ from: toIso(r.from_ms), to: toIso(to) });
  }
  return map;
}

// --- heartbeats ---------------------------------------------------------------

export interface HeartbeatChange {
  cameraId: string;
  outageId: string;
  change: 'down' | 'up';
  /** down: the last contact; up: the contact that ended the outage. */
  at: string;
}

interface WatchRow {
  id: string;
  heartbeat_interval_ms: number | null;
  last_contact_ms: number;
  open_id: string | null;
}

/** Whether a unit silent since `lastContact` counts as down at `now`. */
export const isSilent = (lastContactMs: number, intervalMs: number, nowMs: number): boolean =>
  nowMs - lastContactMs > intervalMs;

/**
 * A unit reached the platform (a batch or a heartbeat). If it was marked
 * down it is up again from now; if it was silent past its interval and no
 * check noticed yet, the gap is recorded as a closed outage all the same.
 * Units that are not a registered, active camera only have their contact
 * remembered.
 */
export function recordContact(
  db: Db,
  unitId: string,
  now: Date,
  defaultIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS,
): HeartbeatChange[] {
  ensureCameraRegister(db);
  const nowMs = now.getTime();
  return db.transaction(() => {
    const changes: HeartbeatChange[] = [];
    const prev = stmt(db, 'SELECT last_contact_ms FROM unit_contacts WHERE unit_id = ?').get(
      unitId,
    ) as { last_contact_ms: number } | undefined;
    const cam = stmt(
      db,
      `SELECT c.id, r.status, r.heartbeat_interval_ms FROM cameras c
       LEFT JOIN camera_register r ON r.camera_id = c.id WHERE c.id = ?`,
    ).get(unitId) as
      { id: string; status: CameraStatus | null; heartbeat_interval_ms: number | null } | undefined;
    if (cam && cam.status !== 'retired') {
      const open = stmt(
        db,
        `SELECT id FROM camera_outage_log WHERE camera_id = ? AND source = 'heartbeat' AND to_ms IS NULL`,
      ).all(unitId) as Array<{ id: string }>;
      for (const o of open) {
        stmt(
          db,
          `UPDATE camera_outage_log SET to_ms = max(?, from_ms + 1), checked_ms = ?, ended_at = ?, ended_by = 'heartbeat'
           WHERE id = ?`,
        ).run(nowMs, nowMs, nowMs, o.id);
        changes.push({ cameraId: unitId, outageId: o.id, change: 'up', at: toIso(nowMs) });
      }
      const interval = cam.heartbeat_interval_ms ?? defaultIntervalMs;
      if (!open.length && prev && isSilent(prev.last_contact_ms, interval, nowMs)) {
        const id = insertHeartbeatOutage(db, unitId, prev.last_contact_ms, nowMs, nowMs);
        changes.push({
          cameraId: unitId,
          outageId: id,
          change: 'down',
          at: toIso(prev.last_contact_ms),
        });
        changes.push({ cameraId: unitId, outageId: id, change: 'up', at: toIso(nowMs) });
      }
    }
    stmt(
      db,
      `INSERT INTO unit_contacts (unit_id, last_contact_ms) VALUES (?, ?)
       ON CONFLICT(unit_id) DO UPDATE SET last_contact_ms = max(last_contact_ms, excluded.last_contact_ms)`,
    ).run(unitId, nowMs);
    return changes;
  })();
}

function insertHeartbeatOutage(
  db: Db,
  cameraId: string,
  fromMs: number,
  toMs: number | null,
  nowMs: number,
): string {
  const id = randomUUID();
  stmt(
    db,
    `INSERT INTO camera_outage_log (id, camera_id, from_ms, to_ms, checked_ms, source, reason, created_at, created_by, ended_at, ended_by)
     VALUES (?, ?, ?, ?, ?, 'heartbeat', 'no contact from the unit within its heartbeat interval', ?, 'heartbeat', ?, ?)`,
  ).run(
    id,
    cameraId,
    fromMs,
    toMs,
    nowMs,
    nowMs,
    toMs === null ? null : nowMs,
    toMs === null ? null : 'heartbeat',
  );
  return id;
}

/**
 * The heartbeat check at `now`: an active registered camera whose unit has
 * been silent past its interval is marked down from its last contact; an
 * outage already open is confirmed as still down at `now`. Run periodically
 * and before outages are read, so the answer never depends on timer luck.
 */
export function evaluateHeartbeats(
  db: Db,
  now: Date,
  defaultIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS,
): HeartbeatChange[] {
  ensureCameraRegister(db);
  const nowMs = now.getTime();
  return db.transaction(() => {
    const changes: HeartbeatChange[] = [];
    const rows = stmt(
      db,
      `SELECT c.id, r.heartbeat_interval_ms, u.last_contact_ms,
         (SELECT o.id FROM camera_outage_log o WHERE o.camera_id = c.id AND o.source = 'heartbeat' AND o.to_ms IS NULL) AS open_id
       FROM cameras c JOIN unit_contacts u ON u.unit_id = c.id
       LEFT JOIN camera_register r ON r.camera_id = c.id
       WHERE coalesce(r.status, 'active') = 'active'`,
    ).all() as WatchRow[];
    for (const r of rows) {
      if (r.open_id !== null) {
        stmt(db, 'UPDATE camera_outage_log SET checked_ms = max(checked_ms, ?) WHERE id = ?').run(
          nowMs,
          r.open_id,
        );
        continue;
      }
      if (!isSilent(r.last_contact_ms, r.heartbeat_interval_ms ?? defaultIntervalMs, nowMs))
        continue;
      const id = insertHeartbeatOutage(db, r.id, r.last_contact_ms, null, nowMs);
      changes.push({ cameraId: r.id, outageId: id, change: 'down', at: toIso(r.last_contact_ms) });
    }
    // Manual open outages are still down as far as the platform knows.
    stmt(
      db,
      `UPDATE camera_outage_log SET checked_ms = max(checked_ms, ?) WHERE to_ms IS NULL AND source = 'manual'`,
    ).run(nowMs);
    return changes;
  })();
}

/**
 * The position a read without one takes: that of the registered, active
 * fixed camera with the sending unit's id; null otherwise.
 */
export function registeredPosition(db: Db, unitId: string): { lat: number; lon: number } | null {
  ensureCameraRegister(db);
  const r = stmt(
    db,
    `SELECT c.lat, c.lon FROM cameras c LEFT JOIN camera_register r ON r.camera_id = c.id
     WHERE c.id = ? AND c.unit_type = 'fixed' AND coalesce(r.status, 'active') = 'active'`,
  ).get(unitId) as { lat: number; lon: number } | undefined;
  return r ?? null;
}
