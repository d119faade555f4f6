/**
 * Test fixtures: named Belgian camera sites, a compact way to write reads,
 * and the same data behind both sources (memory, and a real SQLite table in
 * an in-memory better-sqlite3-multiple-ciphers database).
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { memorySource, type MemoryRead } from './memory-source.ts';
import { createReadsTable, insertReads } from './reads-table.ts';
import type { AnalysisSource } from './source.ts';
import { sqliteSource } from './sqlite-source.ts';

export const SITES = {
  oostende: { lat: 51.2154, lon: 2.9286 },
  brugge: { lat: 51.2093, lon: 3.2247 },
  gent: { lat: 51.0543, lon: 3.7174 },
  aalst: { lat: 50.9378, lon: 4.0403 },
  brussel: { lat: 50.8503, lon: 4.3517 },
  leuven: { lat: 50.8798, lon: 4.7005 },
  liege: { lat: 50.6326, lon: 5.5797 },
  antwerpen: { lat: 51.2194, lon: 4.4025 },
  mechelen: { lat: 51.0259, lon: 4.4776 },
  namur: { lat: 50.4674, lon: 4.872 },
  mons: { lat: 50.4542, lon: 3.9567 },
  hasselt: { lat: 50.9307, lon: 5.3325 },
} as const;
export type Site = keyof typeof SITES;

let counter = 0;

/** A read of `plate` at camera `site` (unit id = site name) at an ISO time. */
export function read(
  plate: string,
  at: string,
  site: Site,
  extra: Partial<MemoryRead> = {},
): MemoryRead {
  counter++;
  return {
    id: `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`,
    plate,
    capturedAt: Date.parse(at),
    ...SITES[site],
    unitId: site,
    direction: null,
    confidence: 0.9,
    ...extra,
  };
}

/** `at` plus `seconds`, as ISO. */
export function plus(at: string, seconds: number): string {
  return new Date(Date.parse(at) + seconds * 1000).toISOString();
}

export type SourceKind = 'memory' | 'sqlite';
export const SOURCE_KINDS: readonly SourceKind[] = ['memory', 'sqlite'];

const open: Database.Database[] = [];

export function makeSource(kind: SourceKind, rows: readonly MemoryRead[]): AnalysisSource {
  if (kind === 'memory') return memorySource(rows);
  const db = new Database(':memory:');
  open.push(db);
  createReadsTable(db);
  insertReads(db, rows);
  return sqliteSource(db);
}

export function closeSources(): void {
  for (const db of open.splice(0)) db.close();
}
