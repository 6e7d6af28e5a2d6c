import { useEffect, useState } from 'react';

/** A tiny history router for /recruiter/*: pages are chosen from the pathname. */
export function navigate(path: string): void {
  window.history.pushState({}, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return path;
}

export function useQueryParam(name: string): string | null {
  usePath();
  return new URLSearchParams(window.location.search).get(name);
}
