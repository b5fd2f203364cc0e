import { useEffect, useState } from 'react';

/** The current time, refreshed every `ms` while `ticking` (for durations of things still running). */
export function useNow(ticking: boolean, ms = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ticking, ms]);
  return now;
}
