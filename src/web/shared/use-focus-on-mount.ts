import { useEffect, useRef } from 'react';

/**
 * Moves keyboard focus to an element (a screen's heading, with `tabIndex={-1}`) when it mounts,
 * so keyboard and screen-reader users start on the new screen instead of at the top of the page.
 */
export function useFocusOnMount<T extends HTMLElement>(enabled = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (enabled) ref.current?.focus();
  }, [enabled]);
  return ref;
}
