/**
 * Unsent answers kept in sessionStorage, so a refresh or a pause does not lose what the candidate
 * typed. Storage can be disabled; drafts then live only as long as the page.
 */
const PREFIX = 'excel-interviewer:draft:';

export function loadDraft(key: string): string {
  try {
    return sessionStorage.getItem(PREFIX + key) ?? '';
  } catch {
    return '';
  }
}

export function saveDraft(key: string, text: string): void {
  try {
    if (text) sessionStorage.setItem(PREFIX + key, text);
    else sessionStorage.removeItem(PREFIX + key);
  } catch {
    // Storage is unavailable: nothing to do.
  }
}
