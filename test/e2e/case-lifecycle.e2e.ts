import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullStatus } from '../../common/api/contract.ts';
import { runBrowserShell } from '../../main/host/index.ts';
import { loginHeadless } from '../../platform/testing/login.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { launchChromium } from './browser.ts';
import { signInThroughPopup } from './sign-in.ts';

/**
 * Case lifecycle in Chromium (#14 item 2): admin1 closes one of detective2's
 * cases with a reason and unassigns them from another; at the next
 * refresh of the case list both cases are gone and a notice says why for
 * each, that the local copy was erased, and is dismissed from the keyboard.
 */
let t: TestReference;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let browser: Browser;
let page: Page;
const shots = join(process.cwd(), 'test-results');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestReference();
  shell = await runBrowserShell({
    env: {
      ...process.env,
      ANPR_PLATFORM_URL: t.url,
      ANPR_DATA_DIR: mkdtempSync(join(tmpdir(), 'anpr-e2e-lifecycle-')),
      ANPR_LOCALE: 'en',
    },
    clock: t.clock,
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  await t?.close();
});

async function caseFor(number: string, title: string) {
  return t.ref.store.createCase(
    {
      number,
      title,
      offence: 'Trafficking in narcotics (Act of 24 February 1921, art. 2bis)',
      legalBasis: 'Code of Criminal Procedure art. 28bis',
      purpose: 'judicial',
      assignedOfficers: [t.accounts.detective2!.id, t.accounts.detective1!.id],
    },
    { now: t.clock() },
  );
}

/** admin1 through the administration API (#14 item 1). */
async function admin(path: string, body: unknown): Promise<void> {
  const account = t.accounts.admin1!;
  t.clock.advance(30_000); // a fresh TOTP step for each sign-in
  const { accessToken } = await loginHeadless({
    issuer: t.issuer,
    username: account.username,
    password: account.password,
    totpSecret: account.totpSecret,
    totpTime: t.clock(),
  });
  const res = await fetch(new URL(path, t.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

/** The pull itself is pull.e2e.ts's subject: here it goes through the shell's workstation. */
async function pull(caseId: string) {
  const now = t.clock().getTime();
  const handler = shell.workstation.handlers['pulls.start'] as (
    input: unknown,
    ctx: unknown,
  ) => Promise<PullStatus>;
  const started = await handler(
    {
      caseId,
      offenceType: 'be-drugs',
      reasonCode: 'suspect-vehicle',
      justification:
        'Suspect vehicle of the convoy drug trafficking case; its route for the hearing.',
      query: {
        kind: 'plates',
        plates: [t.groundTruth.convoy.target.plate],
        range: {
          from: new Date(now - 29 * 86_400_000).toISOString(),
          to: new Date(now).toISOString(),
        },
      },
    },
    { transport: 'browser' },
  );
  await shell.workstation.pulls.settled(started.pullId);
}

describe('a case that leaves the officer, in Chromium', () => {
  it('is gone from the list with a notice saying why, dismissed from the keyboard', async () => {
    const closed = await caseFor('AN.20.L3.2026/9001', 'Cash couriers on the E40');
    const moved = await caseFor('LI.21.L1.2026/9002', 'Stolen vans resold abroad');
    await page.goto(shell.host.launchUrl);
    await signInThroughPopup(page, t, 'detective2');
    await pull(closed.id);
    await pull(moved.id);
    const refresh = page.getByRole('button', { name: 'Refresh', exact: true });
    await refresh.click();
    await page.getByTestId(`case-${closed.id}`).waitFor();
    await page.getByTestId(`case-${moved.id}`).waitFor();

    await admin(`/api/v1/admin/cases/${closed.id}/close`, {
      reason: 'Couriers convicted; the court file holds the evidence.',
      justification: 'Closure ordered by the prosecutor after the judgment of 20 November.',
    });
    await admin(`/api/v1/admin/cases/${moved.id}/officers/detective2/unassign`, {
      justification: 'Insp. Dubois moved to another unit; he no longer works on this case.',
    });
    await refresh.click();

    const closedNotice = page.getByTestId(`case-departed-${closed.id}`);
    const movedNotice = page.getByTestId(`case-departed-${moved.id}`);
    await closedNotice.waitFor();
    await movedNotice.waitFor();
    expect(await page.getByTestId(`case-${closed.id}`).count()).toBe(0);
    expect(await page.getByTestId(`case-${moved.id}`).count()).toBe(0);
    // The convoy case stays: only the two cases went.
    await page.getByTestId(`case-${t.groundTruth.convoy.caseId}`).waitFor();
    const closedText = (await closedNotice.textContent())!;
    expect(closedText).toContain('Case AN.20.L3.2026/9001 is no longer in your list');
    expect(closedText).toMatch(/The case was closed on /);
    expect(closedText).toContain('Reason: Couriers convicted; the court file holds the evidence.');
    expect(closedText).toContain("This workstation's copy of its reads was erased");
    expect(await movedNotice.textContent()).toContain('You were unassigned from this case.');
    await page.screenshot({ path: join(shots, 'case-departed-notices.png') });

    // Keyboard only: Enter on the first notice's button, focus moves to the next one.
    await page
      .getByRole('button', { name: 'Dismiss the notice about case AN.20.L3.2026/9001' })
      .focus();
    await page.keyboard.press('Enter');
    await closedNotice.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Dismiss the notice about case LI.21.L1.2026/9002');
    await page.keyboard.press('Enter');
    await movedNotice.waitFor({ state: 'detached' });
    // Shown once: a later refresh brings neither back.
    await refresh.click();
    await page.getByTestId(`case-${t.groundTruth.convoy.caseId}`).waitFor();
    expect(await page.locator('[data-testid^="case-departed-"]').count()).toBe(0);
  });
});
