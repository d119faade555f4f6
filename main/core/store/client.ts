/**
 * StoreHost: the main thread's handle on the storage worker. All database
 * work is posted to one worker thread (worker.ts) and answered by promise, so
 * the event loop that serves the UI stays free while a pull inserts hundreds
 * of thousands of reads.
 *
 * If the worker dies, pending calls fail with StoreWorkerError and the next
 * call starts a fresh worker (cases must then be opened again: keys are only
 * ever held in memory).
 */
import { Worker } from 'node:worker_threads';
import type { CaseRead, InsertOptions, InsertResult, PurgeResult } from './case-store.ts';
import { StoreWorkerError } from './errors.ts';
import {
  CASE_METHODS,
  reviveError,
  WORKSTATION_METHODS,
  type CaseArgs,
  type CaseMethod,
  type CaseResult,
  type QueryName,
  type StoreRequest,
  type StoreResponse,
  type WorkstationArgs,
  type WorkstationMethod,
  type WorkstationResult,
} from './protocol.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type RequestBody = DistributiveOmit<StoreRequest, 'id'>;

/** A case store seen from the main thread: every method returns a promise. */
export type RemoteCaseStore = { readonly caseId: string } & {
  [M in CaseMethod]: (...args: CaseArgs<M>) => Promise<CaseResult<M>>;
};

export type RemoteWorkstationStore = {
  [M in WorkstationMethod]: (...args: WorkstationArgs<M>) => Promise<WorkstationResult<M>>;
};

export interface StoreHostOptions {
  dataDir: string;
  /** Where the worker lives; defaults to storeWorkerUrl(). */
  workerUrl?: URL;
}

/**
 * The storage worker's module, chosen explicitly for the two ways this code
 * runs. From source (tests, the browser shell: Node runs the .ts files with
 * type stripping) it is worker.ts beside this file. In the Electron bundle
 * this file is inlined into out/main/index.js and the worker is a bundle entry
 * of its own, out/main/worker.js beside it (electron.vite.config.ts; in a
 * packaged app both sit in app.asar). The bundler must not see a literal
 * `new URL('./worker.ts', import.meta.url)`: in the main process's SSR build
 * it keeps it verbatim, pointing at a file that is not shipped.
 */
export function storeWorkerUrl(moduleUrl: string = import.meta.url): URL {
  const fromSource = new URL(moduleUrl).pathname.endsWith('.ts');
  return new URL(fromSource ? './worker.ts' : './worker.js', moduleUrl);
}

export class StoreHost {
  readonly dataDir: string;
  private readonly workerUrl: URL;
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();

  constructor(options: StoreHostOptions) {
    this.dataDir = options.dataDir;
    this.workerUrl = options.workerUrl ?? storeWorkerUrl();
  }

  /** Opens (creating on first use) the case's store inside the worker. The key is passed in memory only. */
  openCase(caseId: string, keyHex: string): Promise<{ created: boolean }> {
    return this.request({ op: 'openCase', caseId, keyHex }) as Promise<{ created: boolean }>;
  }

  insertReads(
    caseId: string,
    reads: readonly CaseRead[],
    pullId: string,
    cursor: unknown,
    options: InsertOptions,
  ): Promise<InsertResult> {
    return this.call(caseId, 'insertReads', reads, pullId, cursor, options);
  }

  purge(caseId: string, now: Date): Promise<PurgeResult> {
    return this.call(caseId, 'purgeExpired', now);
  }

  query<N extends QueryName>(
    caseId: string,
    name: N,
    ...args: CaseArgs<N>
  ): Promise<CaseResult<N>> {
    return this.call(caseId, name, ...args);
  }

  call<M extends CaseMethod>(
    caseId: string,
    method: M,
    ...args: CaseArgs<M>
  ): Promise<CaseResult<M>> {
    return this.request({ op: 'case', caseId, method, args }) as Promise<CaseResult<M>>;
  }

  /** A promise-returning view of one open case store. */
  case(caseId: string): RemoteCaseStore {
    const remote: Record<string, unknown> = { caseId };
    for (const m of CASE_METHODS)
      remote[m] = (...args: unknown[]) => this.request({ op: 'case', caseId, method: m, args });
    return remote as RemoteCaseStore;
  }

  closeCase(caseId: string): Promise<void> {
    return this.request({ op: 'closeCase', caseId }) as Promise<void>;
  }

  /**
   * Closes the case and deletes its file and SQLite companions; resolves to the
   * names of the files removed. The caller deletes the key from the keychain
   * (CaseStores.shred does, before calling this).
   */
  shredCase(caseId: string): Promise<string[]> {
    return this.request({ op: 'shredCase', caseId }) as Promise<string[]>;
  }

  /** Re-encrypts an open case store under `keyHex` (see rekeyEncryptedStore). */
  rekeyCase(caseId: string, keyHex: string): Promise<void> {
    return this.request({ op: 'rekeyCase', caseId, keyHex }) as Promise<void>;
  }

  /** Re-encrypts the open workstation database under `keyHex`. */
  rekeyWorkstation(keyHex: string): Promise<void> {
    return this.request({ op: 'rekeyWorkstation', keyHex }) as Promise<void>;
  }

  /** Closes the workstation database (before its files are shredded). */
  closeWorkstation(): Promise<void> {
    return this.request({ op: 'closeWorkstation' }) as Promise<void>;
  }

  openWorkstation(keyHex: string): Promise<{ created: boolean }> {
    return this.request({ op: 'openWorkstation', keyHex }) as Promise<{ created: boolean }>;
  }

  workstation(): RemoteWorkstationStore {
    const remote: Record<string, unknown> = {};
    for (const m of WORKSTATION_METHODS)
      remote[m] = (...args: unknown[]) => this.request({ op: 'workstation', method: m, args });
    return remote as RemoteWorkstationStore;
  }

  /** Closes every store cleanly (WAL checkpointed by SQLite on close), then stops the worker. */
  async terminate(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.request({ op: 'closeAll' }).catch(() => undefined);
    this.worker = null;
    await worker.terminate();
    this.failPending('the storage worker was terminated');
  }

  private request(body: RequestBody): Promise<unknown> {
    const worker = this.spawn();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...body, id } as StoreRequest);
    });
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerUrl, { workerData: { dataDir: this.dataDir } });
    worker.unref();
    worker.on('message', (res: StoreResponse) => {
      const p = this.pending.get(res.id);
      if (!p) return;
      this.pending.delete(res.id);
      if (this.pending.size === 0) worker.unref(); // an idle worker must not keep the process alive
      if (res.ok) p.resolve(res.value);
      else p.reject(reviveError(res.error));
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.worker = null;
      this.failPending(error.message);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      this.failPending(`worker exited with code ${code}`);
    });
    this.worker = worker;
    return worker;
  }

  private failPending(detail: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new StoreWorkerError(undefined, detail));
  }
}
