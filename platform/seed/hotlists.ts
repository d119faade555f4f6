/**
 * Hotlists: plates flagged for one of the 13 hit categories (numbered as the
 * Danish executive order on ANPG, § 4, and the Belgian pack's own list), each
 * entry with the Belgian reason an officer would see. One list per category.
 */

export interface HotlistEntry {
  plate: string;
  country: string | null;
  /** Danish hit category 1..13. */
  category: number;
  reason: string;
  addedAt: string;
}

export interface Hotlist {
  id: string;
  name: string;
  /** Who feeds the list: the owner of the governed list. */
  source: string;
  /** What the list's checks are for (one purpose per list). */
  purpose: string;
  categories: number[];
  entries: HotlistEntry[];
}

export const CATEGORY_REASONS: Readonly<Record<number, string>> = {
  1: 'Periodic technical inspection overdue (Royal Decree of 15 March 1968, art. 23)',
  2: 'No valid motor insurance (Act of 21 November 1989, art. 2)',
  3: 'Registration cancelled by the DIV: vehicle not allowed on the road',
  4: 'Plate reported stolen or lost (ANG signal)',
  5: 'Vehicle reported stolen (ANG signal)',
  6: 'Driver disqualified from driving (Road Traffic Act, art. 38)',
  7: 'Suspected forged or false plate',
  8: 'Vehicle taken for joyriding (ANG signal)',
  9: 'Holder suspected of an offence punishable by at least 1 year 6 months (judicial signal)',
  10: 'SIS II alert: discreet or specific check (art. 36)',
  11: 'SIS II alert: seizure or use as evidence (art. 38)',
  12: 'Serious crime: discreet surveillance (SIS level)',
  13: 'Serious organised crime: systematic monitoring',
};

/**
 * The feeds the demo's lists come from, each split into one list per
 * category: a governed list rests on one category and its legal basis
 * (BVerfG 1 BvR 142/15: the list used must fit the purpose of the check), as
 * the administration's createGovernedHotlist requires.
 */
const FEEDS: ReadonlyArray<{
  id: string;
  name: string;
  source: string;
  purpose: string;
  categories: Readonly<Record<number, string>>;
}> = [
  {
    id: 'hl-div',
    name: 'DIV',
    source: 'FPS Mobility DIV / insurers (via FPS)',
    purpose:
      'Stop and check vehicles that may not be on the road (inspection, insurance, registration).',
    categories: { 1: 'inspection overdue', 2: 'no valid insurance', 3: 'registration cancelled' },
  },
  {
    id: 'hl-ang',
    name: 'ANG',
    source: 'Federal police ANG',
    purpose: 'Find stolen vehicles and plates and vehicles taken for joyriding.',
    categories: { 4: 'stolen or lost plates', 5: 'stolen vehicles', 8: 'joyriding' },
  },
  {
    id: 'hl-judicial',
    name: 'Judicial signals',
    source: 'Public prosecutor / ANG',
    purpose: 'Enforce driving bans and locate vehicles named in judicial signals.',
    categories: { 6: 'driving bans', 7: 'false plates', 9: 'suspects of serious offences' },
  },
  {
    id: 'hl-sis',
    name: 'Schengen SIS II',
    source: 'SIRENE Belgium',
    purpose: 'Carry out the checks that Schengen SIS II alerts on vehicles ask for.',
    categories: { 10: 'discreet or specific check', 11: 'seizure or evidence' },
  },
  {
    id: 'hl-oc',
    name: 'Serious and organised crime',
    source: 'Federal judicial police (DJSOC)',
    purpose: 'Follow vehicles in serious and organised crime investigations.',
    categories: { 12: 'discreet surveillance', 13: 'systematic monitoring' },
  },
];

/** One list per feed and category: `hl-div-1`, `hl-div-2`, … */
export const HOTLIST_DEFS: ReadonlyArray<Omit<Hotlist, 'entries'>> = FEEDS.flatMap((f) =>
  Object.entries(f.categories).map(([c, label]) => ({
    id: `${f.id}-${c}`,
    name: `${f.name}: ${label}`,
    source: f.source,
    purpose: f.purpose,
    categories: [Number(c)],
  })),
);

export function hotlistForCategory(category: number): string {
  const def = HOTLIST_DEFS.find((d) => d.categories.includes(category));
  if (!def) throw new Error(`no hotlist for category ${category}`);
  return def.id;
}
