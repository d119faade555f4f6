import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBrowserShell } from '../../main/host/index.ts';
import { toZoneInput } from '../../renderer/src/zone-input.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { launchChromium } from './browser.ts';
import { signInThroughPopup } from './sign-in.ts';

/**
 * The administration workspace in Chromium (#14 item 7), as admin1 uses it:
 * a case on a legal basis picked from the policy pack's list, detective2
 * assigned by name, a new officer whose TOTP enrolment is shown once, and the
 * case closed with a reason; each change lands in the platform's chain with
 * the justification typed here. A refusal shows the platform's message
 * naming the field, and the tables work from the keyboard. The recipient
 * register takes a foreign prosecutor's office by its kind and marks a
 * private party as always refused.
 */
let t: TestReference;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let browser: Browser;
let page: Page;
const docs = join(process.cwd(), 'docs', 'screenshots');
const CASE_NUMBER = 'LE.21.LL.2026/0042';

const WHY = {
  create:
    'Burglary series in Leuven: the investigating judge opened a file and asked for ANPR support.',
  assign: 'Detective Two leads the Leuven burglary enquiry from this week on, per the unit chief.',
  unassign: 'Detective One moves to the Ghent unit and no longer works on the Leuven burglaries.',
  officer:
    'New detective joins the Leuven burglary team; account requested by Commissioner Peeters.',
  recipient:
    'Joint investigation team with the Hague prosecutor agreed by the federal prosecutor this month.',
  recipientEdit:
    'The Hague prosecutor’s office moved its postal address; letter of 3 March on file.',
  recipientRetire:
    'The joint investigation team with The Hague ended; no further disclosures are foreseen.',
  cameras:
    'Leuven city cameras join the platform; the register from the city’s traffic department, March 2026.',
  outage:
    'Leuven city reports camera LEU-007 knocked over by a lorry; repair is planned for next week.',
  hotlist:
    'Stolen-vehicle signals for the Leuven burglary series, decided at the weekly briefing with the judge.',
  entry:
    'The cloned plate of the Liège case must be flagged wherever it passes a camera from now on.',
  rerun: 'New entry for the cloned plate: earlier passages still retained are needed for the file.',
  close:
    'The prosecutor dropped the Leuven burglary file; case data must no longer be kept anywhere.',
};

beforeAll(async () => {
  mkdirSync(docs, { recursive: true });
  t = await startTestReference();
  shell = await runBrowserShell({
    env: {
      ...process.env,
      ANPR_PLATFORM_URL: t.url,
      ANPR_DATA_DIR: mkdtempSync(join(tmpdir(), 'anpr-e2e-admin-')),
      ANPR_LOCALE: 'en',
    },
    clock: t.clock,
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(shell.host.launchUrl);
  await signInThroughPopup(page, t, 'admin1');
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  await t?.close();
});

/** The platform chain's latest entry by admin1 for an administrative action (the list is newest first). */
function platformEntry(action: string) {
  return t.ref.audit
    .list({ chain: 'platform', officerId: t.accounts.admin1!.id, limit: 500 })
    .entries.map((e) => e.body)
    .find((b) => b.action === action);
}

/** A screenshot of the screen as the officer sees it, scrolled to the top. */
async function shot(name: string) {
  await page.evaluate(() => document.getElementById('main')?.scrollTo(0, 0));
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    for (const el of document.querySelectorAll('.adm-detail')) el.scrollTo(0, 0);
  });
  await page.screenshot({ path: join(docs, `admin-${name}.png`) });
}

async function openCase(number: string) {
  await page.getByTestId('cases-table-row').filter({ hasText: number }).click();
  await page
    .getByTestId('case-detail')
    .getByRole('heading', { name: new RegExp(number.replace(/[./]/g, '\\$&')) })
    .waitFor();
}

describe('administration workspace', () => {
  it('opens for an administrator, with officers listed by name and navigable from the keyboard', async () => {
    await page.getByTestId('workspace-admin').waitFor();
    const table = page.getByTestId('officers-table');
    await table.getByText(t.accounts.detective2!.displayName, { exact: true }).waitFor();
    // Keyboard only: focus the table, go to the end, then one row up: that officer opens.
    await table.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    const rows = page.getByTestId('officers-table-row');
    const count = await rows.count();
    await expect(rows.nth(count - 2).getAttribute('aria-selected')).resolves.toBe('true');
    const name = await rows
      .nth(count - 2)
      .getByTestId('officer-row-name')
      .innerText();
    await page.getByTestId('officer-detail').getByRole('heading', { name }).waitFor();
    await page.keyboard.press('Home');
    await expect(rows.first().getAttribute('aria-selected')).resolves.toBe('true');
  });

  it('creates a case on a legal basis from the list, with the platform naming a refused field', async () => {
    await page.getByTestId('tab-cases').click();
    await page.getByTestId('case-new').click();
    const form = page.getByTestId('case-create-form');
    await form.getByTestId('case-create-number').fill(CASE_NUMBER);
    await form.getByTestId('case-create-title').fill('Leuven burglary series');
    // The legal basis is picked from the pack's list, never typed.
    const options = form.getByTestId('case-create-basis').locator('option:not([value=""])');
    expect(await options.count()).toBeGreaterThan(0);
    const basisId = (await options.first().getAttribute('value'))!;
    const basisText = (await options.first().innerText()).trim();
    await form.getByTestId('case-create-basis').selectOption(basisId);
    await form
      .getByTestId('case-create-scope')
      .fill('Vans seen near the burgled houses, Leuven, March.');
    await form.getByTestId('case-create-form-why').fill(WHY.create);
    await page.screenshot({ path: join(docs, 'admin-case-create.png') });
    await form.getByTestId('case-create-form-submit').click();
    await page.getByTestId('admin-done').getByText(`case ${CASE_NUMBER} created`).waitFor();
    await page
      .getByTestId('case-detail')
      .getByText(basisText.replace(/ \(.*\)$/, ''))
      .first()
      .waitFor();
    expect(platformEntry('admin.case-create')).toMatchObject({
      outcome: 'allowed',
      justification: WHY.create,
      actor: { username: 'admin1' },
    });

    // The same number again: the platform refuses, and the screen says what and where.
    await page.getByTestId('case-new').click();
    await form.getByTestId('case-create-number').fill(CASE_NUMBER);
    await form.getByTestId('case-create-title').fill('Leuven burglary series, again');
    await form.getByTestId('case-create-basis').selectOption(basisId);
    await form.getByTestId('case-create-form-why').fill(WHY.create);
    await form.getByTestId('case-create-form-submit').click();
    const error = page.getByTestId('case-create-form-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/number/i);
    await page.keyboard.press('Escape');
    await page.getByTestId('case-create').waitFor({ state: 'detached' });
  });

  it('assigns detective2 by name', async () => {
    await openCase(CASE_NUMBER);
    const detective2 = t.accounts.detective2!;
    const assign = page.getByTestId('case-assign');
    await assign.getByTestId('case-assign-officer').selectOption(detective2.username);
    await assign.getByTestId('case-assign-why').fill(WHY.assign);
    await assign.getByTestId('case-assign-submit').click();
    await page
      .getByTestId('case-officers')
      .getByTestId('case-officer-name')
      .getByText(detective2.displayName, { exact: true })
      .waitFor();
    // Names, never ids, in the table too.
    const row = page.getByTestId('cases-table-row').filter({ hasText: CASE_NUMBER });
    expect(await row.innerText()).toContain(detective2.displayName);
    expect(await row.innerText()).not.toContain(detective2.id);
    expect(platformEntry('admin.case-assign')).toMatchObject({
      outcome: 'allowed',
      justification: WHY.assign,
    });

    // Taken off again from the keyboard-reachable form under the officer's name.
    const detective1 = t.accounts.detective1!;
    await assign.getByTestId('case-assign-officer').selectOption(detective1.username);
    await assign.getByTestId('case-assign-why').fill(WHY.assign);
    await assign.getByTestId('case-assign-submit').click();
    await page.getByTestId('case-officers').getByText(detective1.displayName).waitFor();
    await page.getByTestId('case-officers').getByText(detective1.displayName).click();
    const unassign = page.getByTestId(`case-unassign-${detective1.username}`);
    await unassign.getByTestId(`case-unassign-${detective1.username}-why`).fill(WHY.unassign);
    await unassign.getByTestId(`case-unassign-${detective1.username}-submit`).click();
    await page
      .getByTestId('case-officers')
      .getByText(detective1.displayName)
      .waitFor({ state: 'detached' });
    expect(platformEntry('admin.case-unassign')).toMatchObject({
      outcome: 'allowed',
      justification: WHY.unassign,
    });
    await shot('cases');
  });

  it('creates an officer whose TOTP enrolment is shown once', async () => {
    await page.getByTestId('tab-officers').click();
    await page.getByTestId('officer-new').click();
    const form = page.getByTestId('officer-create-form');
    await form.getByTestId('officer-create-username').fill('detective7');
    await form.getByTestId('officer-create-name').fill('Detective Seven');
    await form.getByTestId('officer-create-form-why').fill(WHY.officer);
    await form.getByTestId('officer-create-form-submit').click();
    const uri = page.getByTestId('one-time-uri');
    await uri.waitFor();
    expect(await uri.innerText()).toMatch(/^otpauth:\/\/totp\/.*detective7.*secret=/i);
    // Generated by the platform, shown once with the URI.
    expect((await page.getByTestId('one-time-password').innerText()).length).toBeGreaterThanOrEqual(
      12,
    );
    await page
      .getByTestId('officers-table')
      .getByText('Detective Seven', { exact: true })
      .waitFor();
    expect(platformEntry('admin.officer-create')).toMatchObject({
      outcome: 'allowed',
      justification: WHY.officer,
    });
    // Neither the URI nor the password went into the platform's audit trail.
    expect(JSON.stringify(platformEntry('admin.officer-create'))).not.toContain('otpauth');
    await shot('officers');

    await page.getByTestId('one-time-close').click();
    await page.getByTestId('one-time-secret').waitFor({ state: 'detached' });
    // Reopening the officer or the workspace shows it no more: nothing keeps it.
    await page.getByTestId('officers-table-row').filter({ hasText: 'Detective Seven' }).click();
    await page.getByTestId('officer-detail').waitFor();
    await page.getByTestId('tab-cases').click();
    await page.getByTestId('tab-officers').click();
    expect(await page.getByTestId('one-time-uri').count()).toBe(0);
  });

  it('closes the case with a reason', async () => {
    await page.getByTestId('tab-cases').click();
    await openCase(CASE_NUMBER);
    const close = page.getByTestId('case-close');
    await close
      .getByTestId('case-close-reason-input')
      .fill('Prosecution dropped: no suspect identified.');
    await close.getByTestId('case-close-why').fill(WHY.close);
    await close.getByTestId('case-close-submit').click();
    await page.getByTestId('admin-done').getByText(`case ${CASE_NUMBER} closed`).waitFor();
    // Gone from the open cases; among the closed, with its reason.
    await page.getByTestId('cases-filter').selectOption('closed');
    await openCase(CASE_NUMBER);
    expect(await page.getByTestId('case-close-reason').innerText()).toBe(
      'Prosecution dropped: no suspect identified.',
    );
    expect(await page.getByTestId('case-close').count()).toBe(0);
    expect(platformEntry('admin.case-close')).toMatchObject({
      outcome: 'allowed',
      justification: WHY.close,
    });
    await shot('cases-closed');
  });
});

describe('camera register', () => {
  it('imports 20 cameras from a CSV, reports a bad line by its field, and shows a camera down', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => {
      const n = String(i + 1).padStart(3, '0');
      return `LEU-${n},Leuven ring ${n},${(50.87 + i * 0.001).toFixed(4)},${(4.69 + i * 0.001).toFixed(4)},northbound,R23,local,fixed`;
    });
    const csv = [
      'id,site name,lat,lon,direction,road,operator,type',
      ...rows,
      'LEU-BAD,Nowhere,95.1,4.7,north,R23,local,fixed',
    ].join('\n');
    await page.getByTestId('tab-cameras').click();
    await page.getByTestId('cameras-table').waitFor();
    await page.getByTestId('cameras-import').click();
    const form = page.getByTestId('cameras-import-form');
    await form.getByTestId('cameras-import-content').fill(csv);
    await form.getByTestId('cameras-import-form-why').fill(WHY.cameras);
    await form.getByTestId('cameras-import-form-submit').click();
    const report = page.getByTestId('cameras-import-report');
    await report.waitFor();
    expect(await report.locator('h2').innerText()).toMatch(
      /CSV: 20 added, 0 updated, 0 unchanged, 1 rejected/,
    );
    // The rejected row by its line (header = line 1) and the field at fault.
    expect(await report.getByTestId('cameras-import-rejected').innerText()).toMatch(
      /Line 22: .*lat/,
    );
    expect(platformEntry('camera.import')).toMatchObject({
      outcome: 'allowed',
      justification: WHY.cameras,
    });

    await page.getByTestId('cameras-table-row').filter({ hasText: 'LEU-007' }).click();
    const add = page.getByTestId('outage-add');
    await add.getByTestId('outage-add-reason').fill('Mast knocked over by a lorry');
    await add.getByTestId('outage-add-why').fill(WHY.outage);
    await add.getByTestId('outage-add-submit').click();
    await page.getByTestId('camera-outages').getByText('Mast knocked over by a lorry').waitFor();
    const row = page.getByTestId('cameras-table-row').filter({ hasText: 'LEU-007' });
    await row.getByTestId('camera-down').waitFor();
    // Down now comes first: what the administrator has to act on.
    expect(await page.getByTestId('cameras-table-row').first().innerText()).toContain('LEU-007');
    await shot('cameras');
  });
});

describe('hotlists and operations', () => {
  it('creates a list with its category, adds an entry with its reason and runs it on retained reads', async () => {
    const plate = t.groundTruth.clonedPlate.plate;
    await page.getByTestId('tab-hotlists').click();
    await page.getByTestId('hotlists-table').waitFor();
    await page.getByTestId('hotlist-new').click();
    const form = page.getByTestId('hotlist-create-form');
    await form.getByTestId('hotlist-create-name').fill('Leuven burglaries: vehicles of interest');
    await form.getByTestId('hotlist-create-owner').fill('Federal Judicial Police Leuven');
    // The category comes from the policy pack's list, and proposes its provision.
    await form.getByTestId('hotlist-create-category').selectOption('3');
    expect(await form.getByTestId('hotlist-create-basis').inputValue()).not.toBe('');
    await form
      .getByTestId('hotlist-create-purpose')
      .fill('Locate vehicles tied to the Leuven burglary series during the investigation.');
    await form.getByTestId('hotlist-create-form-why').fill(WHY.hotlist);
    await form.getByTestId('hotlist-create-form-submit').click();
    await page.getByTestId('admin-done').getByText('created').waitFor();
    expect(platformEntry('hotlist.create')).toMatchObject({
      outcome: 'allowed',
      justification: WHY.hotlist,
    });

    const add = page.getByTestId('hotlist-entry-add');
    await add.getByTestId('hotlist-entry-plate').fill(plate);
    await add.getByTestId('hotlist-entry-country').fill(t.groundTruth.clonedPlate.country);
    await add.getByTestId('hotlist-entry-reason').fill('Cloned plate, Liège case file');
    // Valid from before the world's reads, so the re-run finds the plate's past passages.
    await add
      .getByTestId('hotlist-entry-from')
      .fill(toZoneInput(new Date(t.clock().getTime() - 60 * 86_400_000)));
    await add.getByTestId('hotlist-entry-add-why').fill(WHY.entry);
    await add.getByTestId('hotlist-entry-add-submit').click();
    await page.getByTestId('hotlist-entries').getByText(plate).waitFor();

    const rerun = page.getByTestId('hotlist-rerun');
    await rerun.getByTestId('hotlist-rerun-why').fill(WHY.rerun);
    await rerun.getByTestId('hotlist-rerun-submit').click();
    const result = await page.getByTestId('hotlist-rerun-result').innerText();
    const hits = Number(/(\d+) hits/.exec(result)?.[1]);
    expect(hits).toBeGreaterThan(0);
    expect(platformEntry('hotlist.rerun')).toMatchObject({
      outcome: 'allowed',
      justification: WHY.rerun,
    });
    await shot('hotlists');
  });
});

describe('recipient register', () => {
  const PROSECUTOR = 'Openbaar Ministerie, Arrondissementsparket Den Haag';

  it('adds a foreign prosecutor’s office by kind, edits and retires it, each change with its reason', async () => {
    await page.getByTestId('tab-recipients').click();
    await page.getByTestId('recipients-table').waitFor();
    await page.getByTestId('recipient-new').click();
    const form = page.getByTestId('recipient-create-form');
    await form.getByTestId('recipient-create-form-name').fill(PROSECUTOR);
    await form.getByTestId('recipient-create-form-kind').selectOption('prosecution');
    await form.getByTestId('recipient-create-form-country').fill('nl');
    await form.getByTestId('recipient-create-form-contact').fill('Postbus 20302, 2500 EH Den Haag');
    await form
      .getByTestId('recipient-create-form-basis')
      .fill('EU Directive 2014/41 (European Investigation Order)');
    await form.getByTestId('recipient-create-form-why').fill(WHY.recipient);
    await form.getByTestId('recipient-create-form-submit').click();
    await page.getByTestId('admin-done').getByText(`${PROSECUTOR} added to the register`).waitFor();
    const row = page.getByTestId('recipients-table-row').filter({ hasText: PROSECUTOR });
    expect(await row.innerText()).toMatch(/Prosecution\s+NL\s+Permitted/);
    expect(platformEntry('recipient.add')).toMatchObject({
      outcome: 'allowed',
      justification: WHY.recipient,
    });

    // A private party is marked as always refused, whatever its name says.
    const insurer = page.getByTestId('recipients-table-row').filter({ hasText: /Private party/ });
    expect(await insurer.count()).toBeGreaterThan(0);
    expect(await insurer.first().innerText()).toContain('Always refused');
    await shot('recipients');

    const edit = page.getByTestId('recipient-edit');
    await edit.getByTestId('recipient-edit-contact').fill('Postbus 20302, 2500 EH Den Haag, NL');
    await edit.getByTestId('recipient-edit-why').fill(WHY.recipientEdit);
    await edit.getByTestId('recipient-edit-submit').click();
    await page.getByTestId('admin-done').getByText(`${PROSECUTOR} changed`).waitFor();

    const retire = page.getByTestId('recipient-retire');
    await retire.getByTestId('recipient-retire-why').fill(WHY.recipientRetire);
    await retire.getByTestId('recipient-retire-submit').click();
    await page.getByTestId('admin-done').getByText(`${PROSECUTOR} retired`).waitFor();
    expect(await row.innerText()).toContain('Retired');
    expect(platformEntry('recipient.retire')).toMatchObject({
      outcome: 'allowed',
      justification: WHY.recipientRetire,
    });
  });
});

describe('in Dutch and French', () => {
  it('shows the workspace in the officer’s language', async () => {
    await page.getByTestId('locale-select').selectOption('nl');
    await page.getByTestId('tab-officers').getByText('Agenten').waitFor();
    await page.getByTestId('tab-officers').click();
    await page.getByRole('heading', { name: 'Beheer' }).waitFor();
    await shot('officers-nl');
    await page.getByTestId('locale-select').selectOption('fr');
    await page.getByTestId('tab-cameras').getByText('Caméras & pannes').waitFor();
    await page.getByTestId('locale-select').selectOption('en');
    await page.getByTestId('tab-cameras').getByText('Cameras & outages').waitFor();
  });
});
