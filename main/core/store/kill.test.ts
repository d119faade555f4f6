import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from './case-store.ts';
import { readId } from './fixtures/reads.ts';
import { newStoreKey } from './open.ts';

const child = fileURLToPath(new URL('./fixtures/insert-child.ts', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anpr-kill-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it has committed `killAfter` batches (then SIGKILL), or to the end. */
function runPull(
  file: string,
  keyHex: string,
  total: number,
  killAfter: number | null,
): Promise<{ lastSeen: number; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const proc = fork(child, [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    let commits = 0;
    let lastSeen = 0;
    proc.on('message', (m: { committed?: number }) => {
      if (m.committed === undefined) return;
      lastSeen = m.committed;
      if (killAfter !== null && ++commits === killAfter) proc.kill('SIGKILL');
    });
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ lastSeen, killed: true });
      else if (code === 0) resolve({ lastSeen, killed: false });
      else reject(new Error(`child failed (${code}): ${stderr}`));
    });
    proc.send({ file, keyHex, total, batch: 2000 });
  });
}

describe('a pull killed mid-insert', () => {
  it('resumes from the last committed cursor and ends with every read exactly once', async () => {
    const file = join(dir, 'c.anprcase');
    const key = newStoreKey();
    const total = 40_000;

    const first = await runPull(file, key, total, 4);
    expect(first.killed).toBe(true);

    const store = CaseStore.open(file, key);
    const pull = store.pullState('pull-1')!;
    const cursor = (pull.cursor as { offset: number }).offset;
    expect(cursor).toBeGreaterThanOrEqual(first.lastSeen); // commits can outrun the IPC message
    expect(cursor).toBeLessThan(total);
    expect(store.readCount()).toBe(cursor);
    expect(pull.received).toBe(cursor);
    store.close();

    const second = await runPull(file, key, total, null);
    expect(second.killed).toBe(false);

    const done = CaseStore.open(file, key);
    expect(done.readCount()).toBe(total);
    expect(done.pullState('pull-1')).toMatchObject({
      status: 'done',
      received: total,
      duplicates: 0,
    });
    const ids = done.db.prepare('SELECT id FROM reads ORDER BY id').pluck().all() as string[];
    expect(ids).toEqual(Array.from({ length: total }, (_, i) => readId(i)));
    done.close();
  }, 60_000);
});
