import { Camera } from '../../common/read.ts';
import type { Db } from '../store/sqlite.ts';
import { parseInput } from './actor.ts';
import { outageWindowsByCamera } from './camera-register.ts';
import { DataError } from './errors.ts';
import { stmt, toIso, toMs } from './sql.ts';

/** The camera register: sites, positions, operators, connection dates and outage windows. */

interface CameraRow {
  id: string;
  site: string;
  lat: number;
  lon: number;
  road: string | null;
  direction: string | null;
  heading: number | null;
  lanes: number;
  operator: Camera['operator'];
  unit_type: Camera['unitType'];
  connected_since: number;
}

/** Inserts or replaces cameras (outages replaced as a whole), in one transaction. */
export function upsertCameras(
  db: Db,
  cameras: readonly unknown[],
  now: Date,
): { inserted: number; updated: number } {
  const parsed = cameras.map((c, i) => parseInput(Camera, c, `camera ${i}`));
  let inserted = 0;
  let updated = 0;
  const exists = stmt(db, 'SELECT 1 FROM cameras WHERE id = ?');
  const upsert = stmt(
    db,
    `INSERT INTO cameras (id, site, lat, lon, road, direction, heading, lanes, operator, unit_type, connected_since, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET site = excluded.site, lat = excluded.lat, lon = excluded.lon, road = excluded.road,
       direction = excluded.direction, heading = excluded.heading, lanes = excluded.lanes, operator = excluded.operator,
       unit_type = excluded.unit_type, connected_since = excluded.connected_since, updated_at = excluded.updated_at`,
  );
  const clearOutages = stmt(db, 'DELETE FROM camera_outages WHERE camera_id = ?');
  const addOutage = stmt(
    db,
    'INSERT OR REPLACE INTO camera_outages (camera_id, from_ms, to_ms) VALUES (?, ?, ?)',
  );
  db.transaction(() => {
    for (const c of parsed) {
      if (exists.get(c.id)) updated++;
      else inserted++;
      upsert.run(
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
        toMs(c.connectedSince),
        now.getTime(),
      );
      clearOutages.run(c.id);
      for (const o of c.outages) addOutage.run(c.id, toMs(o.from), toMs(o.to));
    }
  })();
  return { inserted, updated };
}

function outagesByCamera(db: Db): Map<string, Camera['outages']> {
  const map = new Map<string, Camera['outages']>();
  const rows = stmt(
    db,
    'SELECT camera_id, from_ms, to_ms FROM camera_outages ORDER BY camera_id, from_ms',
  ).all() as Array<{
    camera_id: string;
    from_ms: number;
    to_ms: number;
  }>;
  for (const r of rows) {
    let list = map.get(r.camera_id);
    if (!list) map.set(r.camera_id, (list = []));
    list.push({ from: toIso(r.from_ms), to: toIso(r.to_ms) });
  }
  return map;
}

function toCamera(r: CameraRow, outages: Camera['outages']): Camera {
  return {
    id: r.id,
    site: r.site,
    lat: r.lat,
    lon: r.lon,
    road: r.road,
    direction: r.direction,
    heading: r.heading,
    lanes: r.lanes,
    operator: r.operator,
    unitType: r.unit_type,
    connectedSince: toIso(r.connected_since),
    outages,
  };
}

/** The register's windows (seed or upsert) and the outage log's (manual, heartbeat), in time order. */
function mergeOutages(
  a: Camera['outages'] | undefined,
  b: Camera['outages'] | undefined,
): Camera['outages'] {
  if (!b?.length) return a ?? [];
  if (!a?.length) return b;
  return [...a, ...b].sort((x, y) => Date.parse(x.from) - Date.parse(y.from));
}

export function listCameras(db: Db): Camera[] {
  const outages = outagesByCamera(db);
  const logged = outageWindowsByCamera(db);
  const rows = stmt(db, 'SELECT * FROM cameras ORDER BY id').all() as CameraRow[];
  return rows.map((r) => toCamera(r, mergeOutages(outages.get(r.id), logged.get(r.id))));
}

export function getCamera(db: Db, id: string): Camera {
  const r = stmt(db, 'SELECT * FROM cameras WHERE id = ?').get(id) as CameraRow | undefined;
  if (!r) throw new DataError('not-found', 'No such camera.');
  const outages = (
    stmt(db, 'SELECT from_ms, to_ms FROM camera_outages WHERE camera_id = ? ORDER BY from_ms').all(
      id,
    ) as Array<{
      from_ms: number;
      to_ms: number;
    }>
  ).map((o) => ({ from: toIso(o.from_ms), to: toIso(o.to_ms) }));
  return toCamera(r, mergeOutages(outages, outageWindowsByCamera(db).get(id)));
}
