import { createAuditLog } from './audit/log.ts';
import type { ApiDeps } from './api/deps.ts';
import {
  abuserPattern,
  buildWorld,
  generateReads,
  writeGroundTruth,
  type SeedOptions,
} from './seed/index.ts';
import type { Read } from '../common/read.ts';
import type { SeedProgress } from './seed-progress.ts';
import { SYSTEM_ACTOR } from '../common/audit.ts';
import { addRecipient, migrateRecipients } from './recipients/register.ts';
import { SEED_RECIPIENTS } from './seed/recipients.ts';
import { CameraRegisterEntry } from '../common/camera-register.ts';
import { legalBasesOf, POLICY_PACKS } from '../common/policy.ts';
import { addManualOutage, importCameraRegister } from './data/camera-register.ts';
import { createAdminCase } from './admin/cases.ts';
import type { AdminVia } from './admin/context.ts';
import { migrateAdmin } from './admin/migrations.ts';
import {
  addEntry,
  categoryOf,
  createGovernedHotlist,
  type AdminContext,
} from './hotlists/admin.ts';

/**
 * Who builds the demo world in the audit trail: the platform itself (the
 * `system` actor, as for the recipient register), with `via: seed` on every
 * entry, so no demo administrator appears to have made these changes.
 */
const SEED_ACTOR = SYSTEM_ACTOR;
const SEED_VIA: AdminVia = { channel: 'seed' };

/**
 * Loads Synthetic Belgium into a running reference platform through the
 * same data layer as real ingest (hotlist matching, retention): cameras,
 * hotlists, cases (demo usernames mapped to officer ids), reads, the ground
 * truth file, and the planted abusive audit pattern.
 */
export interface LoadReport {
  skipped: boolean;
  cameras: number;
  cases: number;
  reads: number;
  hits: number;
  expired: number;
  seconds: number;
  groundTruthFile: string | null;
}

export const DEMO_SEED: Omit<SeedOptions, 'end'> = { seed: 20261122, days: 45 };

export async function loadSeedWorld(
  deps: ApiDeps,
  options: Partial<SeedOptions> & {
    log?: (message: string) => void;
    /** Called per batch of reads (see seed-progress.ts for the display). */
    progress?: (p: SeedProgress) => void;
  } = {},
): Promise<LoadReport> {
  const { store, ctx } = deps;
  const started = performance.now();
  const log = options.log ?? (() => {});
  if ((await store.listCameras()).length > 0) {
    return {
      skipped: true,
      cameras: 0,
      cases: 0,
      reads: 0,
      hits: 0,
      expired: 0,
      seconds: 0,
      groundTruthFile: null,
    };
  }
  const now = ctx.clock();
  const { log: _log, progress, ...seedOptions } = options;
  const opts: SeedOptions = { ...DEMO_SEED, end: now, ...seedOptions };
  log(`Building Synthetic Belgium (seed ${opts.seed}, ${opts.days} days)…`);
  const world = buildWorld(opts);
  const pack = POLICY_PACKS[ctx.policy];

  // Cameras through the register's own import (its validation: operator,
  // type, position), each connected since its rollout date so the seeded
  // reads start then; the historic outages as outages entered by hand.
  const byCamera = new Map(world.cameras.map((c) => [c.id, Date.parse(c.connectedSince)]));
  const imported = importCameraRegister(
    ctx.db,
    {
      format: 'csv',
      rows: world.cameras.map((c, i) => ({
        line: i + 2,
        entry: CameraRegisterEntry.parse({
          id: c.id,
          site: c.site,
          lat: c.lat,
          lon: c.lon,
          direction: c.direction,
          road: c.road,
          operator: c.operator,
          unitType: c.unitType,
          heading: c.heading,
          lanes: c.lanes,
        }),
      })),
      rejected: [],
    },
    SEED_ACTOR.officerId,
    now,
    byCamera,
  );
  if (imported.rejected.length > 0)
    throw new Error(`Seed cameras refused by the register: ${JSON.stringify(imported.rejected)}`);
  let outages = 0;
  for (const c of world.cameras)
    for (const o of c.outages) {
      addManualOutage(
        ctx.db,
        { cameraId: c.id, from: o.from, to: o.to, reason: 'Demo seed: historic outage' },
        SEED_ACTOR.officerId,
        now,
      );
      outages++;
    }
  deps.audit.append({
    actor: SEED_ACTOR,
    operation: 'alteration',
    action: 'camera.import',
    caseId: null,
    purpose: null,
    reasonCode: null,
    justification: 'Demo seed: the camera register of Synthetic Belgium.',
    parameters: {
      via: 'seed',
      format: imported.format,
      inserted: imported.inserted,
      updated: imported.updated,
      unchanged: imported.unchanged,
      outages,
    },
    resultCount: imported.inserted + imported.updated,
    outcome: 'allowed',
    outcomeReason: null,
    recipient: null,
  });

  // Hotlists through the governed administration (platform/hotlists/admin.ts):
  // owner, the category's legal basis from the pack, purpose, one category,
  // an expiry a year ahead, and entries with their reason and validity, each
  // change audited. A pack without hotlist categories keeps the plain path.
  if (pack.hotlistCategories) {
    const admin: AdminContext = {
      db: ctx.db,
      pack,
      // Named as the seed's, as the API and the CLI name theirs (via api|cli).
      audit: {
        append: (entry) =>
          deps.audit.append({ ...entry, parameters: { ...entry.parameters, via: 'seed' } }),
      },
      actor: SEED_ACTOR,
      now,
    };
    const expiresAt = new Date(now.getTime() + 365 * 86_400_000).toISOString();
    for (const h of world.hotlists) {
      const category = categoryOf(pack, h.categories[0] ?? 0);
      createGovernedHotlist(admin, {
        id: h.id,
        name: h.name,
        owner: h.source,
        legalBasis: category.legalBasis,
        purpose: h.purpose,
        category: category.id,
        expiresAt,
        reason: 'Demo seed: a hotlist of Synthetic Belgium.',
      });
      for (const e of h.entries)
        addEntry(admin, h.id, {
          plate: e.plate,
          country: e.country,
          entryReason: e.reason,
          validFrom: e.addedAt,
          validUntil: null,
          reason: 'Demo seed: a listed plate of Synthetic Belgium.',
        });
    }
  } else {
    for (const h of world.hotlists) {
      await store.createHotlist({ id: h.id, name: h.name, source: h.source }, now);
      await store.addHotlistEntries(
        h.id,
        h.entries.map((e) => ({
          plate: e.plate,
          category: e.category,
          reason: e.reason,
          validFrom: e.addedAt,
        })),
        now,
      );
    }
  }

  // The recipient register, through its own domain function (audited as the system).
  migrateRecipients(ctx.db);
  for (const r of SEED_RECIPIENTS)
    addRecipient(
      { db: ctx.db, audit: deps.audit, actor: SYSTEM_ACTOR, now, via: { via: 'seed' } },
      r,
    );

  const idOf = (username: string): string => {
    const account = ctx.identity.accounts.byUsername(username);
    if (!account)
      throw new Error(
        `Seed case names officer ${username}, who has no account (seed the demo accounts first).`,
      );
    return account.id;
  };
  // Cases through the administration's own function: a legal basis from the
  // policy pack's list, officers who hold the detective role, one audit entry
  // each. A pack that does not list the seed's (Belgian) basis keeps the
  // plain store path, so the Belgian world still loads under it.
  migrateAdmin(ctx.db, ctx.clock);
  const bases = legalBasesOf(pack);
  for (const c of world.cases) {
    const createdAt = new Date(c.createdAt);
    const basis = bases.find((b) => b.provision === c.legalBasis && b.purposes.includes(c.purpose));
    if (basis) {
      createAdminCase(
        {
          db: ctx.db,
          accounts: ctx.identity.accounts,
          audit: deps.audit,
          pack,
          clock: () => createdAt,
        },
        SEED_ACTOR,
        SEED_VIA,
        {
          number: c.number,
          title: c.title,
          purpose: c.purpose,
          legalBasis: basis.id,
          offence: c.offence,
          scope: c.scope,
          assignedOfficers: c.assignedOfficers,
          justification: `Demo seed: case ${c.number} of Synthetic Belgium.`,
        },
        { id: c.id },
      );
      continue;
    }
    await store.createCase(
      {
        id: c.id,
        number: c.number,
        title: c.title,
        offence: c.offence,
        legalBasis: c.legalBasis,
        purpose: c.purpose,
        scope: c.scope,
        assignedOfficers: c.assignedOfficers.map(idOf),
      },
      { now: createdAt },
    );
  }

  log(`Generating and storing reads for ${world.cameras.length} cameras…`);
  const reads = generateReads(world, opts);
  const report = await store.bulkIngest(progress ? withProgress(reads, opts, progress) : reads, {
    now,
  });
  const groundTruthFile = writeGroundTruth(ctx.dataDir, world.groundTruth);

  // The planted abuse predates today: write it with its own timestamps.
  let at = now;
  const historic = createAuditLog(ctx.db, () => at);
  const abuser = ctx.identity.accounts.byUsername('abuser1');
  for (const e of abuserPattern(world)) {
    at = new Date(e.at);
    historic.append({
      actor: { officerId: abuser?.id ?? 'abuser1', username: 'abuser1', role: 'detective' },
      operation: 'consultation',
      action: 'reads.plate-history',
      caseId: e.caseId,
      purpose: 'judicial',
      reasonCode: e.reasonCode,
      justification: e.justification,
      parameters: { plate: e.plate, mode: 'exact' },
      resultCount: 0,
      outcome: 'allowed',
      outcomeReason: null,
      recipient: null,
    });
  }

  const seconds = (performance.now() - started) / 1000;
  log(
    `Seeded ${report.accepted.toLocaleString('en')} reads (${report.hits} hotlist hits) in ${seconds.toFixed(1)} s.`,
  );
  return {
    skipped: false,
    cameras: world.cameras.length,
    cases: world.cases.length,
    reads: report.accepted,
    hits: report.hits,
    expired: report.expired,
    seconds,
    groundTruthFile,
  };
}

/** Passes the batches through, reporting how far into the seeded period they reach. */
function* withProgress(
  batches: Iterable<Read[]>,
  opts: SeedOptions,
  report: (p: SeedProgress) => void,
): Generator<Read[]> {
  const end = opts.end.getTime();
  const start = end - opts.days * 86_400_000;
  let reads = 0;
  let fraction = 0;
  for (const batch of batches) {
    reads += batch.length;
    const last = batch.at(-1);
    if (last)
      fraction = Math.min(1, Math.max(0, (Date.parse(last.capturedAt) - start) / (end - start)));
    report({ reads, fraction });
    yield batch;
  }
  report({ reads, fraction: 1, done: true });
}
