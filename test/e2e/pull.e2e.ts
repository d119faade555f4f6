import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../common/oversight-api.ts';
import { formatPlate } from '../../common/plates.ts';
import { wallDate, wallTime } from '../../common/time-zone.ts';
import { runBrowserShell } from '../../main/host/index.ts';
import { loginHeadless } from '../../platform/testing/login.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { filesContaining } from '../integration/support.ts';
import { launchChromium } from './browser.ts';
import { signInThroughPopup } from './sign-in.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Where to put the one-month line: the middle of a gap of at least 6 hours
 * between two held reads, the one nearest `target`, so the line falls clear
 * of every read whatever the test date and however long the steps take.
 */
function cutNear(times: number[], target: number): number {
  let best: number | null = null;
  for (let i = 0; i + 1 < times.length; i++) {
    if (times[i + 1]! - times[i]! < 6 * HOUR) continue;
    const mid = (times[i]! + times[i + 1]!) / 2;
    if (best === null || Math.abs(mid - target) < Math.abs(best - target)) best = mid;
  }
  if (best === null) throw new Error('the seeded reads leave no gap to cut at');
  return Math.round(best);
}

/** A number as the renderer prints it (thin spaces between thousands), back to a number. */
const count = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

/**
 * What a datetime-local field may show for an instant between `from` and
 * `to`: the `YYYY-MM-DDTHH:mm` of each of those minutes in `zone` (a list,
 * not a range, so it holds across a clock change too).
 */
function wallMinutes(from: number, to: number, zone: string): string[] {
  const out: string[] = [];
  for (let ms = from - (from % 60_000); ms <= to; ms += 60_000) {
    const w = wallTime(ms, zone);
    out.push(
      `${wallDate(w)}T${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`,
    );
  }
  return out;
}

/**
 * Issue 4's user path in Chromium: sign in with password + TOTP, open a case,
 * pull its reads with a justification, watch the progress bar finish and the
 * read count appear; ten days on, the reads grown older than one month are
 * counted as hidden in every count until an approval is pulled; then no file
 * of the workstation holds the plate in clear.
 */
let t: TestReference;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let browser: Browser;
let page: Page;
let dataDir: string;
const shots = join(process.cwd(), 'test-results');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestReference();
  dataDir = mkdtempSync(join(tmpdir(), 'anpr-e2e-pull-'));
  shell = await runBrowserShell({
    env: { ...process.env, ANPR_PLATFORM_URL: t.url, ANPR_DATA_DIR: dataDir, ANPR_LOCALE: 'en' },
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

/** A call to the platform's API as `username` (their own headless login), for steps the test is not about. */
async function platformCall<T>(username: string, method: string, path: string, body?: unknown) {
  const account = t.accounts[username]!;
  t.clock.advance(30_000); // a fresh TOTP step per login
  const { accessToken } = await loginHeadless({
    issuer: t.issuer,
    username: account.username,
    password: account.password,
    totpSecret: account.totpSecret,
    totpTime: t.clock(),
  });
  const res = await fetch(new URL(path, t.url), {
    method,
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

describe('pulling a case into the workstation, in Chromium', () => {
  it('signs in, opens the case, pulls with a justification and shows the progress and the count', async () => {
    await page.goto(shell.host.launchUrl);
    await signInThroughPopup(page, t, 'detective1');

    const { caseId, target } = t.groundTruth.convoy;
    await page.getByTestId(`case-${caseId}`).click();
    // The test world ends at the workstation's (test) clock, not on the day
    // the browser thinks it is: the default period must end there, or "the
    // last 30 days" misses the world (or, run on a later day, holds none of it).
    const before = t.clock().getTime();
    await page.getByTestId('add-data').click();
    const defaultTo = await page.getByTestId('pull-to').inputValue();
    const defaultFrom = await page.getByTestId('pull-from').inputValue();
    const after = t.clock().getTime();
    const zone = shell.workstation.settings.get().timeZone;
    // Minute by minute, so the day is the workstation's. The renderer's now may
    // lag by the trip of the last status (allowed: a minute); never ahead.
    expect(wallMinutes(before - 60_000, after, zone)).toContain(defaultTo);
    expect(wallMinutes(before - 60_000 - 29 * DAY, after - 29 * DAY, zone)).toContain(defaultFrom);

    await page.getByTestId('pull-plates').fill(formatPlate(target.plate, target.country));
    // No offence type is preselected, and a text that says nothing is refused as typed,
    // with what a good justification names (#15 item 5).
    await page.getByTestId('pull-justification').fill('test test test test test');
    expect(await page.getByTestId('pull-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('pull-justification-help').textContent()).toMatch(
      /same word repeated.*Name the offence, the fact of the case/,
    );
    await page.getByTestId('pull-offence').selectOption('be-organised');
    // Personal data in the text is warned about, not refused.
    await page
      .getByTestId('pull-justification')
      .fill('Lead vehicle of the convoy, owner reachable on 0475 12 34 56; route needed.');
    await page.getByTestId('pull-justification-warning').waitFor();
    expect(await page.getByTestId('pull-submit').isDisabled()).toBe(false);
    await page.getByTestId('pull-form').screenshot({ path: join(shots, 'pull-form-why.png') });
    await page
      .getByTestId('pull-justification')
      .fill('Lead vehicle of the convoy; its route is needed for the investigation.');
    await page.getByTestId('pull-submit').click();

    const pull = page.getByTestId('pull').first();
    await pull.waitFor();
    await page.waitForSelector('[data-testid="pull"][data-state="done"]', { timeout: 90_000 });
    // A first pull into an empty case stores everything offered, and says so in one line.
    const count = (await page.getByTestId('pull-count').first().textContent())!;
    const [, stored, total] = /^([\d\s]+) stored of ([\d\s]+) offered$/
      .exec(count)!
      .map((n) => Number(n.replace(/\D/g, '')));
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBe(total);
    await page.getByTestId('local-reads').waitFor();
    expect(Number((await page.getByTestId('local-reads').textContent())!.replace(/\D/g, ''))).toBe(
      total,
    );
    await page.screenshot({ path: join(shots, 'case-pulled.png') });
  });

  it('counts the reads grown older than one month as hidden wherever reads are counted, and shows them once an approval is pulled', async () => {
    const { caseId, target } = t.groundTruth.convoy;
    const store = await shell.workstation.stores.open(caseId);
    const held = (await store.readsByPlate({ plate: target.plate }))
      .map((r) => Date.parse(r.capturedAt))
      .sort((a, b) => a - b);
    expect(await store.readCount()).toBe(held.length);

    // About ten days later the oldest of the pulled reads are more than a month old.
    const cut = cutNear(held, t.clock().getTime() - 20 * DAY);
    t.clock.set(new Date(cut + 30 * DAY));
    const hidden = held.filter((at) => at < cut);
    const shown = held.filter((at) => at >= cut);
    expect(hidden.length).toBeGreaterThan(0);
    expect(shown.length).toBeGreaterThan(0);
    const signInAgain = async () => {
      await page.reload();
      await page.waitForSelector('[data-testid="officer-name"], [data-testid="sign-in"]');
      if (await page.getByTestId('sign-in').isVisible())
        await signInThroughPopup(page, t, 'detective1');
      // The entries of ten days ago reach the platform first, as the workstation sends them on its own.
      await (
        shell.workstation.handlers['audit.sync'] as (i: unknown, c: unknown) => Promise<unknown>
      )({}, { transport: 'browser' });
      await page.getByTestId(`case-${caseId}`).click();
    };
    await signInAgain();

    // The case bar, the case's own figures and the case list agree: shown, and hidden apart.
    const barHidden = page.getByTestId('bar-hidden');
    await barHidden.waitFor();
    expect(Number(await barHidden.getAttribute('data-count'))).toBe(hidden.length);
    expect(count(await page.getByTestId('bar-reads').textContent())).toBe(shown.length);
    expect(await page.getByTestId(`case-hidden-${caseId}`).textContent()).toContain(
      `${hidden.length} hidden`,
    );
    // On the analyses tab, the sentence that says why; the English here is the renderer's, not core's.
    const caseHidden = page.getByTestId('case-hidden');
    expect(await caseHidden.getAttribute('data-reason')).toBe('needs-extended-access');
    expect(await caseHidden.textContent()).toContain(
      `${hidden.length} reads older than one month are hidden: they need a prosecutor’s approval (extended access).`,
    );

    // An analysis says what it could not see.
    await page.getByTestId('analysis-kind').selectOption('plateSearch');
    await page.getByTestId('search-plate').fill(formatPlate(target.plate, target.country));
    await page.getByTestId('analysis-offence').selectOption('be-organised');
    await page
      .getByTestId('analysis-justification')
      .fill('Lead vehicle of the convoy; its route is needed for the investigation.');
    await page.getByTestId('analysis-run').click();
    const inResult = page.getByTestId('analysis-hidden');
    await inResult.waitFor();
    expect(Number(await inResult.getAttribute('data-count'))).toBe(hidden.length);
    expect(await inResult.textContent()).toContain('This result leaves them out.');
    await page.screenshot({ path: join(shots, 'hidden-reads-analysis.png') });

    // The way to an approval: the case's requests, with "Request" focused.
    await barHidden.click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('request-access');
    expect(count(await page.getByTestId('local-hidden').textContent())).toBe(hidden.length);
    expect(count(await page.getByTestId('local-reads').textContent())).toBe(shown.length);
    await page.getByTestId('local-hidden-notice').waitFor();
    await page.screenshot({ path: join(shots, 'hidden-reads-case.png') });

    // A prosecutor approves the older period for this plate (on the platform)…
    const filed = await platformCall<AccessRequest>(
      'detective1',
      'POST',
      '/api/v1/extended-access/requests',
      {
        caseId,
        plates: [target.plate],
        periodFrom: new Date(held[0]! - HOUR).toISOString(),
        periodTo: new Date(cut).toISOString(),
        offence: 'Organised trafficking (Criminal Code art. 324bis)',
        legalBasis: 'Code of Criminal Procedure art. 28bis',
        justification:
          'The convoy’s trips of last month are needed to show the route was repeated.',
      },
    );
    await platformCall<AccessRequest>(
      'prosecutor1',
      'POST',
      `/api/v1/extended-access/requests/${filed.id}/decision`,
      {
        decision: 'approve',
        reasons:
          'The repeated route is the core of the file; the period asked for is proportionate.',
        expiresAt: new Date(t.clock().getTime() + DAY).toISOString(),
      },
    );
    // …which counts here once the workstation holds it: it comes with the pull under it.
    await page.reload();
    await page.getByTestId(`case-${caseId}`).click();
    await page.getByTestId('tab-case').click();
    await page.waitForSelector(
      '[data-testid="access-request"]:first-child[data-status="approved"]',
    );
    expect(Number(await page.getByTestId('bar-hidden').getAttribute('data-count'))).toBe(
      hidden.length,
    );
    await page.getByTestId('access-request').first().getByTestId('pull-approved').click();
    await page.getByTestId('pull-under-offence').selectOption('be-organised');
    await page.getByTestId('pull-under-submit').click();
    await page.getByTestId('access-notice').waitFor();

    // Once that pull is done every read shows, and no count speaks of hidden ones.
    await page.getByTestId('bar-hidden').waitFor({ state: 'detached' });
    await expect
      .poll(async () => count(await page.getByTestId('bar-reads').textContent()))
      .toBe(held.length);
    await page.getByTestId('local-hidden').waitFor({ state: 'detached' });
    expect(count(await page.getByTestId('local-reads').textContent())).toBe(held.length);
    expect(await page.getByTestId('local-hidden-notice').count()).toBe(0);
    expect(await page.getByTestId(`case-hidden-${caseId}`).count()).toBe(0);
    await page.screenshot({ path: join(shots, 'hidden-reads-approved.png') });
  });

  it('keeps no plaintext plate in any file of the data directory', async () => {
    const { target } = t.groundTruth.convoy;
    await shell.workstation.stores.shutdown(); // flush and close, then scan every byte on disk
    expect(
      filesContaining(dataDir, [target.plate, formatPlate(target.plate, target.country)]),
    ).toEqual([]);
  });
});
