/**
 * Where data markers sit on screen, so that place names can be placed next to
 * them instead of on top (a city's camera cluster sits exactly on its name).
 * Positions are Leaflet layer points, valid until the next zoom.
 */
import type L from 'leaflet';

export interface Disc {
  x: number;
  y: number;
  r: number;
}

export const OBSTACLES_EVENT = 'anpr:obstacles';

const registry = new WeakMap<L.Map, Map<string, Disc[]>>();

export function setObstacles(map: L.Map, owner: string, discs: Disc[]): void {
  let byOwner = registry.get(map);
  if (!byOwner) registry.set(map, (byOwner = new Map()));
  byOwner.set(owner, discs);
  map.fire(OBSTACLES_EVENT);
}

export function clearObstacles(map: L.Map, owner: string): void {
  if (registry.get(map)?.delete(owner)) map.fire(OBSTACLES_EVENT);
}

export function obstaclesOf(map: L.Map): Disc[] {
  return [...(registry.get(map)?.values() ?? [])].flat();
}
