/**
 * Hotlists: plates flagged for one of the 13 Danish hit categories (executive
 * order on ANPG, § 4), each entry with the Belgian reason an officer would see.
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
  /** Who feeds the list. */
  source: string;
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

export const HOTLIST_DEFS: ReadonlyArray<Omit<Hotlist, 'entries'>> = [
  {
    id: 'hl-div',
    name: 'DIV: inspection, insurance, cancelled registrations',
    source: 'FPS Mobility DIV / insurers (via FPS)',
    categories: [1, 2, 3],
  },
  {
    id: 'hl-ang',
    name: 'ANG: stolen vehicles and plates',
    source: 'Federal police ANG',
    categories: [4, 5, 8],
  },
  {
    id: 'hl-judicial',
    name: 'Judicial signals: persons and driving bans',
    source: 'Public prosecutor / ANG',
    categories: [6, 7, 9],
  },
  { id: 'hl-sis', name: 'Schengen SIS II alerts', source: 'SIRENE Belgium', categories: [10, 11] },
  {
    id: 'hl-oc',
    name: 'Serious and organised crime monitoring',
    source: 'Federal judicial police (DJSOC)',
    categories: [12, 13],
  },
];

export function hotlistForCategory(category: number): string {
  const def = HOTLIST_DEFS.find((d) => d.categories.includes(category));
  if (!def) throw new Error(`no hotlist for category ${category}`);
  return def.id;
}
