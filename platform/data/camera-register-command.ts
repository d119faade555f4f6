import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditActor } from '../../common/audit.ts';
import type { CameraEdit, Outage, RegisterCamera } from '../../common/camera-register.ts';
import { createAuditLog } from '../audit/log.ts';
import { auditHeartbeatChanges } from '../ingest/heartbeat.ts';
import { cliActor } from '../ingest/command.ts';
import { AccountStore } from '../identity/accounts.ts';
import { openPlatformDb, type Db } from '../store/sqlite.ts';
import {
  addManualOutage,
  editCamera,
  endOutage,
  evaluateHeartbeats,
  importCameraRegister,
  listOutages,
  listRegister,
  parseCameraRegister,
  retireCamera,
} from './camera-register.ts';
import { isDataError } from './errors.ts';

/**
 * `platform cameras …` and `platform outages …`: the camera register for
 * scripted set-up by an agency (issue #14 item 8), through the same domain
 * functions as the administration API. Each change and its audit entry (the
 * operating-system user as `platform-cli`, what, and why: --reason) commit
 * in one transaction.
 */

export const CAMERAS_USAGE = `  cli.ts cameras import FILE [--format csv|geojson] [--reason TEXT] [--json]   (CSV columns: id, site name, lat, lon, direction, road, operator, type; or GeoJSON Points)
  cli.ts cameras list [--json]
  cli.ts cameras set ID [--site S] [--lat N] [--lon N] [--direction D] [--road R] [--operator O] [--type T] [--heading N] [--lanes N] [--status active|retired] [--heartbeat-interval SECONDS|default] [--reason TEXT]
  cli.ts cameras retire ID [--reason TEXT]
  cli.ts outages list [--camera ID] [--json]
  cli.ts outages add CAMERA --from ISO [--to ISO] --reason TEXT
  cli.ts outages end ID [--to ISO] [--reason TEXT]`;

export class CameraUsageError extends Error {}

const OPTIONS = {
  'data-dir': { type: 'string' },
  as: { type: 'string' },
  justification: { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  reason: { type: 'string' },
  site: { type: 'string' },
  lat: { type: 'string' },
  lon: { type: 'string' },
  direction: { type: 'string' },
  road: { type: 'string' },
  operator: { type: 'string' },
  type: { type: 'string' },
  heading: { type: 'string' },
  lanes: { type: 'string' },
  status: { type: 'string' },
  'heartbeat-interval': { type: 'string' },
  camera: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

export interface CameraCliIo {
  out: (line: string) => void;
  clock: () => Date;
}

/** Parses `cameras|outages …` arguments; the caller opens the database from `dataDir`. */
export function parseCameraArgs(argv: string[]): {
  command: string;
  positionals: string[];
  values: Values;
} {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CameraUsageError((error as Error).message);
  }
  const [command = '', ...positionals] = parsed.positionals;
  return { command, positionals, values: parsed.values };
}

/** --reason (or --justification, as the other administration commands call it); a plain default otherwise. */
const why = (values: Values, what: string): string =>
  values.reason?.trim() ||
  values.justification?.trim() ||
  `${what} from the platform command line.`;

/**
 * Who the audit names: with --as, that administrator account (refused if it
 * holds no admin role), otherwise the operating-system user as platform-cli,
 * like `units` and `devices`.
 */
function actorFor(db: Db, values: Values, clock: () => Date): AuditActor {
  if (values.as === undefined) return cliActor();
  const account = new AccountStore(db, clock).byUsername(values.as);
  if (!account?.roles.includes('admin'))
    throw new CameraUsageError(`--as: "${values.as}" is no administrator account.`);
  return { officerId: account.id, username: account.username, role: 'admin' };
}

function numberOption(
  values: Values,
  name: 'lat' | 'lon' | 'heading' | 'lanes',
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n))
    throw new CameraUsageError(`--${name} must be a number, not "${raw}".`);
  return n;
}

/** The fields `cameras set` changes, from its options. */
export function editOf(values: Values): CameraEdit {
  const edit: Record<string, unknown> = {};
  if (values.site !== undefined) edit.site = values.site;
  for (const k of ['lat', 'lon', 'heading', 'lanes'] as const) {
    const n = numberOption(values, k);
    if (n !== undefined) edit[k] = n;
  }
  if (values.direction !== undefined) edit.direction = values.direction;
  if (values.road !== undefined) edit.road = values.road;
  if (values.operator !== undefined) edit.operator = values.operator;
  if (values.type !== undefined) edit.unitType = values.type;
  if (values.status !== undefined) edit.status = values.status;
  const hb = values['heartbeat-interval'];
  if (hb !== undefined) {
    if (hb === 'default') edit.heartbeatIntervalSeconds = null;
    else {
      const n = Number(hb);
      if (!Number.isInteger(n))
        throw new CameraUsageError(
          `--heartbeat-interval must be whole seconds or "default", not "${hb}".`,
        );
      edit.heartbeatIntervalSeconds = n;
    }
  }
  return edit as CameraEdit;
}

const describeCamera = (c: RegisterCamera): string =>
  `${c.id.padEnd(16)} ${c.status.padEnd(8)} ${c.down ? 'DOWN ' : '     '}${c.unitType.padEnd(16)} ${c.operator.padEnd(9)} ` +
  `${c.lat.toFixed(5)},${c.lon.toFixed(5)}  ${c.site}${c.road ? ` (${c.road})` : ''}`;

const describeOutage = (o: Outage): string =>
  `${o.id}  ${o.cameraId.padEnd(16)} ${o.from} → ${o.to ?? 'still down'}  [${o.source}] ${o.reason}`;

export async function runCameraCommand(
  db: Db,
  command: string,
  positionals: string[],
  values: Values,
  io: CameraCliIo,
): Promise<number> {
  const audit = createAuditLog(db, io.clock);
  const actor = actorFor(db, values, io.clock);
  const osUser = cliActor().username;
  const [sub, arg] = positionals;

  /** A change and its audit entry, one transaction; a refusal is audited after the rollback. */
  function change<T>(
    action: string,
    justification: string,
    parameters: Record<string, unknown>,
    run: () => T,
    summary: (r: T) => Record<string, unknown> = () => ({}),
  ): T {
    const entry = {
      actor,
      operation: 'alteration' as const,
      action,
      caseId: null,
      purpose: null,
      reasonCode: null,
      justification,
      resultCount: null,
      recipient: null,
    };
    try {
      return db.transaction(() => {
        const result = run();
        audit.append({
          ...entry,
          parameters: { ...parameters, ...summary(result), via: 'cli', osUser },
          outcome: 'allowed',
          outcomeReason: null,
        });
        return result;
      })();
    } catch (error) {
      if (isDataError(error))
        audit.append({
          ...entry,
          parameters: { ...parameters, via: 'cli', osUser },
          outcome: 'error',
          outcomeReason: error.message.slice(0, 500),
        });
      throw error;
    }
  }

  const print = (value: unknown, text: string | string[]) => {
    if (values.json) io.out(JSON.stringify(value));
    else for (const line of Array.isArray(text) ? text : [text]) io.out(line);
  };

  if (command === 'cameras') {
    switch (sub) {
      case 'import': {
        if (!arg) throw new CameraUsageError('cameras import needs a FILE (CSV or GeoJSON).');
        const format = values.format;
        if (format !== undefined && format !== 'csv' && format !== 'geojson')
          throw new CameraUsageError(`--format must be csv or geojson, not "${format}".`);
        const parsed = await parseCameraRegister(readFileSync(arg, 'utf8'), {
          format,
          fileName: arg,
        });
        const report = change(
          'camera.import',
          why(values, 'Camera register import'),
          { file: arg.split(/[\\/]/).pop(), format: parsed.format },
          () => importCameraRegister(db, parsed, actor.officerId, io.clock()),
          (r) => ({
            inserted: r.inserted,
            updated: r.updated,
            unchanged: r.unchanged,
            rejected: r.rejected.length,
          }),
        );
        print(report, [
          `Imported ${arg} (${report.format}): ${report.inserted} added, ${report.updated} updated, ` +
            `${report.unchanged} unchanged, ${report.rejected.length} rejected.`,
          ...report.rejected.map(
            (r) => `  ${report.format === 'csv' ? 'line' : 'feature'} ${r.line}: ${r.reason}`,
          ),
        ]);
        return report.rejected.length > 0 ? 1 : 0;
      }
      case 'list': {
        auditHeartbeatChanges(audit, evaluateHeartbeats(db, io.clock()));
        const cameras = listRegister(db);
        print(cameras, cameras.length ? cameras.map(describeCamera) : 'No cameras registered.');
        return 0;
      }
      case 'set': {
        if (!arg) throw new CameraUsageError('cameras set needs a camera ID.');
        const edit = editOf(values);
        const camera = change(
          'camera.edit',
          why(values, 'Camera register edit'),
          { cameraId: arg, fields: Object.keys(edit) },
          () => editCamera(db, arg, edit, actor.officerId, io.clock()),
        );
        print(camera, describeCamera(camera));
        return 0;
      }
      case 'retire': {
        if (!arg) throw new CameraUsageError('cameras retire needs a camera ID.');
        const camera = change(
          'camera.retire',
          why(values, 'Camera retired'),
          { cameraId: arg },
          () => retireCamera(db, arg, actor.officerId, io.clock()),
        );
        print(camera, describeCamera(camera));
        return 0;
      }
      default:
        throw new CameraUsageError(
          `Unknown cameras command "${sub ?? ''}" (import, list, set, retire).`,
        );
    }
  }
  switch (sub) {
    case 'list': {
      auditHeartbeatChanges(audit, evaluateHeartbeats(db, io.clock()));
      const outages = listOutages(db, values.camera);
      print(outages, outages.length ? outages.map(describeOutage) : 'No outages recorded.');
      return 0;
    }
    case 'add': {
      if (!arg) throw new CameraUsageError('outages add needs a CAMERA id.');
      const reason = values.reason?.trim();
      if (!reason) throw new CameraUsageError('--reason is required: why is the camera down?');
      const outage = change(
        'camera.outage.add',
        values.justification?.trim() || reason,
        { cameraId: arg, from: values.from ?? null, to: values.to ?? null },
        () =>
          addManualOutage(
            db,
            { cameraId: arg, from: values.from, to: values.to ?? null, reason },
            actor.officerId,
            io.clock(),
          ),
        (o) => ({ outageId: o.id }),
      );
      print(outage, describeOutage(outage));
      return 0;
    }
    case 'end': {
      if (!arg) throw new CameraUsageError('outages end needs an outage ID (see outages list).');
      const outage = change(
        'camera.outage.end',
        why(values, 'Outage ended'),
        { outageId: arg, to: values.to ?? null },
        () => endOutage(db, arg, actor.officerId, io.clock(), values.to),
      );
      print(outage, describeOutage(outage));
      return 0;
    }
    default:
      throw new CameraUsageError(`Unknown outages command "${sub ?? ''}" (list, add, end).`);
  }
}

export interface CameraCliEnv extends CameraCliIo {
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

/**
 * `cli.ts cameras|outages …` end to end: own options, the data dir as the
 * other commands find it, usage errors (exit 2) and refusals naming the
 * field (exit 1).
 */
export async function runCameraCli(argv: string[], io: CameraCliEnv): Promise<number> {
  let args;
  try {
    args = parseCameraArgs(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\nUsage:\n${CAMERAS_USAGE}`);
    return 2;
  }
  const dataDir = resolve(
    args.values['data-dir'] ?? io.env.ANPR_PLATFORM_DATA_DIR ?? '.data/platform',
  );
  const db = openPlatformDb(dataDir, io.env);
  try {
    return await runCameraCommand(db, args.command, args.positionals, args.values, io);
  } catch (error) {
    if (error instanceof CameraUsageError) {
      io.err(`${error.message}\n\nUsage:\n${CAMERAS_USAGE}`);
      return 2;
    }
    if (isDataError(error)) {
      io.err(error.message);
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}
