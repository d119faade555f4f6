/**
 * Demo cases built around the planted scenarios, the demo officers, and the
 * audit pattern of the officer who abuses his access (planted by the platform
 * seeding, here only as plain data).
 */
import type { Case } from '../../common/case.ts';
import type { GroundTruth } from './scenarios.ts';
import { formatPlate } from '../../common/plates.ts';
import { DAY_MS, HOUR, formatLocal, localDay, localDayNumber } from './time.ts';
import { createRng } from './prng.ts';

export const CASE_IDS = {
  convoy: 'seed-case-1',
  cloned: 'seed-case-2',
  stakeout: 'seed-case-3',
  hotlist: 'seed-case-4',
  oldReads: 'seed-case-5',
} as const;

export const DEMO_OFFICER_USERNAMES = [
  'detective1',
  'detective2',
  'prosecutor1',
  'supervisor1',
  'commissioner1',
  'admin1',
  'abuser1',
] as const;
export type DemoUsername = (typeof DEMO_OFFICER_USERNAMES)[number];

export const DEMO_OFFICERS: ReadonlyArray<{
  username: DemoUsername;
  displayName: string;
  roles: ReadonlyArray<'detective' | 'prosecutor' | 'supervisor' | 'commissioner' | 'admin'>;
}> = [
  { username: 'detective1', displayName: 'Insp. An Peeters', roles: ['detective'] },
  { username: 'detective2', displayName: 'Insp. Karim Dubois', roles: ['detective'] },
  { username: 'prosecutor1', displayName: 'Subst. Els Maes', roles: ['prosecutor'] },
  { username: 'supervisor1', displayName: 'Comm. Luc Janssens', roles: ['supervisor'] },
  { username: 'commissioner1', displayName: 'Hoofdcomm. Marie Lambert', roles: ['commissioner'] },
  { username: 'admin1', displayName: 'Platform admin', roles: ['admin'] },
  { username: 'abuser1', displayName: 'Insp. Tom Willems', roles: ['detective'] },
];

/**
 * A demo case. `assignedOfficers` holds demo usernames: map them to officer ids
 * when the identity store uses other ids.
 */
export interface SeedCase extends Case {
  /** Which ground-truth scenarios belong to the case. */
  scenarios: Array<
    'convoy' | 'clonedPlate' | 'repeatRoute' | 'hotlistHits' | 'stakeout' | 'oldReads'
  >;
}

const JUDICIAL_BASIS =
  'Code of Criminal Procedure art. 28bis (investigation under the public prosecutor); Act on the Police Function art. 44/11/3decies (access to ANPR technical databases)';
const ADMIN_BASIS =
  'Act on the Police Function art. 44/11/3decies (administrative police, public safety); Act on the Police Function art. 14 and 25/3';

export function buildCases(gt: GroundTruth, endMs: number): SeedCase[] {
  const year = new Date(endMs).getUTCFullYear();
  const startMs = Date.parse(gt.period.from);
  const minute = (ms: number): string => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
  const created = (daysAgo: number): string => minute(endMs - daysAgo * DAY_MS);
  const plate = (v: { plate: string; country: string }): string => formatPlate(v.plate, v.country);
  const stakeFrom = Date.parse(gt.stakeout.from);
  const cases: SeedCase[] = [
    {
      id: CASE_IDS.convoy,
      number: `AN.20.L3.${year}/4127`,
      title: 'Drug trafficking route Antwerpen–Liège',
      offence: 'Trafficking in narcotics (Act of 24 February 1921, art. 2bis)',
      legalBasis: JUDICIAL_BASIS,
      purpose: 'judicial',
      status: 'open',
      assignedOfficers: ['detective1', 'detective2'],
      createdAt: created(28),
      scope: `Suspect vehicle ${plate(gt.convoy.target)} (${gt.convoy.target.colour} ${gt.convoy.target.make} ${gt.convoy.target.model}) and vehicles travelling with it.`,
      scenarios: ['convoy'],
    },
    {
      id: CASE_IDS.cloned,
      number: `LI.21.L1.${year}/1893`,
      title: 'Cloned registration plate, Liège area',
      offence: 'Forgery and use of a false registration plate (Criminal Code art. 193, 196, 197)',
      legalBasis: JUDICIAL_BASIS,
      purpose: 'judicial',
      status: 'open',
      assignedOfficers: ['detective1', 'abuser1'],
      // Long-running cases predate the period.
      createdAt: minute(startMs - 10 * DAY_MS),
      scope: `Plate ${plate(gt.clonedPlate)}: the registered keeper's ${gt.clonedPlate.vehicles[0]?.colour ?? ''} ${gt.clonedPlate.vehicles[0]?.make ?? ''} lives in Ostend; sightings of a ${gt.clonedPlate.vehicles[1]?.colour ?? ''} ${gt.clonedPlate.vehicles[1]?.make ?? ''} around Liège.`,
      scenarios: ['clonedPlate'],
    },
    {
      id: CASE_IDS.stakeout,
      number: `NA.37.L2.${year}/0562`,
      title: 'Night-time ram raid on a jewellery shop, Namur',
      offence:
        'Theft with breaking and entering at night by several persons (Criminal Code art. 461, 467, 471)',
      legalBasis: JUDICIAL_BASIS,
      purpose: 'judicial',
      status: 'open',
      assignedOfficers: ['detective1', 'abuser1'],
      // Opened the morning after the raid.
      createdAt: minute(stakeFrom + 7 * HOUR),
      scope: `Vehicles near ${gt.stakeout.place.name} on ${formatLocal(stakeFrom)}–${formatLocal(Date.parse(gt.stakeout.to)).slice(11)} (Brussels time); a van seen on ${gt.repeatRoute.weekdayName} evenings on the Herstal–Namur route (possible reconnaissance).`,
      scenarios: ['stakeout', 'repeatRoute'],
    },
    {
      id: CASE_IDS.hotlist,
      number: `BR.66.AD.${year}/0311`,
      title: 'Hotlist follow-up: uninsured, unroadworthy and signalled vehicles',
      offence:
        'Driving an uninsured vehicle (Act of 21 November 1989, art. 22) and other hotlist reasons',
      legalBasis: ADMIN_BASIS,
      purpose: 'administrative',
      status: 'open',
      assignedOfficers: ['detective1', 'abuser1'],
      createdAt: minute(startMs - 60 * DAY_MS),
      scope:
        'Hits on the DIV, ANG, judicial, SIS II and organised-crime hotlists: stop and check, no route analysis.',
      scenarios: ['hotlistHits'],
    },
    {
      id: CASE_IDS.oldReads,
      number: `KO.60.L5.${year}/0788`,
      title: 'Fatal hit-and-run, Kortrijk',
      offence:
        'Hit-and-run (Road Traffic Act art. 33) and involuntary manslaughter (Criminal Code art. 419)',
      legalBasis: JUDICIAL_BASIS,
      purpose: 'judicial',
      status: 'open',
      assignedOfficers: ['detective2'],
      createdAt: created(10),
      scope: gt.oldReads
        ? `Suspect vehicle ${plate(gt.oldReads.vehicle)} (${gt.oldReads.vehicle.colour} ${gt.oldReads.vehicle.make} ${gt.oldReads.vehicle.model}); the collision is older than one month.`
        : 'Suspect vehicle not identified yet.',
      scenarios: gt.oldReads ? ['oldReads'] : [],
    },
  ];
  return cases;
}

export interface AbuseEvent {
  at: string;
  username: 'abuser1';
  action: 'search';
  caseId: string;
  plate: string;
  reasonCode: 'other';
  /** One word: fails the Justification schema, so plant it directly in the audit log. */
  justification: string;
}

/**
 * The pattern a supervisor should catch: one plate (an ordinary resident's car,
 * unrelated to any case) looked up again and again, late at night or at the
 * weekend, under whichever case the officer happens to be on, with one-word
 * justifications. Timestamps fall inside the seeded period.
 */
export function abuserAuditPattern(
  gt: GroundTruth,
  cases: readonly SeedCase[],
  seed: number,
): AbuseEvent[] {
  const rng = createRng(seed, 0xab05e);
  const from = Date.parse(gt.period.from);
  const to = Date.parse(gt.period.to);
  const words = ['check', 'control', 'verify', 'info', 'routine', 'check'];
  const events: AbuseEvent[] = [];
  const firstDay = localDayNumber(from) + 1;
  const lastDay = localDayNumber(to) - 1;
  for (let d = firstDay; d <= lastDay; d++) {
    const day = localDay(d);
    const weekend = day.weekday === 0 || day.weekday === 6;
    if (!rng.chance(weekend ? 0.45 : 0.22)) continue;
    // 22:00-05:00 local on weekdays, any hour at weekends.
    const h = weekend ? rng.range(0, 24) : rng.range(22, 29);
    const t = Math.floor(day.midnightUtc + h * HOUR);
    if (t < from || t > to) continue;
    // Only cases that already exist (and that he is on) can carry the search.
    const open = cases.filter(
      (c) => gt.abuse.caseIds.includes(c.id) && Date.parse(c.createdAt) <= t,
    );
    if (open.length === 0) continue;
    events.push({
      at: new Date(t).toISOString(),
      username: 'abuser1',
      action: 'search',
      caseId: rng.pick(open).id,
      plate: gt.abuse.plate,
      reasonCode: 'other',
      justification: rng.pick(words),
    });
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}
