import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../main/core/config.ts';
import { createWorkstation, type Workstation } from '../../main/core/workstation.ts';
import { runBrowserShell } from '../../main/host/index.ts';
import { startHost } from '../../main/host/server.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { call, makeWorkstation, signIn } from '../integration/support.ts';
import { launchChromium } from './browser.ts';
import { signInThroughPopup } from './sign-in.ts';

/**
 * The supervisor's chain status in Chromium when the platform chain was cut
 * and its head rewritten (#15): a detective's workstation holds the
 * platform's signed checkpoint, and the platform row says it is witnessed,
 * inconsistent, by which workstation and officer.
 */
let t: TestReference;
let shell: { host: { launchUrl: string }; stop(): Promise<void> };
let browser: Browser;
let page: Page;
let detectiveWs: Workstation | null = null;
const shots = join(process.cwd(), 'test-results');
const docs = join(process.cwd(), 'docs', 'screenshots');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestReference();
  const env = {
    ...process.env,
    ANPR_PLATFORM_URL: t.url,
    ANPR_DATA_DIR: mkdtempSync(join(tmpdir(), 'anpr-e2e-witness-')),
    ANPR_LOCALE: 'en',
  };
  // ANPR_E2E_RENDERER_DIR: another renderer build than out/renderer (shared machine).
  const dir = process.env.ANPR_E2E_RENDERER_DIR;
  if (dir) {
    const workstation = createWorkstation(configFromEnv(env, 'e2e'), { clock: t.clock });
    const host = await startHost({ workstation, rendererDir: dir, port: 0, onError: () => {} });
    shell = {
      host,
      stop: async () => {
        await host.close();
        await workstation.close();
      },
    };
  } else {
    shell = await runBrowserShell({ env, clock: t.clock });
  }
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await detectiveWs?.close();
  await browser?.close();
  await shell?.stop();
  await t?.close();
});

describe('the platform chain witnessed, in the supervisor’s chain status', () => {
  it('shows the platform chain inconsistent with a workstation’s checkpoint after a cut', async () => {
    const { ws } = makeWorkstation(t.url, { clock: t.clock });
    detectiveWs = ws;
    await signIn(ws, t.accounts.detective1!, t.clock);
    await call(ws, 'cases.discardLocal', {
      caseId: t.groundTruth.convoy!.caseId,
      justification: 'Local copy of the convoy case discarded before a fresh pull of the route.',
    });
    await call(ws, 'audit.sync'); // receives and keeps a platform checkpoint
    await call(ws, 'audit.sync'); // shows it back

    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.goto(shell.host.launchUrl);
    await signInThroughPopup(page, t, 'supervisor1');
    await page.getByTestId('workspace-supervisor').waitFor();
    await page.getByTestId('tab-chains').click();
    await page.waitForSelector('[data-testid="chain-platform"] [data-consistent="true"]');

    // Cut the platform chain after entry 2, move its head back, remove the
    // platform's own checkpoints and witness reports.
    const db = t.ref.platform.ctx.db;
    const keep = db.prepare('SELECT hash FROM audit_entries WHERE seq = 2').get() as {
      hash: string;
    };
    db.exec(`
      DROP TRIGGER audit_entries_no_delete; DROP TRIGGER audit_checkpoints_no_delete;
      DROP TRIGGER audit_witnesses_no_delete;
      DELETE FROM audit_entries WHERE seq > 2;
      DELETE FROM audit_checkpoints WHERE size > 2;
      DELETE FROM audit_witnesses;`);
    db.prepare(`UPDATE audit_heads SET seq = 2, hash = ? WHERE chain = 'platform'`).run(keep.hash);
    // The detective's workstation's next contact shows its checkpoint back (and refuses the shorter one).
    await expect(call(ws, 'audit.sync')).rejects.toMatchObject({ code: 'CONFLICT' });

    await page.getByTestId('chains-verify').click();
    const row = page.locator('[data-testid="chain-platform"][data-ok="false"]');
    await row.waitFor();
    expect(await row.getByTestId('chain-witnesses').textContent()).toContain(
      'Witnessed by 1 workstation(s): inconsistent',
    );
    expect(await row.getByTestId('chain-witness-inconsistency').textContent()).toContain(
      t.accounts.detective1!.displayName,
    );
    await page.screenshot({ path: join(shots, 'supervisor-chains-witness.png') });
    mkdirSync(docs, { recursive: true });
    await page.screenshot({ path: join(docs, 'supervisor-chains-witness.png') });
  });
});
