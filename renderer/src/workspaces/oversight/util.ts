import { useCallback, useEffect, useRef, useState } from 'react';
import { fromZoneInput, toZoneInput } from '../../zone-input.ts';

/** `YYYY-MM-DDTHH:mm` in the officer's display zone (not the OS's), for <input type="datetime-local">. */
export function localInput(d: Date | string): string {
  return toZoneInput(d);
}

/** `YYYY-MM-DD` for <input type="date">. */
export function dateInput(d: Date | string): string {
  return localInput(d).slice(0, 10);
}

/** The ISO instant of a datetime-local value (display zone), or null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  return value ? fromZoneInput(value) : null;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const DAY_MS = 86_400_000;

export function splitPlates(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Days between two instants, rounded down; `now` is the workstation's (renderer/src/clock.ts). */
export function ageDays(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / DAY_MS));
}

/**
 * Loads a value and keeps the last good one while reloading; `reload`
 * re-runs the loader. Errors are kept as text for the officer.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  // The caller lists what the loader depends on, as with useEffect.
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const v = await run();
      if (mine === seq.current) setValue(v);
    } catch (e) {
      if (mine === seq.current) setError(errorText(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { value, error, loading, reload, setValue };
}
