import { useEffect, useState } from 'react';

// Once any page has hydrated, later pages render in the browser only: they start hydrated.
let hydrating = true;

/**
 * False on the server and during hydration, true once JavaScript runs the page: a control
 * can then leave its no-JavaScript form (a submit button) for its scripted one.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(() => !hydrating);
  useEffect(() => {
    hydrating = false;
    setHydrated(true);
  }, []);
  return hydrated;
}
