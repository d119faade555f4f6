/**
 * Day-by-day behaviour of the background population. Each vehicle keeps the
 * time it is next free (and trucks their position), so consecutive trips of a
 * vehicle never overlap or teleport.
 */
import type { Rng } from './prng.ts';
import { pickCumulative } from './prng.ts';
import { BORDER_TOWNS } from './roads.ts';
import { HOUR, type LocalDay } from './time.ts';
import {
  drive,
  gravityTown,
  homePlace,
  pointInTown,
  townIndex,
  workPlace,
  type Place,
  type Sink,
  type Vehicle,
  type WorldModel,
} from './world.ts';

export interface PlanState {
  freeAt: Float64Array;
  truckTown: Int32Array;
}

export function newPlanState(m: WorldModel): PlanState {
  return {
    freeAt: new Float64Array(m.vehicles.length),
    truckTown: Int32Array.from(m.vehicles, (v) => v.home),
  };
}

function placeIn(m: WorldModel, rng: Rng, town: number, cams?: number): Place {
  const p = pointInTown(m, rng, town, cams);
  return { town, lat: p.lat, lon: p.lon, cams: p.cams };
}

export function planDay(m: WorldModel, rng: Rng, day: LocalDay, st: PlanState, sink: Sink): void {
  const mid = day.midnightUtc;
  const wd = day.weekday;
  const weekend = wd === 0 || wd === 6;
  const at = (h: number): number => mid + Math.max(0.02, h) * HOUR;
  const vs = m.vehicles;
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i] as Vehicle;
    if (v.kind === 'scripted') continue;
    const free = st.freeAt[i] as number;
    const opts = { cruise: v.cruise * rng.range(0.93, 1.05), rushDay: weekend ? null : mid };
    switch (v.kind) {
      case 'commuter': {
        if (!weekend && rng.chance(0.9)) {
          const arr = drive(
            m,
            rng,
            i,
            homePlace(v),
            workPlace(v),
            Math.max(free, at(v.departH + rng.normal() * 0.15)),
            sink,
            opts,
          );
          const back = drive(
            m,
            rng,
            i,
            workPlace(v),
            homePlace(v),
            arr + (v.stayH + rng.normal() * 0.3) * HOUR,
            sink,
            opts,
          );
          st.freeAt[i] = back;
        } else if (weekend && rng.chance(0.25)) {
          st.freeAt[i] = outing(m, rng, i, v, Math.max(free, at(rng.range(9, 18))), sink, opts);
        }
        break;
      }
      case 'local': {
        const u = rng.next();
        const n = u < 0.25 ? 0 : u < 0.6 ? 1 : u < 0.95 ? 2 : 3;
        let t = Math.max(free, at(rng.range(7, 12)));
        for (let k = 0; k < n; k++) {
          t = outing(m, rng, i, v, t, sink, opts);
          t += rng.range(0.5, 4) * HOUR;
        }
        st.freeAt[i] = t;
        break;
      }
      case 'occasional': {
        const p = weekend ? 0.35 : wd === 5 ? 0.1 : 0.04;
        if (!rng.chance(p)) break;
        const dest = gravityTown(m, rng, v.home, 40);
        const to = placeIn(m, rng, dest);
        const arr = drive(
          m,
          rng,
          i,
          homePlace(v),
          to,
          Math.max(free, at(rng.range(8.5, 13.5))),
          sink,
          opts,
        );
        st.freeAt[i] = drive(
          m,
          rng,
          i,
          to,
          homePlace(v),
          arr + rng.range(1.5, 7) * HOUR,
          sink,
          opts,
        );
        break;
      }
      case 'visitor': {
        if (!rng.chance(weekend ? 0.3 : 0.08)) break;
        const arr = drive(
          m,
          rng,
          i,
          homePlace(v),
          workPlace(v),
          Math.max(free, at(v.departH + rng.normal() * 0.5)),
          sink,
          opts,
        );
        st.freeAt[i] = drive(
          m,
          rng,
          i,
          workPlace(v),
          homePlace(v),
          arr + v.stayH * HOUR,
          sink,
          opts,
        );
        break;
      }
      case 'truck': {
        if (!rng.chance(wd === 0 ? 0.12 : wd === 6 ? 0.35 : 0.85)) break;
        const runs = rng.chance(0.45) ? 2 : 1;
        let t = Math.max(free, at(v.departH + rng.normal() * 0.5));
        for (let r = 0; r < runs; r++) {
          const origin = st.truckTown[i] as number;
          let dest = origin;
          for (let k = 0; k < 10 && dest === origin; k++) {
            const border = BORDER_TOWNS[v.country];
            dest =
              border && rng.chance(0.5)
                ? townIndex(m, rng.pick(border))
                : (m.freightTowns[pickCumulative(rng, m.freightCum)] as number);
          }
          if (dest === origin) break;
          const arr = drive(
            m,
            rng,
            i,
            placeIn(m, rng, origin, 1),
            placeIn(m, rng, dest, 1),
            t,
            sink,
            opts,
          );
          st.truckTown[i] = dest;
          t = arr + rng.range(0.75, 2.5) * HOUR;
        }
        st.freeAt[i] = t;
        break;
      }
    }
  }
}

/** A round trip inside the home town: out past a camera or two, a stop, and back. */
function outing(
  m: WorldModel,
  rng: Rng,
  i: number,
  v: Vehicle,
  depart: number,
  sink: Sink,
  opts: { cruise: number },
): number {
  const to = placeIn(m, rng, v.home, 1);
  const arr = drive(m, rng, i, homePlace(v), to, depart, sink, opts);
  return drive(m, rng, i, to, homePlace(v), arr + rng.range(0.3, 3) * HOUR, sink, opts);
}
