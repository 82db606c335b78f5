/** The wall clock, re-read every `everyMs` while `running` (timers on the page: rings, talk time, hold, wrap-up). */
import { useEffect, useState } from 'react';

export function useNow(running: boolean, everyMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [running, everyMs]);
  return now;
}
