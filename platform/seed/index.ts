/**
 * "Synthetic Belgium": a deterministic demo and benchmark world for the
 * reference platform. Cameras on real towns and motorways, a vehicle
 * population with plausible habits, planted investigative scenarios with their
 * ground truth, and a streamed read generator. Everything follows from `seed`
 * and `end`; nothing reads the clock.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Camera, Read } from '../../common/read.ts';
import { buildCameraNet } from './cameras.ts';
import { abuserAuditPattern, buildCases, type AbuseEvent, type SeedCase } from './cases.ts';
import { HOTLIST_DEFS, type Hotlist } from './hotlists.ts';
import { createRng } from './prng.ts';
import { streamReads } from './reads.ts';
import { buildRoadGraph } from './roads.ts';
import { plantScenarios, type GroundTruth } from './scenarios.ts';
import { DAY_MS } from './time.ts';
import { createModelBase, populate, type WorldModel } from './world.ts';

export { GEONAMES_CREDIT, NATURAL_EARTH_CREDIT, insideBelgium, belgiumOutline } from './geo.ts';
export {
  CASE_IDS,
  DEMO_OFFICERS,
  DEMO_OFFICER_USERNAMES,
  type AbuseEvent,
  type DemoUsername,
  type SeedCase,
} from './cases.ts';
export { CATEGORY_REASONS, HOTLIST_DEFS, type Hotlist, type HotlistEntry } from './hotlists.ts';
export type {
  ClonedPlateTruth,
  ConvoyTruth,
  GroundTruth,
  HotlistHitTruth,
  OldReadsTruth,
  RepeatRouteTruth,
  Sighting,
  StakeoutTruth,
  VehicleRef,
} from './scenarios.ts';

export const DEFAULT_CAMERAS = 5000;
/** Gives ~3 million reads over the default 45 days. */
export const DEFAULT_VEHICLES = 9_000;

export interface SeedOptions {
  seed: number;
  /** Length of the period, ending at `end`. At least 7; 35+ to plant the old-reads scenario. */
  days: number;
  /** End of the period ("now" for the demo). */
  end: Date;
  cameras?: number;
  vehicles?: number;
}

const SeedOptionsSchema = z.object({
  seed: z.number().int(),
  days: z.number().int().min(7).max(400),
  end: z.date().refine((d) => Number.isFinite(d.getTime()), 'end must be a valid date'),
  cameras: z.number().int().min(200).max(50_000).optional(),
  vehicles: z.number().int().min(50).max(5_000_000).optional(),
});

export interface SeedWorld {
  options: Required<SeedOptions>;
  cameras: Camera[];
  hotlists: Hotlist[];
  cases: SeedCase[];
  groundTruth: GroundTruth;
  /** Internal model the read stream is rendered from. */
  model: WorldModel;
}

/** Cameras, vehicles, scenarios and ground truth (fast: no reads yet). */
export function buildWorld(opts: SeedOptions): SeedWorld {
  const parsed = SeedOptionsSchema.safeParse(opts);
  if (!parsed.success) throw new Error(`invalid seed options: ${z.prettifyError(parsed.error)}`);
  const options: Required<SeedOptions> = {
    seed: opts.seed,
    days: opts.days,
    end: new Date(opts.end.getTime()),
    cameras: opts.cameras ?? DEFAULT_CAMERAS,
    vehicles: opts.vehicles ?? DEFAULT_VEHICLES,
  };
  const endMs = options.end.getTime();
  const startMs = endMs - options.days * DAY_MS;
  const graph = buildRoadGraph();
  const net = buildCameraNet(createRng(options.seed, 1), graph, {
    total: options.cameras,
    startMs,
    endMs,
  });
  const ids = new Set<string>();
  for (const c of net.cameras) {
    if (ids.has(c.id)) throw new Error(`duplicate camera id ${c.id}`);
    ids.add(c.id);
  }
  const model = createModelBase(options.seed, startMs, endMs, graph, net);
  populate(model, createRng(options.seed, 2), options.vehicles);
  const { groundTruth, hotlistEntries } = plantScenarios(
    model,
    createRng(options.seed, 3),
    options.seed,
  );
  const hotlists: Hotlist[] = HOTLIST_DEFS.map((d) => ({
    ...d,
    categories: [...d.categories],
    entries: hotlistEntries.filter((e) => e.hotlistId === d.id).map(({ hotlistId: _, ...e }) => e),
  }));
  return {
    options,
    cameras: net.cameras,
    hotlists,
    cases: buildCases(groundTruth, endMs),
    groundTruth,
    model,
  };
}

/**
 * Reads of the world in capture order, `batchSize` at a time. The second
 * argument may repeat the options the world was built with (checked) or be the
 * batch size. Each call replays the same stream.
 */
export function generateReads(
  world: SeedWorld,
  optsOrBatch?: SeedOptions | number,
  batchSize = 10_000,
): Generator<Read[]> {
  if (typeof optsOrBatch === 'number') batchSize = optsOrBatch;
  else if (optsOrBatch) {
    const o = world.options;
    if (
      optsOrBatch.seed !== o.seed ||
      optsOrBatch.days !== o.days ||
      optsOrBatch.end.getTime() !== o.end.getTime()
    )
      throw new Error('generateReads: options differ from those the world was built with');
  }
  return streamReads(world.model, batchSize);
}

/** Writes `ground-truth.json` (synthetic plates only) into `dir`; returns its path. */
export function writeGroundTruth(dir: string, gt: GroundTruth): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ground-truth.json');
  writeFileSync(file, JSON.stringify(gt, null, 2) + '\n', { mode: 0o600 });
  return file;
}

/** The abusive audit pattern of `abuser1`, as plain data to plant in the audit log. */
export function abuserPattern(world: SeedWorld): AbuseEvent[] {
  return abuserAuditPattern(world.groundTruth, world.cases, world.options.seed);
}
