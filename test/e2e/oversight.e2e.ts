import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullStatus } from '../../common/api/contract.ts';
import { formatPlate, maskPlate, normalisePlate } from '../../common/plates.ts';
import { configFromEnv } from '../../main/core/config.ts';
import { createWorkstation } from '../../main/core/workstation.ts';
import { runBrowserShell } from '../../main/host/index.ts';
import { startHost } from '../../main/host/server.ts';
import { toZoneInput } from '../../renderer/src/zone-input.ts';
import { totpCode } from '../../platform/identity/totp.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { launchChromium } from './browser.ts';

/**
 * Oversight in Chromium against the reference platform: a detective files a
 * request for older reads, the prosecutor narrows it, the detective's pull
 * brings exactly the narrowed scope and nothing once it expired, a refused
 * request unlocks nothing; a supervisor finds the planted abuser with its
 * explanation, repeats a sample draw from its revealed seed, and sees a
 * tampered audit row in the chain status.
 */
let t: TestReference;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let browser: Browser;
let page: Page;
const shots = join(process.cwd(), 'test-results');
const docs = join(process.cwd(), 'docs', 'screenshots');
const DAY = 86_400_000;
const JUSTIFICATION =
  'The collision is five weeks old; the suspect car’s route that evening is needed for the file.';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  mkdirSync(docs, { recursive: true });
  t = await startTestReference();
  shell = await startShell(
    {
      ...process.env,
      ANPR_PLATFORM_URL: t.url,
      ANPR_DATA_DIR: mkdtempSync(join(tmpdir(), 'anpr-e2e-oversight-')),
      ANPR_LOCALE: 'en',
    },
    t.clock,
  );
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  await t?.close();
});

/**
 * The browser shell; ANPR_E2E_RENDERER_DIR serves another renderer build than
 * out/renderer (several people share a machine and rebuild that folder).
 */
async function startShell(
  env: NodeJS.ProcessEnv,
  clock: () => Date,
): Promise<Awaited<ReturnType<typeof runBrowserShell>>> {
  const dir = process.env.ANPR_E2E_RENDERER_DIR;
  if (!dir) return runBrowserShell({ env, clock });
  const config = configFromEnv(env, 'e2e');
  const workstation = createWorkstation(config, { clock });
  const host = await startHost({
    workstation,
    rendererDir: dir,
    port: 0,
    onError: (where, error) => console.error(`[host] ${where}:`, error),
  });
  return {
    host,
    workstation,
    stop: async () => {
      await host.close();
      await workstation.close();
    },
  };
}

/**
 * Each officer signs in from a fresh browser profile, as on their own
 * workstation: the provider keeps a sign-in session per browser, and handing
 * one browser from officer to officer is not what this test is about.
 */
async function freshPage() {
  await page?.context().close();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(shell.host.launchUrl);
  // The workstation may still hold the previous officer's session (a failed step): end it.
  await page.waitForSelector('[data-testid="officer-name"], [data-testid="sign-in"]');
  if (await page.getByTestId('officer-name').isVisible()) await signOut();
}

async function signInAs(username: string, fresh = true) {
  const account = t.accounts[username]!;
  if (fresh) await freshPage();
  await page.getByTestId('sign-in').waitFor();
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByTestId('sign-in').click(),
  ]);
  await popup.getByLabel(/username/i).fill(account.username);
  await popup.getByLabel(/password/i).fill(account.password);
  t.clock.advance(30_000); // a fresh TOTP step per sign-in
  await popup.getByLabel(/code/i).fill(await totpCode(account.totpSecret, t.clock()));
  await popup.getByRole('button', { name: /sign in/i }).click();
  await popup.getByTestId('signin-result').waitFor();
  await popup.close();
  await page.getByTestId('officer-name').waitFor();
}

async function signOut() {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in').waitFor();
}

async function shot(name: string, alsoDocs = false) {
  await page.screenshot({ path: join(shots, name) });
  if (alsoDocs) await page.screenshot({ path: join(docs, name) });
}

/** `YYYY-MM-DDTHH:mm` in local time (the browser runs in the same zone as this process). */
/** What the officer types: wall time in the workstation's display zone (the pack's default). */
function local(ms: number, zone = 'Europe/Brussels'): string {
  return toZoneInput(ms, zone);
}

async function openOldCase() {
  await page.getByTestId(`case-${t.groundTruth.oldReads!.caseId}`).click();
  // With reads on the workstation the case opens on its analyses: the requests are under "Case & data".
  await page.waitForSelector('[data-testid="extended-access"], [data-testid="tab-case"]');
  if (!(await page.getByTestId('extended-access').isVisible()))
    await page.getByTestId('tab-case').click();
  await page.getByTestId('extended-access').waitFor();
}

async function fileRequest(plates: string[], fromMs: number, toMs: number) {
  await page.getByTestId('request-access').click();
  const form = page.getByTestId('access-form');
  await form.getByTestId('access-plates').fill(plates.join('\n'));
  await form.getByTestId('access-from').fill(local(fromMs));
  await form.getByTestId('access-to').fill(local(toMs));
  await form.getByTestId('access-justification').fill(JUSTIFICATION);
  await form.getByTestId('access-urgent').check();
  await form.getByTestId('access-submit').click();
  await page.getByTestId('access-notice').waitFor();
}

async function workstationPull(plates: string[], from: number, to: number): Promise<PullStatus> {
  const start = shell.workstation.handlers['pulls.start'] as (
    i: unknown,
    c: unknown,
  ) => Promise<PullStatus>;
  const status = await start(
    {
      caseId: t.groundTruth.oldReads!.caseId,
      offenceType: 'be-property',
      reasonCode: 'suspect-vehicle',
      justification: JUSTIFICATION,
      query: {
        kind: 'plates',
        plates,
        range: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
      },
    },
    { transport: 'browser' },
  );
  await shell.workstation.pulls.settled(status.pullId);
  return status;
}

describe('extended access in Chromium', () => {
  const old = () => t.groundTruth.oldReads!;
  const plate = () => formatPlate(old().vehicle.plate, old().vehicle.country);
  const other = () =>
    formatPlate(t.groundTruth.convoy.target.plate, t.groundTruth.convoy.target.country);
  const periodFrom = () => Date.parse(t.groundTruth.period.from) - 3_600_000;
  let narrowedTo = 0;
  let expected: number[] = [];

  it('a refused request unlocks nothing', async () => {
    await signInAs('detective2');
    await openOldCase();
    await fileRequest([plate()], periodFrom(), Date.parse(old().cutoff));
    await signOut();

    await signInAs('prosecutor1');
    await page.getByTestId('inbox').locator('button').first().click();
    await page.getByTestId('decision-form').waitFor();
    await page.getByTestId('decision-refuse').check();
    await page
      .getByTestId('decision-reasons')
      .fill('Nothing in the request shows why reads this old are needed.');
    await page.getByTestId('decision-submit').click();
    await page.getByTestId('decision-summary').getByText('Refused').waitFor();
    await signOut();

    await signInAs('detective2');
    await openOldCase();
    await page.waitForSelector('[data-testid="access-request"]:first-child[data-status="refused"]');
    const item = page.getByTestId('access-request').first();
    expect(await item.getByTestId('pull-approved').count()).toBe(0);
    // The platform agrees: a pull over the old period gets nothing older than the window.
    const p = await workstationPull([old().vehicle.plate], periodFrom(), Date.parse(old().cutoff));
    expect(p.total).toBe(0);
    expect(p.withheld.count).toBeGreaterThanOrEqual(old().older.length);
    await signOut();
  });

  it('the detective files a request; the prosecutor sees it in full and narrows it', async () => {
    await signInAs('detective2');
    await openOldCase();
    await fileRequest([plate(), other()], periodFrom(), Date.parse(old().cutoff));
    // The list reloads after filing: the newest request comes first.
    await page.waitForSelector('[data-testid="access-request"]:first-child[data-status="pending"]');
    await shot('detective-extended-access.png', true);
    await signOut();

    await signInAs('prosecutor1');
    await page.getByTestId('workspace-prosecutor').waitFor();
    await page.getByTestId('inbox').locator('button').first().click();
    const detail = page.getByTestId('request-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('request-plates').textContent()).toContain(plate());
    const estimate = Number(
      (await detail.getByTestId('estimate').locator('.ov-estimate-n').textContent())!.replace(
        /\D/g,
        '',
      ),
    );
    expect(estimate).toBeGreaterThanOrEqual(old().older.length);
    expect(await detail.getByTestId('earlier-requests').locator('li').count()).toBe(1);
    await shot('prosecutor-request.png', true);

    // Narrow: keep only the suspect car, and only the first half of its old sightings.
    const times = old()
      .older.map((s) => Date.parse(s.at))
      .sort((a, b) => a - b);
    const k = Math.ceil(times.length / 2);
    // Minute precision (the form's inputs); the cut lies between two sightings.
    narrowedTo =
      Math.floor((times[k - 1]! + (times[k] ?? times[k - 1]! + 120_000)) / 2 / 60_000) * 60_000;
    expected = times.filter((x) => x <= narrowedTo);
    await page.getByTestId('decision-narrow').check();
    await page
      .getByTestId(`keep-plate-${normalisePlate(t.groundTruth.convoy.target.plate)}`)
      .uncheck();
    await page.getByTestId('narrow-to').fill(local(narrowedTo));
    await page.getByTestId('decision-expires').fill(local(t.clock().getTime() + DAY).slice(0, 10));
    await page
      .getByTestId('decision-reasons')
      .fill('Only the suspect car, and only up to the evening of the collision, is proportionate.');
    await shot('prosecutor-decision-form.png');
    await page.getByTestId('decision-submit').click();
    const summary = page.getByTestId('decision-summary');
    await summary.getByText('Approved with a narrowed scope').waitFor();
    expect((await summary.getByTestId('granted-plates').textContent())!.trim()).toBe(plate());
    await summary.getByTestId('export-decision').click();
    expect(await summary.getByTestId('saved-path').textContent()).toMatch(
      /exports\/.*decision-.*\.pdf/,
    );
    await shot('prosecutor-decided.png', true);
    await signOut();
  });

  it('the pull under the approval brings exactly the narrowed scope, and nothing after expiry', async () => {
    await signInAs('detective2');
    await openOldCase();
    await page.waitForSelector(
      '[data-testid="access-request"]:first-child[data-status="narrowed"]',
    );
    const item = page.getByTestId('access-request').first();
    await item.getByTestId('pull-approved').click();
    await page.getByTestId('pull-under-offence').selectOption('be-property');
    await page.getByTestId('pull-under-submit').click();
    const notice = await page.getByTestId('access-notice').textContent();
    expect(notice).toContain(`Pull started: ${expected.length} reads`);
    await shot('detective-pull-approved.png');

    // What the pull stored is exactly the narrowed scope: the suspect's old sightings up to the cut.
    const { pulls } = await (
      shell.workstation.handlers['pulls.list'] as (
        i: unknown,
        c: unknown,
      ) => Promise<{ pulls: PullStatus[] }>
    )({ caseId: old().caseId }, { transport: 'browser' });
    for (const p of pulls) await shell.workstation.pulls.settled(p.pullId);
    const store = await shell.workstation.stores.open(old().caseId);
    const stored = await store.readsByPlate({ plate: old().vehicle.plate });
    const windowStart = t.clock().getTime() - 30 * DAY;
    const olderStored = stored
      .map((r) => Date.parse(r.capturedAt))
      .filter((x) => x < windowStart)
      .sort((a, b) => a - b);
    expect(olderStored).toEqual(expected);
    expect(
      (await store.readsByPlate({ plate: t.groundTruth.convoy.target.plate })).filter(
        (r) => Date.parse(r.capturedAt) < windowStart,
      ),
    ).toEqual([]);

    // Past the expiry the panel offers no pull, and the platform delivers nothing older than the window.
    t.clock.advance(2 * DAY + 3_600_000);
    await page.reload();
    await page.waitForSelector('[data-testid="officer-name"], [data-testid="sign-in"]');
    if (await page.getByTestId('sign-in').isVisible()) await signInAs('detective2', false);
    await openOldCase();
    const expired = page.getByTestId('access-request').first();
    await page.waitForSelector('[data-testid="access-request"][data-status="expired"]');
    expect(await expired.getByTestId('pull-approved').count()).toBe(0);
    // Two days passed on the clock: let the workstation deliver its audit backlog first, as it would on its own.
    await (
      shell.workstation.handlers['audit.sync'] as (i: unknown, c: unknown) => Promise<unknown>
    )({}, { transport: 'browser' });
    const after = await workstationPull([old().vehicle.plate], periodFrom(), narrowedTo);
    expect(after.total).toBe(0);
    expect(after.withheld.count).toBeGreaterThanOrEqual(expected.length);
    await signOut();
  });
});

describe('the supervisor in Chromium', () => {
  it('sees the planted abuser flagged with a plain explanation', async () => {
    await signInAs('supervisor1');
    await page.getByTestId('workspace-supervisor').waitFor();
    await page.getByTestId('flag-list').waitFor();
    const across = page.locator('[data-testid="flag-plate-across-cases"][data-officer="abuser1"]');
    await across.waitFor();
    const text = (await across.getByTestId('flag-explanation').textContent())!;
    expect(text).toMatch(/was searched \d+ times under \d+ different cases/);
    expect(text).toContain(maskPlate(t.groundTruth.abuse.plate));
    expect(text).not.toContain(normalisePlate(t.groundTruth.abuse.plate));
    await page.locator('[data-testid="flag-out-of-hours"][data-officer="abuser1"]').waitFor();
    await page
      .locator('[data-testid="flag-short-justification"][data-officer="abuser1"]')
      .waitFor();
    expect(
      await page
        .getByTestId('officer-table')
        .locator('tbody tr')
        .first()
        .getAttribute('data-testid'),
    ).toBe('officer-row-abuser1');
    await shot('supervisor-overview.png', true);

    await page.getByTestId('officer-row-abuser1').getByRole('button').click();
    await page.getByTestId('chart-queries').waitFor();
    await shot('supervisor-activity.png', true);
  });

  it('explores the abuser’s entries with plates masked, and opening one is a logged act', async () => {
    await page.getByTestId('tab-overview').click();
    await page
      .locator('[data-testid="flag-plate-across-cases"][data-officer="abuser1"]')
      .getByRole('button', { name: 'Show entries' })
      .click();
    await page.getByTestId('audit-row').first().waitFor();
    expect(await page.getByTestId('audit-table').textContent()).not.toContain(
      normalisePlate(t.groundTruth.abuse.plate),
    );
    await page.getByTestId('reveal').first().click();
    await page
      .getByTestId('reveal-justification')
      .fill('Checking whether the plate belongs to a relative of the officer.');
    await page.getByTestId('reveal-submit').click();
    await page.getByTestId('revealed-plate').waitFor();
    expect(normalisePlate((await page.getByTestId('revealed-plate').textContent())!)).toBe(
      normalisePlate(t.groundTruth.abuse.plate),
    );
    const logged = t.ref.audit
      .list({ officerId: t.accounts.supervisor1!.id, limit: 50 })
      .entries.find((e) => e.body.action === 'oversight.reveal-plate');
    expect(logged?.body.justification).toMatch(/relative/);
    await shot('supervisor-explorer.png', true);
  });

  it('draws a sample committed in advance with the supervisor’s own value, and the published values draw the same entries twice', async () => {
    await page.getByTestId('tab-samples').click();
    await page.getByTestId('sample-due').waitFor();
    await page.getByTestId('new-sample').click();
    await page.getByTestId('sample-officer').selectOption(t.accounts.abuser1!.id);
    await page.getByTestId('sample-size').fill('5');
    await page.getByTestId('sample-commit').click();
    await page.getByTestId('commitment').waitFor();
    expect(await page.getByTestId('seed').count()).toBe(0);
    // The browser proposes a random value; the supervisor may type their own (here: dice).
    expect(await page.getByTestId('supervisor-value-input').inputValue()).toMatch(/^[0-9a-f]{32}$/);
    await page.getByTestId('supervisor-value-input').fill('dice 3 6 1 4 4 2 5 1');
    await page.getByTestId('sample-draw').click();
    await page.getByTestId('seed').waitFor();
    expect(await page.getByTestId('supervisor-value').textContent()).toBe('dice 3 6 1 4 4 2 5 1');
    const stored = t.ref.audit
      .list({ officerId: t.accounts.supervisor1!.id, limit: 50 })
      .entries.find((e) => e.body.action === 'oversight.sample-draw');
    expect(stored?.body.parameters).toMatchObject({
      supervisorValue: 'dice 3 6 1 4 4 2 5 1',
      drawSeed: await page.getByTestId('draw-seed').textContent(),
    });
    const drawn = await page
      .getByTestId('sample-entry')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-ref')));
    expect(drawn).toHaveLength(5);

    for (let i = 0; i < 2; i++) {
      await page.getByTestId('reproduce').click();
      const result = page.locator('[data-testid="reproduce-result"][data-same="true"]');
      await result.waitFor();
      expect(
        (await result.getByTestId('reproduced-refs').textContent())!.split(/\s+/).filter(Boolean),
      ).toEqual(drawn);
    }

    const entries = page.getByTestId('sample-entry');
    for (let i = 0; i < 5; i++) {
      const row = entries.nth(i);
      await row.getByTestId(i === 0 ? 'verdict-unlawful' : 'verdict-doubtful').check();
      await row.getByTestId('review-note').fill('Night search with a one-word justification.');
      await row.getByTestId('review-save').click();
      await row.getByTestId('verdict').waitFor();
    }
    await page.getByTestId('sample-complete').click();
    await page.waitForSelector('[data-testid="sample-view"][data-status="completed"]');
    await page.getByTestId('sample-export-pdf').click();
    expect(await page.getByTestId('saved-path').textContent()).toMatch(
      /sample-check-abuser1-.*\.pdf/,
    );
    await page.getByTestId('sample-export-csv').click();
    await page.getByTestId('saved-path').getByText(/\.csv/).waitFor();
    await page.getByTestId('tab-overview').click();
    await page.getByTestId('tab-samples').click();
    await page.locator('.ov-sample-list .case-item').first().click();
    await page.getByTestId('seed').waitFor();
    await page.getByTestId('reproduce').click();
    await page.locator('[data-testid="reproduce-result"][data-same="true"]').waitFor();
    await shot('supervisor-samples.png', true);
  });

  it('shows a tampered audit row in the chain status, naming the first bad entry', async () => {
    await page.getByTestId('tab-chains').click();
    await page.waitForSelector('[data-testid="chain-platform"][data-ok="true"]');
    const victim = t.ref.audit.list({
      officerId: t.accounts.abuser1!.id,
      chain: 'platform',
      limit: 1,
    }).entries[0]!;
    const db = t.ref.platform.ctx.db;
    db.exec('DROP TRIGGER audit_entries_no_update');
    db.prepare(
      "UPDATE audit_entries SET body = json_set(body, '$.justification', ?) WHERE seq = ?",
    ).run('Lawful follow-up of the cloned plate case.', victim.seq);
    await page.getByTestId('chains-verify').click();
    const row = page.locator('[data-testid="chain-platform"][data-ok="false"]');
    await row.waitFor();
    expect(await row.getByTestId('chain-problem').textContent()).toContain(
      `first bad entry: #${victim.seq}`,
    );
    await shot('supervisor-chains.png', true);
  });
});

describe('the commissioner in Chromium (Danish rules, Dutch interface)', () => {
  let dk: TestReference;
  let dkShell: Awaited<ReturnType<typeof runBrowserShell>>;
  let dkPage: Page;
  beforeAll(async () => {
    dk = await startTestReference({ policy: 'dk' });
    dkShell = await runBrowserShellFor(dk, 'nl');
    dkPage = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await dkPage.goto(dkShell.host.launchUrl);
  }, 240_000);
  afterAll(async () => {
    await dkPage?.context().close();
    await dkShell?.stop();
    await dk?.close();
  });

  it('decides an extraordinary postponement of deletion, recorded and exportable', async () => {
    const account = dk.accounts.commissioner1!;
    const [popup] = await Promise.all([
      dkPage.waitForEvent('popup'),
      dkPage.getByTestId('sign-in').click(),
    ]);
    await popup.getByLabel(/username|gebruikersnaam/i).fill(account.username);
    await popup.getByLabel(/password|wachtwoord/i).fill(account.password);
    dk.clock.advance(30_000);
    await popup.getByLabel(/code/i).fill(await totpCode(account.totpSecret, dk.clock()));
    await popup.getByRole('button', { name: /^(sign in|aanmelden)$/i }).click();
    await popup.getByTestId('signin-result').waitFor();
    await popup.close();

    await dkPage.getByTestId('workspace-commissioner').waitFor();
    const form = dkPage.getByTestId('postpone-form');
    const now = dk.clock().getTime();
    await form.getByTestId('postpone-from').fill(local(now - 5 * DAY, 'Europe/Copenhagen'));
    await form.getByTestId('postpone-to').fill(local(now - 4 * DAY, 'Europe/Copenhagen'));
    await form
      .getByTestId('postpone-reasons')
      .fill(
        'Terror alert level 4: reads of the border crossings must be kept until the investigation ends.',
      );
    await form.getByTestId('postpone-submit').click();
    const item = dkPage.getByTestId('postponements').locator('li').first();
    await item.waitFor();
    const affected = Number(
      (await item.getByTestId('postpone-affected').textContent())!.replace(/\D/g, ''),
    );
    expect(affected).toBeGreaterThan(0);
    await item.getByRole('button').click();
    await dkPage.getByTestId('postpone-saved').waitFor();
    const logged = dk.ref.audit
      .list({ officerId: account.id, limit: 20 })
      .entries.find((e) => e.body.action === 'postponement.decision');
    expect(logged?.body.resultCount).toBe(affected);
    await dkPage.screenshot({ path: join(shots, 'commissioner-postponement.png') });
    await dkPage.screenshot({ path: join(docs, 'commissioner-postponement.png') });
  });
});

/** A browser shell for another reference platform (its own clock, Danish rules, a locale). */
function runBrowserShellFor(ref: TestReference, locale: string) {
  return startShell(
    {
      ...process.env,
      ANPR_PLATFORM_URL: ref.url,
      ANPR_DATA_DIR: mkdtempSync(join(tmpdir(), 'anpr-e2e-commissioner-')),
      ANPR_LOCALE: locale,
      ANPR_POLICY: 'dk',
    },
    ref.clock,
  );
}
