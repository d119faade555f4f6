import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlate } from '../../common/plates.ts';
import { wallDate, wallTime } from '../../common/time-zone.ts';
import { runBrowserShell } from '../../main/host/index.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { filesContaining } from '../integration/support.ts';
import { launchChromium } from './browser.ts';
import { signInThroughPopup } from './sign-in.ts';

const DAY = 86_400_000;

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
 * read count appear; then no file of the workstation holds the plate in clear.
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

  it('keeps no plaintext plate in any file of the data directory', async () => {
    const { target } = t.groundTruth.convoy;
    await shell.workstation.stores.shutdown(); // flush and close, then scan every byte on disk
    expect(
      filesContaining(dataDir, [target.plate, formatPlate(target.plate, target.country)]),
    ).toEqual([]);
  });
});
