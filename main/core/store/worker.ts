/**
 * The storage worker: owns every open SQLite handle (case stores and the
 * workstation database) so that long inserts, purges and queries never block
 * the thread that serves the UI. Requests are handled one at a time, in
 * order. Keys arrive in messages and live only in memory; nothing here logs.
 */
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { CaseStore } from './case-store.ts';
import { rekeyEncryptedStore } from './open.ts';
import { StoreNotOpenError } from './errors.ts';
import { caseStorePath, storeFiles, workstationDbPath } from './paths.ts';
import {
  CASE_METHODS,
  serializeError,
  WORKSTATION_METHODS,
  type StoreRequest,
  type StoreResponse,
} from './protocol.ts';
import { WorkstationStore } from './workstation-store.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
const { dataDir } = workerData as { dataDir: string };

const cases = new Map<string, CaseStore>();
let workstation: WorkstationStore | null = null;
const caseMethods = new Set<string>(CASE_METHODS);
const workstationMethods = new Set<string>(WORKSTATION_METHODS);

function handle(req: StoreRequest): unknown {
  switch (req.op) {
    case 'openCase': {
      if (cases.has(req.caseId)) return { created: false };
      const file = caseStorePath(dataDir, req.caseId);
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const created = !existsSync(file);
      cases.set(req.caseId, CaseStore.open(file, req.keyHex));
      return { created };
    }
    case 'closeCase': {
      cases.get(req.caseId)?.close();
      cases.delete(req.caseId);
      return null;
    }
    case 'rekeyCase': {
      const store = cases.get(req.caseId);
      if (!store) throw new StoreNotOpenError();
      rekeyEncryptedStore(store.db, req.keyHex);
      return null;
    }
    case 'rekeyWorkstation': {
      if (!workstation) throw new StoreNotOpenError('The workstation database is not open.');
      rekeyEncryptedStore(workstation.db, req.keyHex);
      return null;
    }
    case 'closeWorkstation': {
      workstation?.close();
      workstation = null;
      return null;
    }
    case 'shredCase': {
      cases.get(req.caseId)?.close();
      cases.delete(req.caseId);
      const removed: string[] = [];
      for (const f of storeFiles(caseStorePath(dataDir, req.caseId))) {
        if (existsSync(f)) {
          rmSync(f, { force: true });
          removed.push(basename(f));
        }
      }
      return removed;
    }
    case 'case': {
      const store = cases.get(req.caseId);
      if (!store) throw new StoreNotOpenError();
      if (!caseMethods.has(req.method)) throw new Error(`unknown case store method ${req.method}`);
      return (store[req.method] as (...a: unknown[]) => unknown).apply(store, req.args);
    }
    case 'openWorkstation': {
      if (workstation) return { created: false };
      const file = workstationDbPath(dataDir);
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const created = !existsSync(file);
      workstation = WorkstationStore.open(file, req.keyHex);
      return { created };
    }
    case 'workstation': {
      if (!workstation) throw new StoreNotOpenError('The workstation database is not open.');
      if (!workstationMethods.has(req.method))
        throw new Error(`unknown workstation method ${req.method}`);
      return (workstation[req.method] as (...a: unknown[]) => unknown).apply(workstation, req.args);
    }
    case 'closeAll': {
      for (const s of cases.values()) s.close();
      cases.clear();
      workstation?.close();
      workstation = null;
      return null;
    }
  }
}

port.on('message', (req: StoreRequest) => {
  let res: StoreResponse;
  try {
    res = { id: req.id, ok: true, value: handle(req) };
  } catch (error) {
    res = { id: req.id, ok: false, error: serializeError(error) };
  }
  port.postMessage(res);
});
