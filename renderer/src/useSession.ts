import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionStatus } from '../../common/api/contract.ts';
import { api } from './api.ts';
import { workstationClock } from './clock.ts';

/**
 * Session state as the main process sees it. Polled quickly while a sign-in
 * is under way (the browser tab completes it), slowly otherwise (to notice the
 * idle lock). Officer input counts as activity, throttled so typing does not
 * flood the API.
 */
export function useSession(initial: SessionStatus) {
  // Every status carries the workstation's time: the clock takes it before
  // React renders anything from it, so the first workspace render already
  // has the workstation's now (not the browser's).
  const [session, setSessionState] = useState(() => {
    workstationClock.observe(initial.now);
    return initial;
  });
  const setSession = useCallback((next: SessionStatus) => {
    workstationClock.observe(next.now);
    setSessionState(next);
  }, []);
  const lastTouch = useRef(0);

  const refresh = useCallback(async () => {
    setSession(await api['session.status']({}));
  }, [setSession]);

  useEffect(() => {
    const delay = session.state === 'signing-in' ? 1000 : 15_000;
    const timer = setInterval(() => void refresh().catch(() => {}), delay);
    return () => clearInterval(timer);
  }, [session.state, refresh]);

  useEffect(() => {
    if (session.state !== 'active') return;
    const onActivity = () => {
      // Elapsed time between inputs, not a date: the browser's monotonic clock is right here.
      const now = performance.now();
      if (now - lastTouch.current < 30_000) return;
      lastTouch.current = now;
      void api['session.touch']({}).then(setSession, () => {});
    };
    window.addEventListener('keydown', onActivity, { passive: true });
    window.addEventListener('pointerdown', onActivity, { passive: true });
    return () => {
      window.removeEventListener('keydown', onActivity);
      window.removeEventListener('pointerdown', onActivity);
    };
  }, [session.state, setSession]);

  return { session, setSession, refresh };
}
