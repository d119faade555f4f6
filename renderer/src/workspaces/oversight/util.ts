import { useCallback, useEffect, useRef, useState } from 'react';

/** `YYYY-MM-DDTHH:mm` in the browser's local time, for <input type="datetime-local">. */
export function localInput(d: Date | string): string {
  const x = typeof d === 'string' ? new Date(d) : d;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${x.getFullYear()}-${pad(x.getMonth() + 1)}-${pad(x.getDate())}T${pad(x.getHours())}:${pad(x.getMinutes())}`;
}

/** `YYYY-MM-DD` for <input type="date">. */
export function dateInput(d: Date | string): string {
  return localInput(d).slice(0, 10);
}

/** The ISO instant of a datetime-local value (local time), or null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
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

/** Days between two instants, rounded down. */
export function ageDays(iso: string, now = Date.now()): number {
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
