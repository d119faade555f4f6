import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditStatus } from '../../common/api/contract.ts';
import type { ChainStatusList } from '../../common/oversight-api.ts';
import { openCheckpointNote, parseVerifierKey } from '../../common/signed-note.node.ts';
import { loginHeadless } from '../../platform/testing/login.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, makeWorkstation, signIn } from './support.ts';

/**
 * The platform's own audit chain, witnessed by a workstation (#15): the
 * workstation keeps the platform's signed checkpoint from its audit upload;
 * someone with the platform database key then cuts the newest platform
 * entries, moves the recorded head back and deletes the platform's own
 * checkpoints, so the platform chain verifies on its own. The workstation's
 * next contact shows its checkpoint back, and the supervisor's chain
 * verification names the cut, citing that workstation.
 */
let t: TestReference;
beforeAll(async () => {
  t = await startTestReference();
}, 180_000);
afterAll(() => t?.close());

async function supervisorChains(): Promise<ChainStatusList> {
  const account = t.accounts.supervisor1!;
  t.clock.advance(30_000);
  const { accessToken } = await loginHeadless({
    issuer: t.issuer,
    username: account.username,
    password: account.password,
    totpSecret: account.totpSecret,
    totpTime: t.clock(),
  });
  const res = await fetch(new URL('/api/v1/oversight/chains', t.url), {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as ChainStatusList;
}

describe('the platform audit chain witnessed by a workstation', () => {
  it('detects the platform chain cut and its head rewritten, through the checkpoint a workstation holds', async () => {
    const { ws } = makeWorkstation(t.url, { clock: t.clock });
    await signIn(ws, t.accounts.detective1!, t.clock);
    // Any audited action gives the workstation something to upload.
    await call(ws, 'cases.discardLocal', {
      caseId: t.groundTruth.convoy!.caseId,
      justification: 'Local copy of the convoy case discarded before a fresh pull of the route.',
    });
    const first = await call<AuditStatus>(ws, 'audit.sync');
    expect(first).toMatchObject({ unsynced: 0, lastError: null });

    // The workstation keeps a checkpoint that the published key verifies.
    const published = (await (
      await fetch(new URL('/api/v1/audit/checkpoint-key', t.url))
    ).json()) as { vkey: string };
    const local = ws.stores.host.workstation();
    const held = async () =>
      (await local.getSyncState('audit.platformCheckpoint')) as { note: string; size: number };
    const kept = await held();
    const checkpoint = openCheckpointNote(kept.note, parseVerifierKey(published.vkey)!);
    expect(checkpoint?.size).toBe(kept.size);
    expect(checkpoint!.size).toBeGreaterThanOrEqual(t.ref.audit.head()!.seq - 1);

    // At its next contact (nothing new to upload) it shows the checkpoint back.
    expect(await call<AuditStatus>(ws, 'audit.sync')).toMatchObject({ lastError: null });
    const before = (await supervisorChains()).chains.find((c) => c.chain === 'platform')!;
    expect(before).toMatchObject({
      ok: true,
      witnesses: { count: 1, consistent: true, firstInconsistency: null },
    });

    // Someone with the platform database key: cut the newest entries, move the recorded head back, and
    // remove every trace the platform itself kept (checkpoints, witness reports).
    const witnessed = (await held()).size;
    // Far enough back that the few entries the platform appends before the
    // verification (sign-ins, the verification itself) stay short of it.
    const keep = 2;
    expect(witnessed).toBeGreaterThan(keep + 6);
    const db = t.ref.platform.ctx.db;
    const keptHead = db.prepare('SELECT hash FROM audit_entries WHERE seq = ?').get(keep) as {
      hash: string;
    };
    db.exec(`
      DROP TRIGGER audit_entries_no_delete; DROP TRIGGER audit_checkpoints_no_delete;
      DROP TRIGGER audit_witnesses_no_delete;
      DELETE FROM audit_entries WHERE seq > ${keep};
      DELETE FROM audit_checkpoints WHERE size > ${keep};
      DELETE FROM audit_witnesses;`);
    db.prepare(`UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = 'platform'`).run(
      keep,
      keptHead.hash,
    );
    expect(t.ref.audit.verify()).toMatchObject({ ok: true });

    // The workstation's next contact: the platform now hands out a checkpoint
    // of a shorter chain, which the workstation refuses, keeping its own.
    await expect(call(ws, 'audit.sync')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/entries were removed from the platform's audit log/),
    });
    expect((await held()).size).toBe(witnessed);

    // The supervisor's verification names the cut and the witness.
    const deviceId = (await call<AuditStatus>(ws, 'audit.status')).deviceId;
    const platform = (await supervisorChains()).chains.find((c) => c.chain === 'platform')!;
    expect(platform).toMatchObject({
      ok: false,
      problem: 'truncated',
      witnesses: {
        count: 1,
        consistent: false,
        firstInconsistency: {
          deviceId,
          officer: t.accounts.detective1!.displayName,
          size: witnessed,
          problem: 'truncated',
        },
      },
    });
    expect(platform.firstBadSeq).toBeGreaterThan(keep);
    expect(platform.firstBadSeq).toBeLessThanOrEqual(witnessed);
    expect(platform.message).toContain(`workstation ${deviceId}`);
    await ws.close();
  });
});
