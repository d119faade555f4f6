import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY_PACKS } from '../../common/policy.ts';
import { runBrowserShell } from '../../main/host/index.ts';
import { createKeytarStore, KeychainAccounts } from '../../main/core/keychain.ts';
import { caseStorePath } from '../../main/core/store/paths.ts';
import { DEFAULT_HEARTBEAT_INTERVAL_MS } from '../../platform/data/camera-register.ts';
import { UnitStore } from '../../platform/ingest/units.ts';
import { startTestReference, type TestReference } from '../../platform/testing/reference.ts';
import { hitCategoryLabel } from '../../renderer/src/workspaces/detective/hits.ts';
import { launchChromium } from './browser.ts';
import { signInThroughPopup } from './sign-in.ts';

/**
 * #14's "done when", end to end in Chromium through the browser shell: an
 * agency sets up a case on a platform the seed did not prepare for it, and
 * the detective's evidence and the case's end follow from that set-up alone.
 *   1. admin1 creates a case, imports 20 cameras from a CSV, adds a hotlist
 *      with one entry and assigns detective2 (administration workspace);
 *   2. the cameras' units send reads and heartbeats over the ingest API; one
 *      falls silent past its heartbeat interval and admin1 sees it down;
 *   3. detective2 pulls the case: the silent camera is a coverage gap on the
 *      map and the listed van's reads are hits with their category;
 *   4. admin1 closes the case with a reason; at detective2's next contact
 *      their workstation shreds its copy (key and file) and says why.
 * Officers share one workstation here, each from a fresh browser profile
 * (the provider keeps a sign-in session per browser); the platform and the
 * workstation run on the same injected test clock.
 */
let t: TestReference;
let shell: Awaited<ReturnType<typeof runBrowserShell>>;
let browser: Browser;
let page: Page | undefined;
let dataDir: string;
const errors: string[] = [];
const shots = join(process.cwd(), 'test-results');

const CASE_NUMBER = 'LE.21.LL.2026/0314';
/** The van the hotlist entry names (normalised, as the platform stores plates). */
const VAN = '2AVK447';
const CATEGORY = 5; // "Vehicle reported stolen (ANG)" in the Belgian pack
const SILENT = 'LEU-007';
/** How often the other units are heard from: well inside the heartbeat interval. */
const STEP = 5 * 60_000;
const CLOSE_REASON = 'Van recovered and the suspects charged; the court file holds the evidence.';
const WHY = {
  create:
    'Burglary series in Leuven with a stolen van: the investigating judge asked for ANPR support.',
  assign: 'Detective Two leads the Leuven van enquiry from this week on, per the unit chief.',
  cameras:
    'Leuven ring cameras join the platform; register from the city traffic department, March 2026.',
  hotlist:
    'Stolen-vehicle signals for the Leuven burglary series, decided at the weekly briefing with the judge.',
  entry: 'The van used in the Leuven burglaries was reported stolen on the ANG this morning.',
  close: 'The prosecutor closed the Leuven van file after the charges; no case data may remain.',
  pull: 'Movements of the stolen van used in the Leuven burglaries, for the investigating judge.',
};
const label = hitCategoryLabel(POLICY_PACKS.be.hotlistCategories!.categories, CATEGORY, 'en')!;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestReference();
  shell = await runBrowserShell({
    env: {
      ...process.env,
      ANPR_PLATFORM_URL: t.url,
      ANPR_DATA_DIR: (dataDir = mkdtempSync(join(tmpdir(), 'anpr-e2e-admin-flow-'))),
      ANPR_LOCALE: 'en',
      ANPR_TILE_URL: '',
    },
    clock: t.clock,
  });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  await t?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The officer signs in on the workstation from a browser profile of their own. */
async function signInAs(username: string): Promise<Page> {
  if (page) {
    if (await page.getByTestId('officer-name').isVisible()) {
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in').waitFor();
    }
    await page.context().close();
  }
  const p = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(shell.host.launchUrl);
  await signInThroughPopup(p, t, username);
  return (page = p);
}

async function openAdminCase(p: Page) {
  await p.getByTestId('cases-table-row').filter({ hasText: CASE_NUMBER }).click();
  await p
    .getByTestId('case-detail')
    .getByRole('heading', { name: new RegExp(CASE_NUMBER.replace(/[./]/g, '\\$&')) })
    .waitFor();
}

/** One NDJSON batch from a unit, over HTTP with its own credential. */
async function ingest(token: string, records: Array<Record<string, unknown>>) {
  const res = await fetch(`${t.url}/api/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
    body: records.map((r) => JSON.stringify(r) + '\n').join(''),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { accepted: number; hits: number };
}

async function heartbeat(token: string) {
  const res = await fetch(`${t.url}/api/v1/ingest/heartbeat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
}

/** The van passing a camera: no position of its own, the registered camera's is taken. */
const vanRead = (capturedAt: number) => ({
  id: randomUUID(),
  plateRaw: '2-AVK-447',
  country: 'BE',
  capturedAt: new Date(capturedAt).toISOString(),
  confidence: 0.94,
});

describe('administration to shredding, in Chromium', () => {
  it('an agency’s own case, cameras and hotlist reach the detective, and the case’s end erases it', async () => {
    // --- 1. admin1 sets up the case, the cameras and the hotlist ------------------
    let p = await signInAs('admin1');
    await p.getByTestId('workspace-admin').waitFor();

    await p.getByTestId('tab-cases').click();
    await p.getByTestId('case-new').click();
    const create = p.getByTestId('case-create-form');
    await create.getByTestId('case-create-number').fill(CASE_NUMBER);
    await create.getByTestId('case-create-purpose').selectOption('judicial');
    await create.getByTestId('case-create-title').fill('Leuven burglaries: the stolen van');
    const basis = create.getByTestId('case-create-basis').locator('option:not([value=""])');
    await create
      .getByTestId('case-create-basis')
      .selectOption((await basis.first().getAttribute('value'))!);
    await create.getByTestId('case-create-scope').fill('The stolen van and its passages, Leuven.');
    await create.getByTestId('case-create-form-why').fill(WHY.create);
    await create.getByTestId('case-create-form-submit').click();
    await p.getByTestId('admin-done').getByText(`case ${CASE_NUMBER} created`).waitFor();
    const caseId = (await t.ref.store.listCases()).find((c) => c.number === CASE_NUMBER)!.id;

    const cameraIds = Array.from({ length: 20 }, (_, i) => `LEU-${String(i + 1).padStart(3, '0')}`);
    const csv = [
      'id,site name,lat,lon,direction,road,operator,type',
      ...cameraIds.map(
        (id, i) =>
          `${id},Leuven ring ${i + 1},${(50.86 + i * 0.004).toFixed(4)},${(4.68 + i * 0.003).toFixed(4)},northbound,R23,local,fixed`,
      ),
    ].join('\n');
    await p.getByTestId('tab-cameras').click();
    await p.getByTestId('cameras-import').click();
    const importForm = p.getByTestId('cameras-import-form');
    await importForm.getByTestId('cameras-import-content').fill(csv);
    await importForm.getByTestId('cameras-import-form-why').fill(WHY.cameras);
    await importForm.getByTestId('cameras-import-form-submit').click();
    const report = p.getByTestId('cameras-import-report');
    await report.waitFor();
    expect(await report.locator('h2').innerText()).toMatch(
      /CSV: 20 added, 0 updated, 0 unchanged, 0 rejected/,
    );

    await p.getByTestId('tab-hotlists').click();
    await p.getByTestId('hotlist-new').click();
    const list = p.getByTestId('hotlist-create-form');
    await list.getByTestId('hotlist-create-name').fill('Leuven burglaries: stolen vehicles');
    await list.getByTestId('hotlist-create-owner').fill('Federal Judicial Police Leuven');
    await list.getByTestId('hotlist-create-category').selectOption(String(CATEGORY));
    await list
      .getByTestId('hotlist-create-purpose')
      .fill('Locate vehicles stolen for the Leuven burglary series during the investigation.');
    await list.getByTestId('hotlist-create-form-why').fill(WHY.hotlist);
    await list.getByTestId('hotlist-create-form-submit').click();
    await p.getByTestId('admin-done').getByText('created').waitFor();
    // The entry is valid from now (the form's default): only reads from here on are hits.
    const entry = p.getByTestId('hotlist-entry-add');
    await entry.getByTestId('hotlist-entry-plate').fill(VAN);
    await entry.getByTestId('hotlist-entry-country').fill('BE');
    await entry.getByTestId('hotlist-entry-reason').fill('Van reported stolen, ANG signal');
    await entry.getByTestId('hotlist-entry-add-why').fill(WHY.entry);
    await entry.getByTestId('hotlist-entry-add-submit').click();
    await p.getByTestId('hotlist-entries').getByText(VAN).waitFor();

    await p.getByTestId('tab-cases').click();
    await openAdminCase(p);
    const detective2 = t.accounts.detective2!;
    const assign = p.getByTestId('case-assign');
    await assign.getByTestId('case-assign-officer').selectOption(detective2.username);
    await assign.getByTestId('case-assign-why').fill(WHY.assign);
    await assign.getByTestId('case-assign-submit').click();
    await p
      .getByTestId('case-officers')
      .getByTestId('case-officer-name')
      .getByText(detective2.displayName, { exact: true })
      .waitFor();

    // --- 2. the units send; one falls silent and is shown down --------------------
    // Each camera's fixed unit has its own credential (units are machines, not officers).
    const units = new UnitStore(t.ref.platform.ctx.db, t.clock);
    const tokens = new Map(
      cameraIds.map((id) => [
        id,
        units.create({ id, unitType: 'fixed', operator: 'local', source: 'LeuvenCam' }, 'e2e')
          .token,
      ]),
    );
    // A few minutes after the entry was listed, so every read falls inside its validity.
    t.clock.advance(3 * 60_000);
    for (const id of cameraIds) await heartbeat(tokens.get(id)!);
    const t0 = t.clock().getTime();
    // The van passes LEU-005, then the camera that will fall silent.
    expect(await ingest(tokens.get('LEU-005')!, [vanRead(t0 - 60_000)])).toMatchObject({
      accepted: 1,
      hits: 1,
    });
    expect(await ingest(tokens.get(SILENT)!, [vanRead(t0 - 30_000)])).toMatchObject({
      accepted: 1,
      hits: 1,
    });
    // Past the heartbeat interval in five-minute steps: every unit but one is heard
    // from at each step (never silent past its interval), and the van passes LEU-012.
    for (let silent = 0; silent <= DEFAULT_HEARTBEAT_INTERVAL_MS; silent += STEP) {
      t.clock.advance(STEP);
      for (const id of cameraIds.filter((c) => c !== SILENT)) await heartbeat(tokens.get(id)!);
    }
    expect(
      await ingest(tokens.get('LEU-012')!, [vanRead(t.clock().getTime() - 90_000)]),
    ).toMatchObject({ accepted: 1, hits: 1 });

    // admin1 comes back to the workstation (idle, it locked their session meanwhile);
    // the Cameras tab reads the register after the platform's heartbeat check.
    p = await signInAs('admin1');
    await p.getByTestId('tab-cameras').click();
    await p
      .getByTestId('cameras-table-row')
      .filter({ hasText: SILENT })
      .getByTestId('camera-down')
      .waitFor();
    // The only one of the 20 down (the others kept sending), and listed before them.
    const rows = p.getByTestId('cameras-table-row');
    const leuvenDown = await rows
      .filter({ hasText: /LEU-\d{3}/ })
      .filter({ has: p.getByTestId('camera-down') })
      .allInnerTexts();
    expect(leuvenDown).toHaveLength(1);
    expect(leuvenDown[0]).toContain(SILENT);
    const order = (await rows.allInnerTexts()).flatMap((text, i) =>
      /LEU-\d{3}/.test(text) ? [{ silent: text.includes(SILENT), i }] : [],
    );
    expect(order).toHaveLength(20);
    expect(order[0]!.silent).toBe(true);
    // Marked by the platform itself, in its chain, from the unit's last contact.
    const down = t.ref.audit
      .list({ chain: 'platform', limit: 500 })
      .entries.map((e) => e.body)
      .filter((b) => b.action === 'camera.outage.down');
    // Only the silent camera was ever marked down: the others were never silent past their interval.
    expect(down.map((b) => (b.parameters as { cameraId: string }).cameraId)).toEqual([SILENT]);

    // --- 3. detective2 pulls the case: the gap and the hit with its category -------
    p = await signInAs('detective2');
    await p.getByTestId(`case-${caseId}`).click();
    await p.getByTestId('case-workspace').waitFor();
    await p.getByTestId('add-data').click();
    await p.getByTestId('pull-form').waitFor();
    await p.getByTestId('pull-plates').fill(VAN);
    await p.getByTestId('pull-offence').selectOption('be-property');
    await p.getByTestId('pull-justification').fill(WHY.pull);
    await p.getByTestId('pull-submit').click();
    await p.locator('[data-testid="pull"][data-state="done"]').waitFor({ timeout: 90_000 });

    // Stored as the platform sent them: three hits of category 5, at the cameras' registered places.
    const store = await shell.workstation.stores.open(caseId);
    const held = await store.readsByPlate({ plate: VAN });
    expect(held.map((r) => [r.unitId, r.hit, r.hitCategory]).sort()).toEqual([
      ['LEU-005', true, CATEGORY],
      [SILENT, true, CATEGORY],
      ['LEU-012', true, CATEGORY],
    ]);
    const registered = new Map((await t.ref.store.listCameras()).map((c) => [c.id, c]));
    for (const r of held) {
      expect(r.lat).toBeCloseTo(registered.get(r.unitId)!.lat, 6);
      expect(r.lon).toBeCloseTo(registered.get(r.unitId)!.lon, 6);
    }
    expect(existsSync(caseStorePath(dataDir, caseId))).toBe(true);

    // The pull notice says how many hits it brought and names their category in full.
    const notice = p.getByTestId('hit-notice');
    await expect
      .poll(() => notice.textContent(), { timeout: 30_000 })
      .toContain('This pull brought 3 hotlist hit');
    expect(await notice.textContent()).toContain(label);
    // The table's "Hotlist hit" column shows the category, on every read of the van.
    await p.getByTestId('table-scope-all').click();
    const cells = p.getByTestId('read-hit-category');
    await expect
      .poll(() => cells.allTextContents(), { timeout: 30_000 })
      .toEqual([label, label, label]);

    // The coverage gap: the silent camera is drawn as down in the case's period,
    // the Leuven cameras that kept sending are not.
    const gaps = p.locator('.case-map .leaflet-anpr-gaps-pane canvas');
    const drawn = async () =>
      ((await gaps.getAttribute('data-cameras')) ?? '').split(' ').filter(Boolean);
    await expect.poll(drawn, { timeout: 90_000 }).toContain(SILENT);
    expect((await drawn()).filter((id) => id.startsWith('LEU-'))).toEqual([SILENT]);
    const gapLegend = await p
      .locator('.anpr-legend li', { hasText: 'No coverage during the period' })
      .textContent();
    expect(Number(/\((\d+)\)/.exec(gapLegend ?? '')?.[1])).toBeGreaterThanOrEqual(1);
    await p.waitForTimeout(400); // let the map's canvases settle for the picture
    await p.screenshot({ path: join(shots, 'administration-flow-detective.png') });

    // --- 4. admin1 closes the case; detective2's workstation shreds it and says why -
    p = await signInAs('admin1');
    await p.getByTestId('tab-cases').click();
    await openAdminCase(p);
    const close = p.getByTestId('case-close');
    await close.getByTestId('case-close-reason-input').fill(CLOSE_REASON);
    await close.getByTestId('case-close-why').fill(WHY.close);
    await close.getByTestId('case-close-submit').click();
    await p.getByTestId('admin-done').getByText(`case ${CASE_NUMBER} closed`).waitFor();

    // The workstation learns of the closure at its next contact: detective2's case list.
    p = await signInAs('detective2');
    const departed = p.getByTestId(`case-departed-${caseId}`);
    await departed.waitFor();
    const text = (await departed.textContent())!;
    expect(text).toContain(`Case ${CASE_NUMBER} is no longer in your list`);
    expect(text).toMatch(/The case was closed on /);
    expect(text).toContain(`Reason: ${CLOSE_REASON}`);
    expect(text).toContain("This workstation's copy of its reads was erased");
    expect(await p.getByTestId(`case-${caseId}`).count()).toBe(0);
    // Crypto-shredded: the case's key is gone from the keychain and its store file from disk.
    expect(await createKeytarStore().get(KeychainAccounts.case(caseId))).toBeNull();
    expect(existsSync(caseStorePath(dataDir, caseId))).toBe(false);
    expect(errors).toEqual([]);
  });
});
